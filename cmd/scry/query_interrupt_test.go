package main

import (
	"context"
	"syscall"
	"testing"
	"time"
)

// An interrupt cancels the query's context once the handler is installed.
func TestInterruptCancelsQuery(t *testing.T) {
	h := newInterruptible(context.Background())
	defer h.stop()
	h.install()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-h.ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("interrupt did not cancel the context")
	}
}

// The handler is installed after the delay, not before; stop cancels the context and
// keeps a late timer from installing anything.
func TestInterruptHandlerDelay(t *testing.T) {
	ctx, stop := cancelOnInterrupt(context.Background(), time.Hour)
	stop()
	if ctx.Err() == nil {
		t.Error("stop did not cancel the context")
	}
	h := newInterruptible(context.Background())
	h.timer = time.AfterFunc(time.Millisecond, h.install)
	deadline := time.Now().Add(5 * time.Second)
	for {
		h.mu.Lock()
		installed := h.installed
		h.mu.Unlock()
		if installed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("handler not installed after its delay")
		}
		time.Sleep(time.Millisecond)
	}
	h.stop()
	late := newInterruptible(context.Background())
	late.stop()
	late.install() // a timer that fires after stop
	if late.installed {
		t.Error("installed after stop")
	}
}
