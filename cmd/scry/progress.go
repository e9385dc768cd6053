package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// progress is a one-line progress bar on a terminal; it is silent (nil) when stderr is
// not a terminal. It redraws at most every progressEvery and clears its line when done.
type progress struct {
	w           io.Writer
	desc        string
	total       int64
	start, last time.Time
}

const (
	progressEvery = 100 * time.Millisecond
	progressWidth = 30 // characters of the bar
)

func newProgress(total int64, desc string) *progress {
	if !term.IsTerminal(int(os.Stderr.Fd())) || total <= 0 {
		return nil
	}
	return &progress{w: os.Stderr, desc: desc, total: total, start: time.Now()}
}

func (p *progress) set(v int64) {
	if p == nil {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < progressEvery {
		return
	}
	p.last = now
	io.WriteString(p.w, p.line(v, now.Sub(p.start)))
}

// line is the bar for v of total after elapsed, starting with a carriage return.
func (p *progress) line(v int64, elapsed time.Duration) string {
	v = min(max(v, 0), p.total)
	filled := int(v * progressWidth / p.total)
	return fmt.Sprintf("\r%s %3d%% [%s%s] %s", p.desc, v*100/p.total,
		strings.Repeat("=", filled), strings.Repeat(" ", progressWidth-filled), elapsed.Round(time.Second))
}

func (p *progress) finish() {
	if p != nil {
		io.WriteString(p.w, "\r\x1b[K") // clear the line
	}
}
