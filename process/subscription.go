package process

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Checkpointer is a store that keeps, per named consumer of the global
// order, the position of the last record the consumer has handled: its
// checkpoint. [Subscribe] keeps a consumer's place there, in the same
// database as the events.
type Checkpointer interface {
	// LoadCheckpoint returns the checkpoint of consumer name, 0 when none
	// has been saved. It returns an error wrapping [ErrInvalidOptions] for
	// an empty name.
	LoadCheckpoint(ctx context.Context, name string) (uint64, error)
	// SaveCheckpoint sets the checkpoint of consumer name to position.
	SaveCheckpoint(ctx context.Context, name string, position uint64) error
}

// Notifier is a store that can wake a reader of the global order when
// records are appended, so that a consumer need not poll.
type Notifier interface {
	// WaitAppend blocks until ReadAll(ctx, from) may yield a record, and
	// returns nil; or until ctx is done, and returns its error. It may
	// return nil without a record to read (a reader then reads, finds
	// nothing, and waits again), and returns at once when a record at or
	// after from is already there.
	WaitAppend(ctx context.Context, from uint64) error
}

// Handler handles a batch of events in global order. Returning an error
// makes [Subscribe] retry the same batch later; returning nil
// acknowledges it, and Subscribe then saves the checkpoint with ctx. A
// batch during which ctx ends (the handler's own cancel included) is
// therefore not acknowledged: its checkpoint is not saved, and the batch
// comes again when the consumer next runs.
type Handler func(ctx context.Context, batch []Event) error

// Consumer is the lowest level of a subscription: where a consumer's
// checkpoint is kept, and how a batch is handled together with moving it.
// [Subscribe] builds one from a [Checkpointer] and a [Handler]; a store
// whose checkpoint can be written in the handler's own transaction builds
// its own (sqlstore's Store.Subscribe), and so can a host that keeps its
// checkpoint beside a read model in another database.
type Consumer interface {
	// Checkpoint returns the position of the last record handled, 0 for
	// none.
	Checkpoint(ctx context.Context) (uint64, error)
	// Handle handles batch and then records position (the Position of the
	// batch's last event) as the checkpoint. When it returns an error the
	// checkpoint must not have moved; where it can, it makes the handling
	// and the checkpoint one transaction.
	Handle(ctx context.Context, batch []Event, position uint64) error
}

// SubscribeOptions tune a subscription. Nil means the defaults; so does
// each zero field.
type SubscribeOptions struct {
	// BatchSize is the most events a handler gets at once. Default 100.
	BatchSize int
	// MinBackoff is the wait before the first retry of a failed batch (or
	// read); each further failure doubles it up to MaxBackoff. Defaults
	// 100 ms and 30 s.
	MinBackoff, MaxBackoff time.Duration
	// MaxAttempts, when above 0, is how many times one batch is tried
	// before the subscription gives up and returns its last error (a
	// [*SubscriptionError]). Default 0: retry for ever, reporting every
	// failure to OnError.
	MaxAttempts int
	// OnError is called, on the subscription's goroutine, after each
	// failed attempt with a [*SubscriptionError]. Default: nothing.
	OnError func(err *SubscriptionError)
	// PollInterval is how often a store that is no [Notifier] is read
	// again when the consumer has caught up. Default 1 s.
	PollInterval time.Duration
}

// SubscriptionError is one failed attempt of a subscription: to read the
// store, or to handle a batch.
type SubscriptionError struct {
	Name string
	// From is the position the attempt read from (the first event of the
	// batch it handled, if it got one).
	From uint64
	// Attempt counts the failures in a row, from 1.
	Attempt int
	Err     error
}

// Error names the consumer, the position and the attempt.
func (e *SubscriptionError) Error() string {
	return fmt.Sprintf("process: subscription %q at position %d, attempt %d: %v", e.Name, e.From, e.Attempt, e.Err)
}

// Unwrap returns the handler's or the store's error.
func (e *SubscriptionError) Unwrap() error { return e.Err }

// Subscribe runs the consumer name over store's global order until ctx is
// done: it loads the consumer's checkpoint from store (a [Checkpointer]),
// reads the records after it with ReadAll, decodes them and calls handle
// with batches of them in order, saving the checkpoint after each batch
// handle acknowledges. When the consumer has caught up it waits for the
// next append, woken by the store if it is a [Notifier] and polling
// otherwise.
//
// Delivery is at least once: a batch is delivered again, after a restart,
// when the program stopped between handling it and saving the checkpoint,
// and only that batch. Since ReadAll never skips a record that commits
// late, neither does a consumer. Consumers with different names are
// independent; run one Subscribe per name at a time.
//
// A failed handle, or a failed read, is retried after a backoff that
// doubles from MinBackoff to MaxBackoff, each failure reported to OnError.
// Subscribe returns ctx's error when ctx is done; the last
// [*SubscriptionError] when MaxAttempts is set and reached; an error
// wrapping [ErrCorrupt] at once when a stored record does not decode; and
// an error wrapping [ErrInvalidOptions] when store is no Checkpointer,
// name is empty, or an option is negative.
func Subscribe(ctx context.Context, store Store, name string, handle Handler, opts *SubscribeOptions) error {
	cp, ok := store.(Checkpointer)
	if !ok {
		return fmt.Errorf("%w: the store keeps no checkpoints (it is no process.Checkpointer); use Consume with a Consumer of your own", ErrInvalidOptions)
	}
	if handle == nil {
		return fmt.Errorf("%w: handler is nil", ErrInvalidOptions)
	}
	return Consume(ctx, store, name, checkpointed{cp: cp, name: name, handle: handle}, opts)
}

// checkpointed is the Consumer of Subscribe: the handler, then the
// checkpoint in the store.
type checkpointed struct {
	cp     Checkpointer
	name   string
	handle Handler
}

func (c checkpointed) Checkpoint(ctx context.Context) (uint64, error) {
	return c.cp.LoadCheckpoint(ctx, c.name)
}

func (c checkpointed) Handle(ctx context.Context, batch []Event, position uint64) error {
	if err := c.handle(ctx, batch); err != nil {
		return err
	}
	return c.cp.SaveCheckpoint(ctx, c.name, position)
}

// Consume runs consumer c, named name in errors, over store's global
// order: [Subscribe] with the checkpoint and the handling both up to c.
// It behaves as Subscribe does in every other way.
func Consume(ctx context.Context, store Store, name string, c Consumer, opts *SubscribeOptions) error {
	o, err := subscribeDefaults(name, c, opts)
	if err != nil {
		return err
	}
	var last uint64
	for attempt := 1; ; attempt++ {
		if last, err = c.Checkpoint(ctx); err == nil {
			break
		}
		if err := o.failed(ctx, name, 0, attempt, err); err != nil {
			return err
		}
	}
	notifier, _ := store.(Notifier)
	failures := 0
	for {
		batch, err := readBatch(ctx, store, last+1, o.BatchSize)
		if err == nil && len(batch) > 0 {
			err = c.Handle(ctx, batch, batch[len(batch)-1].Position)
			if err == nil {
				last, failures = batch[len(batch)-1].Position, 0
				continue
			}
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if err != nil {
			if errors.Is(err, ErrCorrupt) {
				return err
			}
			failures++
			from := last + 1
			if len(batch) > 0 {
				from = batch[0].Position
			}
			if err := o.failed(ctx, name, from, failures, err); err != nil {
				return err
			}
			continue
		}
		// Caught up: wait for the next append.
		if notifier != nil {
			if err := notifier.WaitAppend(ctx, last+1); err != nil {
				if ctxErr := ctx.Err(); ctxErr != nil {
					return ctxErr
				}
				failures++
				if err := o.failed(ctx, name, last+1, failures, err); err != nil {
					return err
				}
			}
			continue
		}
		if err := sleep(ctx, o.PollInterval); err != nil {
			return err
		}
	}
}

// subscribeDefaults checks the options, reporting every problem, and
// fills in the defaults.
func subscribeDefaults(name string, c Consumer, opts *SubscribeOptions) (SubscribeOptions, error) {
	var o SubscribeOptions
	if opts != nil {
		o = *opts
	}
	var errs []error
	if name == "" {
		errs = append(errs, fmt.Errorf("%w: the subscription has no name", ErrInvalidOptions))
	}
	if c == nil {
		errs = append(errs, fmt.Errorf("%w: consumer is nil", ErrInvalidOptions))
	}
	for _, f := range []struct {
		name string
		v    int64
	}{{"BatchSize", int64(o.BatchSize)}, {"MinBackoff", int64(o.MinBackoff)}, {"MaxBackoff", int64(o.MaxBackoff)},
		{"MaxAttempts", int64(o.MaxAttempts)}, {"PollInterval", int64(o.PollInterval)}} {
		if f.v < 0 {
			errs = append(errs, fmt.Errorf("%w: %s is negative (%d)", ErrInvalidOptions, f.name, f.v))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return o, err
	}
	if o.BatchSize == 0 {
		o.BatchSize = 100
	}
	if o.MinBackoff == 0 {
		o.MinBackoff = 100 * time.Millisecond
	}
	if o.MaxBackoff == 0 {
		o.MaxBackoff = 30 * time.Second
	}
	o.MaxBackoff = max(o.MaxBackoff, o.MinBackoff)
	if o.PollInterval == 0 {
		o.PollInterval = time.Second
	}
	return o, nil
}

// failed reports a failed attempt and waits out its backoff; it returns
// the error that ends the subscription, if this attempt does.
func (o SubscribeOptions) failed(ctx context.Context, name string, from uint64, attempt int, err error) error {
	serr := &SubscriptionError{Name: name, From: from, Attempt: attempt, Err: err}
	if o.OnError != nil {
		o.OnError(serr)
	}
	if o.MaxAttempts > 0 && attempt >= o.MaxAttempts {
		return serr
	}
	wait := o.MinBackoff
	for i := 1; i < attempt && wait < o.MaxBackoff; i++ {
		wait *= 2
	}
	return sleep(ctx, min(wait, o.MaxBackoff))
}

// readBatch reads and decodes up to n records from position from.
func readBatch(ctx context.Context, store Store, from uint64, n int) ([]Event, error) {
	var batch []Event
	for r, err := range store.ReadAll(ctx, from) {
		if err != nil {
			return nil, err
		}
		ev, err := Decode(r)
		if err != nil {
			return nil, err
		}
		if batch = append(batch, ev); len(batch) == n {
			break
		}
	}
	return batch, nil
}

// sleep waits for d or until ctx is done, and returns ctx's error then.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
