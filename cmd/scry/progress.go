package main

import (
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress is a terminal progress bar; it is silent (nil) when stderr is not a terminal.
type progress struct{ bar *progressbar.ProgressBar }

func newProgress(total int64, desc string) *progress {
	if !term.IsTerminal(int(os.Stderr.Fd())) || total <= 0 {
		return nil
	}
	return &progress{bar: progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetWidth(30))}
}

func (p *progress) set(v int64) {
	if p != nil {
		p.bar.Set64(v)
	}
}

func (p *progress) finish() {
	if p != nil {
		p.bar.Finish()
	}
}
