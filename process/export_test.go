package process

// Encode is encode, for the fuzz tests of package process_test.
var Encode = encode

// Encode encodes an event as the engine stores it, for tests.
func EncodeForTest(t interface{ Fatal(...any) }, e Event) Record {
	r, err := encode(e)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// CachedProcesses returns how many processes the engine holds in memory.
func CachedProcesses(e *Engine) int {
	e.cache.mu.Lock()
	defer e.cache.mu.Unlock()
	return len(e.cache.entries)
}

// ActorFingerprintFields are the fields of model.Actor and model.Authority
// that appendActor writes, for the test that keeps them complete.
var ActorFingerprintFields = []string{"Person", "Organisation", "Capacity", "Authority", "For", "Authority.Meeting", "Authority.Decision", "Authority.Reference"}
