package main

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"time"
)

// interruptAfter is how long a query runs before an interrupt (Ctrl-C) cancels it rather
// than ending the process at once. Handling the signal starts a thread of its own, which
// a short query need not pay for: until then the default action, ending the process, is
// as good.
const interruptAfter = 50 * time.Millisecond

// interruptible is a context that an interrupt cancels once its handler is installed.
type interruptible struct {
	ctx       context.Context
	cancel    context.CancelFunc
	sig       chan os.Signal
	timer     *time.Timer
	mu        sync.Mutex
	installed bool
	stopped   bool
}

// cancelOnInterrupt returns a context that an interrupt cancels from delay on, and the
// function that releases the timer and the handler.
func cancelOnInterrupt(parent context.Context, delay time.Duration) (context.Context, func()) {
	h := newInterruptible(parent)
	h.timer = time.AfterFunc(delay, h.install)
	return h.ctx, h.stop
}

func newInterruptible(parent context.Context) *interruptible {
	ctx, cancel := context.WithCancel(parent)
	return &interruptible{ctx: ctx, cancel: cancel, sig: make(chan os.Signal, 1)}
}

// install starts handling interrupts, unless stop came first.
func (h *interruptible) install() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.stopped || h.installed {
		return
	}
	h.installed = true
	signal.Notify(h.sig, os.Interrupt)
	go func() {
		select {
		case <-h.sig:
			h.cancel()
		case <-h.ctx.Done():
		}
	}()
}

func (h *interruptible) stop() {
	h.mu.Lock()
	h.stopped = true
	h.mu.Unlock()
	if h.timer != nil {
		h.timer.Stop()
	}
	signal.Stop(h.sig)
	h.cancel()
}
