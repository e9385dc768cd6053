package recorder

import (
	"fmt"
	"time"

	"github.com/scrylabs/scry/store"
)

// startRetention applies o.Retention now and then every o.RetentionEvery until the
// returned function is called. Pruning holds the recording's lock, so a segment is never
// committed into a folder retention is removing.
func (r *storeRecording) startRetention() (stop func()) {
	if r.o.Retention.MaxAge <= 0 && r.o.Retention.MaxSize <= 0 {
		return func() {}
	}
	r.prune()
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(r.o.RetentionEvery)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				r.prune()
			}
		}
	}()
	return func() { close(quit); <-done }
}

func (r *storeRecording) prune() {
	o := r.o.Retention
	o.Now = r.o.Now()
	r.mu.Lock()
	removed, err := store.Prune(r.o.Root, o)
	r.res.Pruned += len(removed)
	r.mu.Unlock()
	if err != nil {
		r.o.Warn(fmt.Errorf("apply retention: %w", err))
	}
}
