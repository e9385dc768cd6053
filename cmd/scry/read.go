package main

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/parquet"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/query/fields/render"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/query/output"
	"github.com/scrylabs/scry/state"
)

type readOptions struct {
	file       string
	count      int64
	format     string
	json       bool
	eols       bool
	hex        bool
	hexASCII   bool
	base64     bool
	verbose    bool
	all        bool
	out        string
	timeMode   string
	ttyColour  bool
	readAhead  bool
	frameAhead bool
	chisel     string   // -c: run this chisel over the capture instead of printing events
	summary    bool     // -S: print the table of events by type at the end
	quiet      bool     // -q: print no events
	display    bool     // -d: the filter selects the events printed, not those processed
	suppress   []string // -U: drop the events of processes with these command names
	duration   int64    // -M: stop at the first event this many seconds after the first kept one
	snaplen    int      // -s: accepted as sysdig accepts it with -r, where it changes nothing
}

func newReadCmd() *cobra.Command {
	var o readOptions
	cmd := &cobra.Command{
		Use:   "read [-r] FILE [FILTER]",
		Short: "Print the events of a capture, like sysdig -r",
		Long: `Print the events of a capture the way sysdig -r prints them, with the state
(processes, fds, users, containers) the capture implies. A FILTER in sysdig's filter
language selects events; -p sets the line format ("c", "k" and "m" name the container,
kubernetes and mesos formats); -j prints JSON objects; -o jsonl or csv prints the format's
fields as typed records for other tools. FILE is a scap capture (plain, gzip or zstd) or
a Parquet file scry converted.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.file == "" {
				if len(args) == 0 {
					return usageError{errors.New("read: no capture file given (scry read FILE or -r FILE)")}
				}
				o.file, args = args[0], args[1:]
			}
			if o.chisel != "" {
				return runReadChisel(cmd, &o, args)
			}
			if !cmd.Flags().Changed("color") && writesToTerminal(cmd.OutOrStdout()) {
				o.ttyColour = true
			}
			return runRead(cmd.OutOrStdout(), &o, strings.Join(args, " "))
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.file, "read", "r", "", "capture file to read (plain, gzip or zstd)")
	f.Int64VarP(&o.count, "numevents", "n", 0, "stop after N events (counted as sysdig does: every event the filter keeps, internal ones included)")
	f.StringVarP(&o.format, "print", "p", "", "output format string, sysdig syntax (e.g. '*%evt.num %evt.type'); c, k, m name the container, kubernetes, mesos formats")
	f.BoolVarP(&o.json, "json", "j", false, "print events as JSON objects")
	f.BoolVarP(&o.eols, "print-ascii", "A", false, "show buffers as printable text and line ends only")
	f.BoolVarP(&o.hex, "print-hex", "x", false, "show buffers in hex")
	f.BoolVarP(&o.hexASCII, "print-hex-ascii", "X", false, "show buffers in hex and ASCII")
	f.BoolVarP(&o.base64, "print-base64", "b", false, "show buffers in base64")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "do not truncate buffers; print read statistics on stderr at the end")
	f.BoolVar(&o.all, "all", false, "also print internal events (procinfo, old container events, metaevents)")
	f.StringVarP(&o.out, "output", "o", "", "record output for tools: jsonl or csv (fields of the format, typed)")
	f.StringVarP(&o.timeMode, "time", "t", "h", "evt.outputtime mode: h (clock), a (absolute), r (relative), d (latency), D (delta)")
	f.BoolVar(&o.ttyColour, "color", false, "use sysdig's coloured default line (the default on a terminal)")
	f.IntVarP(&o.snaplen, "snaplen", "s", 80, "accepted for sysdig's command lines: a capture's buffers are what was recorded")
	f.Int64VarP(&o.duration, "duration", "M", 0, "stop at the first event more than this many seconds (of capture time) after the first event kept, like sysdig -M")
	f.StringArrayVarP(&o.suppress, "suppress-comm", "U", nil, "drop the events of processes with this command name and of their children, before numbering, like sysdig -U (repeatable)")
	f.BoolVarP(&o.display, "displayflt", "d", false, "make the filter a display one: every event is processed and counted (-n, -S, -v), the filter only selects what is printed, like sysdig -d")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "print no events (with -S, only the summary), like sysdig -q")
	f.BoolVarP(&o.summary, "summary", "S", false, "print the number of events of each type at the end, like sysdig -S")
	f.StringVarP(&o.chisel, "chisel", "c", "", "run chisel NAME over the capture, like sysdig -c (its arguments, then the filter, follow); as scry chisel NAME -r FILE")
	f.BoolVar(&o.frameAhead, "frame-ahead", true, "frame the blocks of an uncompressed capture on a second core while this one runs the state engine, the filter and the output")
	f.BoolVar(&o.readAhead, "read-ahead", false, "decompress a compressed capture on a second core while this one runs the state engine, the filter and the output")
	return cmd
}

// writesToTerminal reports whether w is a character device (a terminal), where sysdig prints
// its coloured default line.
func writesToTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// eventSource is where a read run takes its events: the capture's Reader, or a
// ReadAhead decoding it on another core.
type eventSource interface {
	Next(ev *event.Event) error
	Section() *scap.Section
}

// reader is one read run: the capture, the state engine, the filter and the output.
type reader struct {
	o       *readOptions
	r       eventSource
	gc      startupCollector // off until the first section is loaded
	eng     *state.Engine
	fmt     *output.Format
	w       *bufio.Writer
	line    []byte
	csvHdr  bool
	read    uint64          // events read from the capture
	passed  uint64          // events the filter let through, internal ones aside (what -v reports)
	summary []summaryEntry  // -S: events by type
	display *filter.Filter  // -d: the filter of the events printed
	supp    *commSuppressor // -U
	firstTs uint64          // -M: the time of the first event kept
	counted int64           // events the engine kept (what -n counts)
	section *scap.Section   // the section whose metadata the engine holds
}

func buildFormat(o *readOptions) (*output.Format, error) {
	spec := o.format
	switch {
	case spec == "":
		spec = output.DefaultFormat
		if o.ttyColour {
			spec = output.TTYFormat
		}
	case output.Named(spec) != "":
		spec = output.Named(spec)
	default:
		spec = output.Unescape(spec)
	}
	opts := output.DefaultOptions()
	switch {
	case o.eols:
		opts.Buffer = render.BufferEOLS
	case o.hex:
		opts.Buffer = render.BufferHex
	case o.hexASCII:
		opts.Buffer = render.BufferHexASCII
	case o.base64:
		opts.Buffer = render.BufferBase64
	}
	if o.verbose {
		opts.Truncate = 0
	}
	opts.JSON = o.json || o.out != ""
	switch o.timeMode {
	case "h", "a", "r", "d", "D":
		opts.Time = fields.OutputTime(o.timeMode[0])
	default:
		return nil, fmt.Errorf("read: -t %q: want h, a, r, d or D", o.timeMode)
	}
	return output.Parse(spec, opts)
}

func runRead(w io.Writer, o *readOptions, filterText string) error {
	switch o.out {
	case "", "jsonl", "csv":
	default:
		return usageError{fmt.Errorf("read: -o %q: want jsonl or csv", o.out)}
	}
	f, err := buildFormat(o)
	if err != nil {
		return usageError{fmt.Errorf("read: %w", err)}
	}
	rd := &reader{o: o, fmt: f, eng: state.New(state.Options{})}
	if strings.TrimSpace(filterText) != "" {
		flt, err := filter.Compile(filterText, nil)
		if err != nil {
			return usageError{fmt.Errorf("read: filter %q: %w", filterText, err)}
		}
		if o.display {
			rd.display = flt
		} else {
			eng := rd.eng
			rd.eng.SetFilter(func(ctx *state.EventContext) bool { return flt.Match(ctx, eng) })
			if skipRejected {
				// Events the filter rejects by their type (or, generic ones, by their
				// syscall code) skip what only the filter would read of them.
				rd.eng.SetFilterTypes(flt.EventTypes().Has)
				rd.eng.SetFilterGenericCodes(flt.RejectsGeneric)
			}
			if skipRejected && o.out == "" && !filter.ReadsFDTables(slices.Concat(flt.Fields(), f.Fields()), flt.EventTypes()) {
				// Neither the filter nor the output reads an fd table: events the filter
				// rejects by type need not maintain them (state.Engine.SetFDTablesUnobserved).
				rd.eng.SetFDTablesUnobserved()
			}
		}
	}
	if k, _ := kindOf(o.file); k == kindParquet {
		// A file scry converted: its events and capture sections replay as the scap's.
		pr, err := parquet.Open(o.file)
		if err != nil {
			return fmt.Errorf("read: %w", err)
		}
		defer pr.Close()
		rd.r = pr
		return rd.finish(w, f)
	}
	// Start-up builds the capture's state: the collector waits until the first section
	// is loaded (enterSection).
	rd.gc.pause()
	defer rd.gc.resume()
	r, err := scap.Open(o.file)
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	defer r.Close()
	// A mapped capture's events are framed on a second core (o.frameAhead, run): no
	// event byte moves between the cores (bench/RESULTS.md).
	rd.r = r
	if o.readAhead && !r.Mapped() && runtime.GOMAXPROCS(0) > 1 {
		// Decoding runs on a second core while this one runs the state engine, the
		// filter and the output. It costs CPU time (batching, and the event bytes
		// move between the cores' caches) and pays off only on an otherwise idle
		// machine, so it is asked for (bench/RESULTS.md).
		ra := scap.NewReadAhead(r)
		defer ra.Close()
		rd.r = ra
	}
	return rd.finish(w, f)
}

// finish runs the events of rd.r through the engine and the output, writing to w.
func (rd *reader) finish(w io.Writer, f *output.Format) error {
	o := rd.o
	rd.w = bufio.NewWriterSize(w, 1<<16)
	start := time.Now()
	if o.summary {
		rd.summary = newSummary()
	}
	if len(o.suppress) > 0 {
		rd.supp = newCommSuppressor(o.suppress)
	}
	err := rd.run()
	if f.Escapes && o.out == "" {
		rd.w.WriteString("\x1b[00m")
	}
	if ferr := rd.w.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("read: write output: %w", ferr)
	}
	if o.verbose && err == nil {
		el := time.Since(start).Seconds()
		var suppressed uint64
		if rd.supp != nil {
			suppressed = rd.supp.dropped
		}
		fmt.Fprintf(os.Stderr, "Driver Events:0\nDriver Drops:0\nSuppressed by Comm:%d\nElapsed time: %.3f, Captured Events: %d, %.2f eps\n",
			suppressed, el, rd.passed, float64(rd.passed)/max(el, 1e-9))
	}
	if rd.summary != nil && err == nil {
		// After the statistics, as sysdig prints it.
		writeSummary(rd.w, rd.summary)
		if ferr := rd.w.Flush(); ferr != nil {
			err = fmt.Errorf("read: write output: %w", ferr)
		}
	}
	return err
}

// shown reports whether an event that the engine kept is printed: internal events and
// newer metaevents only with --all.
func (rd *reader) shown(ev *event.Event) bool {
	if rd.o.all {
		return true
	}
	info := ev.Info()
	if info == nil || info.Category == schema.CatInternal {
		return false
	}
	return info.Source&(schema.SourceMetaevent|schema.SourceIter) == 0 || info.Legacy
}

// skipRejected lets runRead tell the engine which events the filter rejects by type or
// syscall code (state.Engine.SetFilterTypes, SetFilterGenericCodes), and skip the
// fd-only parsers of those events when neither the filter nor the output reads fd
// tables; tests turn it off to compare with full processing.
var skipRejected = true

// readBatch is the number of events run takes from a Reader at a time.
const readBatch = 256

func (rd *reader) run() error {
	if src, ok := rd.r.(*scap.Reader); ok {
		err := eachBatch(src, rd.o.frameAhead, func(evs []event.Event, s *scap.Section) error {
			rd.enterSection(s)
			if done, err := rd.runBatch(evs); done || err != nil {
				return cmp.Or(err, errCountReached)
			}
			return nil
		})
		if errors.Is(err, errCountReached) {
			return nil
		}
		return rd.endOfEvents(err)
	}
	var ev event.Event
	for {
		if err := rd.r.Next(&ev); err != nil {
			return rd.endOfEvents(err)
		}
		if done, err := rd.handle(&ev, rd.r.Section()); done || err != nil {
			return err
		}
	}
}

// errCountReached stops the batches of run once -n is reached.
var errCountReached = errors.New("event count reached")

// runBatch runs events of one section through the engine and prints those kept and
// shown; done reports that the -n count is reached.
func (rd *reader) runBatch(evs []event.Event) (done bool, err error) {
	rd.read += uint64(len(evs))
	for i := 0; i < len(evs); i++ {
		if rd.supp != nil {
			if !rd.supp.keep(&evs[i]) {
				continue
			}
		} else if i += rd.eng.SkipRun(evs[i:]); i == len(evs) {
			// Most events are filtered out, many by their type alone: only the
			// others leave the loop.
			break
		}
		if ctx := rd.eng.Process(&evs[i]); !ctx.Filtered {
			if !ctx.Hidden {
				rd.passed++
			}
			if !ctx.Hidden || rd.o.all {
				if done, err := rd.keep(ctx); done || err != nil {
					return done, err
				}
			}
		}
	}
	return false, nil
}

// endOfEvents is run's result for the error that ended the events: nil at the end of
// a capture that held events. A capture without any event is refused, as sysdig 0.29.3
// refuses it ("no events in file", exit status 1).
func (rd *reader) endOfEvents(err error) error {
	if errors.Is(err, io.EOF) {
		if rd.read == 0 {
			return fmt.Errorf("read: %s: %w", rd.o.file, errNoEvents)
		}
		return nil
	}
	return fmt.Errorf("read: %w", err)
}

// errNoEvents is the error of reading a capture that holds no event.
var errNoEvents = errors.New("no events in file")

// handle runs one event of section s through the engine and prints it if it is kept and
// shown; done reports that the -n count is reached.
func (rd *reader) handle(ev *event.Event, s *scap.Section) (done bool, err error) {
	rd.read++
	rd.enterSection(s)
	if rd.supp != nil && !rd.supp.keep(ev) {
		return false, nil
	}
	ctx := rd.eng.Process(ev)
	if ctx.Filtered {
		return false, nil
	}
	if !ctx.Hidden {
		rd.passed++
	} else if !rd.o.all {
		return false, nil
	}
	return rd.keep(ctx)
}

// enterSection gives the engine the metadata of section s when the events come from a
// new one.
func (rd *reader) enterSection(s *scap.Section) {
	if s != rd.section {
		rd.section = s
		rd.eng.LoadSection(s)
		rd.gc.resume()
	}
}

// keep counts and prints an event the engine kept; done reports that the -n count is
// reached.
func (rd *reader) keep(ctx *state.EventContext) (done bool, err error) {
	ev := ctx.Ev
	if rd.o.duration > 0 {
		switch ts := ev.Ts(); {
		case rd.firstTs == 0:
			rd.firstTs = ts
		case ts-rd.firstTs >= uint64(rd.o.duration)*1e9:
			return true, nil
		}
	}
	rd.eng.EndEvent(ctx)
	rd.counted++
	if rd.summary != nil {
		countSummary(rd.summary, ev)
	}
	if !rd.o.quiet && rd.shown(ev) && (rd.display == nil || rd.display.Match(ctx, rd.eng)) {
		if err := rd.print(ctx); err != nil {
			return true, err
		}
	}
	return rd.o.count > 0 && rd.counted >= rd.o.count, nil
}

func (rd *reader) print(ctx *state.EventContext) error {
	line := rd.line[:0]
	ok := true
	switch {
	case rd.o.out == "jsonl":
		line = rd.fmt.AppendJSONLine(line, ctx, rd.eng)
	case rd.o.out == "csv":
		if !rd.csvHdr {
			line = rd.fmt.AppendCSVHeader(line)
			rd.csvHdr = true
		}
		line = rd.fmt.AppendCSV(line, ctx, rd.eng)
		line = line[:len(line)-1]
	case rd.o.json:
		line, ok = rd.fmt.AppendJSON(line, ctx, rd.eng)
	default:
		line, ok = rd.fmt.AppendText(line, ctx, rd.eng)
	}
	rd.line = line
	if !ok {
		if err := rd.fmt.Err(); err != nil {
			return fmt.Errorf("read: %w", err)
		}
		return nil
	}
	line = append(line, '\n')
	rd.line = line
	if _, err := rd.w.Write(line); err != nil {
		return fmt.Errorf("read: write output: %w", err)
	}
	return nil
}
