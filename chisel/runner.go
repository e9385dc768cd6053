package chisel

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/scrylabs/scry/state"
)

// Options configure a Runner.
type Options struct {
	// Dirs is the chisel search path (Dirs() when nil).
	Dirs []string
	// Out receives what chisels print (os.Stdout when nil).
	Out io.Writer
	// Errs receives sysdig's diagnostics about chisels (os.Stderr when nil).
	Errs io.Writer
	// Toolkit compiles fields, filters and formats.
	Toolkit Toolkit
	// Filter is the capture filter given on the command line ("" for none): only
	// events matching it reach the chisels, and sysdig.get_filter returns it.
	Filter string
	// PrintContainer is sysdig's -pc: chisels show container columns.
	PrintContainer bool
	// JSON is sysdig's -j: sysdig.get_output_format returns "json".
	JSON bool
	// BufferFormat is how the fields chisels request render byte buffers until a
	// chisel calls sysdig.set_output_format: "" as sysdig by default, or "ascii",
	// "hex", "hexascii", "base64" (sysdig's -A, -x, -X, -b).
	BufferFormat string
	// TTY reports that the output is a terminal (sysdig.is_tty).
	TTY bool
	// TerminalSize returns the terminal's width and height (sysdig.get_terminal_info
	// when TTY is set).
	TerminalSize func() (width, height int)
}

// Runner runs chisels over one event source. It is confined to one goroutine.
type Runner struct {
	opts    Options
	out     *bufio.Writer
	chisels []*instance
	filter  Matcher

	src  Source
	view state.View
	ctx  *state.EventContext

	bufferFormat    string // set by sysdig.set_output_format; "" for the default
	fixedFormat     bool   // the command line chose the format: set_output_format is ignored
	started         bool
	ended           bool
	haveTS          bool
	firstTS, lastTS uint64
	line            []byte
}

// New returns a Runner with no chisel loaded.
func New(opts Options) (*Runner, error) {
	if opts.Dirs == nil {
		opts.Dirs = Dirs()
	}
	if opts.Out == nil {
		opts.Out = os.Stdout
	}
	if opts.Errs == nil {
		opts.Errs = os.Stderr
	}
	r := &Runner{opts: opts, out: bufio.NewWriterSize(opts.Out, 1<<16), bufferFormat: opts.BufferFormat,
		fixedFormat: opts.BufferFormat != "" || opts.JSON}
	if opts.Filter != "" {
		if opts.Toolkit.Filter == nil {
			return nil, errors.New("capture filter given but no filter compiler configured")
		}
		m, err := opts.Toolkit.Filter(opts.Filter)
		if err != nil {
			return nil, fmt.Errorf("compile capture filter: %w", err)
		}
		r.filter = m
	}
	return r, nil
}

// Close releases the Lua states. It flushes pending output.
func (r *Runner) Close() error {
	for _, c := range r.chisels {
		c.vm.close()
	}
	r.chisels = nil
	return r.out.Flush()
}

// Load finds chisel name, runs its file and hands it args (on_set_arg), as sysdig -c
// does. Chisels loaded later (and those chisel.exec starts) run after it.
func (r *Runner) Load(name string, args []string) error {
	c, err := r.load(name, args)
	if err != nil {
		return err
	}
	r.chisels = append(r.chisels, c)
	return nil
}

// Run initialises the loaded chisels (on_init, on_capture_start), feeds them every
// event of src and ends the capture (on_capture_end). A Lua error in a callback stops
// the capture; on_capture_end still runs and the error is returned. Output is flushed
// before Run returns.
func (r *Runner) Run(src Source) error {
	defer r.out.Flush()
	r.src = src
	r.view = src.View()
	if err := r.initAll(); err != nil {
		return err
	}
	for i := 0; i < len(r.chisels); i++ {
		if err := r.chisels[i].captureStart(); err != nil {
			return r.finish(err)
		}
	}
	r.started = true
	for !r.ended {
		ctx, err := src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return r.finish(fmt.Errorf("read events: %w", err))
		}
		if err := r.event(ctx); err != nil {
			return r.finish(err)
		}
	}
	return r.finish(nil)
}

// initAll calls on_init of every chisel, including those started by chisel.exec on
// the way.
func (r *Runner) initAll() error {
	for i := 0; i < len(r.chisels); i++ {
		c := r.chisels[i]
		if c.initialised {
			continue
		}
		ok, err := c.init()
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("init() for chisel %s failed", c.name)
		}
	}
	return nil
}

// event hands one event to every chisel.
func (r *Runner) event(ctx *state.EventContext) error {
	if ctx.Hidden {
		return nil
	}
	ts := ctx.Ev.Ts()
	if !r.haveTS {
		r.firstTS, r.haveTS = ts, true
	}
	r.lastTS = ts
	r.ctx = ctx
	pass := r.filter == nil || r.filter.Match(ctx, r.view)
	for _, c := range r.chisels {
		if err := c.event(ctx, ts, pass); err != nil {
			return err
		}
	}
	return nil
}

// finish calls on_capture_end of every chisel and returns the first error.
func (r *Runner) finish(err error) error {
	var ts, delta uint64
	if r.haveTS {
		ts, delta = r.lastTS, r.lastTS-r.firstTS
	}
	for _, c := range r.chisels {
		if e := c.captureEnd(ts, delta); e != nil && err == nil {
			err = e
		}
		var exit *ExitError
		if errors.As(err, &exit) {
			break
		}
	}
	if e := r.out.Flush(); e != nil && err == nil {
		err = fmt.Errorf("write chisel output: %w", e)
	}
	return err
}
