package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/samling-go/samling/process"
)

// LoadCheckpoint implements [process.Checkpointer]: the checkpoints are
// rows of samling_checkpoints, in the same database as the events.
func (s *Store) LoadCheckpoint(ctx context.Context, name string) (uint64, error) {
	if name == "" {
		return 0, fmt.Errorf("%w: a checkpoint needs a name", process.ErrInvalidOptions)
	}
	var pos int64
	err := s.db.QueryRowContext(ctx, s.rebind(`SELECT position FROM samling_checkpoints WHERE name = ?`), name).Scan(&pos)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, nil
	case err != nil:
		return 0, fault(ctx, "load checkpoint", err)
	}
	return uint64(pos), nil
}

// SaveCheckpoint implements [process.Checkpointer].
func (s *Store) SaveCheckpoint(ctx context.Context, name string, position uint64) error {
	if err := s.checkFile("save checkpoint"); err != nil {
		return err
	}
	return s.saveCheckpoint(ctx, s.db, name, position)
}

// execer is what *sql.DB and *sql.Tx share for writing.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (s *Store) saveCheckpoint(ctx context.Context, ex execer, name string, position uint64) error {
	if name == "" {
		return fmt.Errorf("%w: a checkpoint needs a name", process.ErrInvalidOptions)
	}
	_, err := ex.ExecContext(ctx, s.rebind(`INSERT INTO samling_checkpoints (name, position) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET position = excluded.position`), name, bound(position))
	return fault(ctx, "save checkpoint", err)
}

// TxHandler handles a batch of events inside tx, the transaction that
// also moves the consumer's checkpoint: what it writes through tx and the
// checkpoint commit together, or neither does. It must not commit or roll
// back tx.
type TxHandler func(ctx context.Context, tx *sql.Tx, batch []process.Event) error

// Subscribe runs the consumer name as [process.Subscribe] does, except
// that handle gets a transaction on the store's database, and the
// checkpoint is saved in that transaction before it commits. A handler
// that writes only to this database (a read model's tables, a queue of
// e-mails to send) therefore sees each event effectively once: after a
// crash or a failed attempt, the rolled-back batch comes again and
// nothing of it was kept. So does a batch during which ctx ends: the
// transaction is rolled back, the handler's writes with it. The
// checkpoint is the one [Store.LoadCheckpoint] reads.
//
// On SQLite the transaction holds the database's write lock while handle
// runs, so appends wait for it: keep handlers short.
func (s *Store) Subscribe(ctx context.Context, name string, handle TxHandler, opts *process.SubscribeOptions) error {
	if handle == nil {
		return fmt.Errorf("%w: handler is nil", process.ErrInvalidOptions)
	}
	return process.Consume(ctx, s, name, txConsumer{s: s, name: name, handle: handle}, opts)
}

// txConsumer is the Consumer of Store.Subscribe.
type txConsumer struct {
	s      *Store
	name   string
	handle TxHandler
}

func (c txConsumer) Checkpoint(ctx context.Context) (uint64, error) {
	return c.s.LoadCheckpoint(ctx, c.name)
}

// Handle runs the handler and saves the checkpoint in one transaction.
// The handler's own error comes back as it is; the database's, as the
// store's other faults do.
func (c txConsumer) Handle(ctx context.Context, batch []process.Event, position uint64) error {
	if err := c.s.checkFile("subscription"); err != nil {
		return err
	}
	var handled error
	err := c.s.inTx(ctx, func(tx *sql.Tx) error {
		if handled = c.handle(ctx, tx, batch); handled != nil {
			return handled
		}
		return c.s.saveCheckpoint(ctx, tx, c.name, position)
	})
	if err != nil && err == handled {
		return err
	}
	return fault(ctx, "subscription", err)
}

// wakeup wakes the goroutines waiting for an append: a channel closed and
// replaced at each one.
type wakeup struct {
	mu sync.Mutex
	ch chan struct{}
}

// wait returns the channel the next broadcast closes.
func (w *wakeup) wait() <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ch == nil {
		w.ch = make(chan struct{})
	}
	return w.ch
}

// broadcast wakes every waiter.
func (w *wakeup) broadcast() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ch != nil {
		close(w.ch)
		w.ch = nil
	}
}

// appended is called after every committed append: it wakes this store's
// waiting subscriptions and, on PostgreSQL, those of other programs.
func (s *Store) appended() {
	s.wake.broadcast()
	if s.pg != nil {
		s.pg.notify(s.db)
	}
}

// WaitAppend implements [process.Notifier]. It returns when ReadAll(ctx,
// from) has a record to yield. An append through this Store wakes it at
// once. On PostgreSQL, an append through any other store on the same
// database and schema wakes it by NOTIFY (the store listens on a
// connection of its own, opened at the first wait); on SQLite it looks
// again every [Options.PollInterval].
func (s *Store) WaitAppend(ctx context.Context, from uint64) error {
	if s.pg != nil {
		s.pg.start(&s.wake)
	}
	for {
		wake := s.wake.wait() // before looking, so no append slips between
		ready, pending, err := s.probe(ctx, from)
		if err != nil {
			return fault(ctx, "wait for an append", err)
		}
		if ready {
			return nil
		}
		interval := s.poll
		if pending {
			// Committed events wait behind an older transaction still
			// running: look again soon.
			interval = 5 * time.Millisecond
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// probe reports whether ReadAll(from) would yield a record (ready) and, on
// PostgreSQL, whether committed records wait above the read's horizon
// (pending).
func (s *Store) probe(ctx context.Context, from uint64) (ready, pending bool, err error) {
	if s.pg == nil {
		err = s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM samling_events WHERE position >= ?)`, bound(from)).Scan(&ready)
		return ready, false, err
	}
	err = s.db.QueryRowContext(ctx, `WITH h AS (SELECT `+pgHorizon+` AS b)
		SELECT EXISTS (SELECT 1 FROM samling_events, h WHERE position >= $1 AND position < h.b),
		       EXISTS (SELECT 1 FROM samling_events, h WHERE position >= GREATEST($1, h.b))`, bound(from)).Scan(&ready, &pending)
	return ready, pending, err
}

// pgListener holds PostgreSQL's side of subscriptions: a connection that
// LISTENs for appends by other programs, and a goroutine that NOTIFYs
// them of this store's appends.
//
// The NOTIFY is sent after the append has committed, not inside it:
// PostgreSQL serialises the commits of every transaction that notifies
// (a lock held until the commit is flushed), which would undo concurrent
// appends. Appends that come while a NOTIFY is on its way share the next
// one, and a store sends at most one per notifyGap. A program that stops
// between a commit and its NOTIFY leaves the other programs'
// subscriptions to find the events at their next poll.
type pgListener struct {
	cfg     *pgx.ConnConfig
	channel string

	once    sync.Once
	ctx     context.Context
	cancel  context.CancelFunc
	pending chan struct{} // a NOTIFY to send
	done    sync.WaitGroup
	sender  sync.Once
}

// notifyGap is the least time between two NOTIFYs of one store: the most
// it adds to a subscription's latency, and what keeps notifying cheap
// when appends come thick and fast.
const notifyGap = 5 * time.Millisecond

func newListener(cfg *pgx.ConnConfig, schema string) *pgListener {
	channel := "samling_events"
	if schema != "" {
		channel += "_" + schema
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &pgListener{cfg: cfg, channel: channel, ctx: ctx, cancel: cancel, pending: make(chan struct{}, 1)}
}

// notify asks for a NOTIFY, starting the sender at the first call.
func (l *pgListener) notify(db *sql.DB) {
	l.sender.Do(func() {
		l.done.Add(1)
		go func() {
			defer l.done.Done()
			for {
				select {
				case <-l.ctx.Done():
					return
				case <-l.pending:
					db.ExecContext(l.ctx, `SELECT pg_notify($1, '')`, l.channel) // a lost one is found by polling
					// A NOTIFY is a transaction that PostgreSQL gives an ID
					// and flushes: at most one per notifyGap, shared by
					// every append meanwhile.
					select {
					case <-l.ctx.Done():
						return
					case <-time.After(notifyGap):
					}
				}
			}
		}()
	})
	select {
	case l.pending <- struct{}{}:
	default: // one is already waiting to be sent
	}
}

// start opens the listening connection at the first call; it reconnects
// when the connection fails, waking every waiter then, since a
// notification may have been lost.
func (l *pgListener) start(w *wakeup) {
	l.once.Do(func() {
		l.done.Add(1)
		go func() {
			defer l.done.Done()
			for l.ctx.Err() == nil {
				l.listen(w)
				w.broadcast()
				select {
				case <-l.ctx.Done():
				case <-time.After(time.Second):
				}
			}
		}()
	})
}

func (l *pgListener) listen(w *wakeup) {
	conn, err := pgx.ConnectConfig(l.ctx, l.cfg)
	if err != nil {
		return
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(l.ctx, `LISTEN `+pgx.Identifier{l.channel}.Sanitize()); err != nil {
		return
	}
	w.broadcast() // anything appended before the LISTEN took effect
	for {
		if _, err := conn.WaitForNotification(l.ctx); err != nil {
			return
		}
		w.broadcast()
	}
}

// stop ends the listener and the sender.
func (l *pgListener) stop() {
	l.cancel()
	l.done.Wait()
}
