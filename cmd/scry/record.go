package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/scrylabs/scry/capture"
	"github.com/scrylabs/scry/capture/procscan"
	"github.com/scrylabs/scry/capture/recorder"
	"github.com/scrylabs/scry/drivers/probe"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/state"
)

type recordOptions struct {
	file      string
	store     string
	sizeMB    int64
	every     int
	files     int
	count     uint64
	duration  int
	stats     bool
	snaplen   int
	ringMB    int
	dropEnter bool
	attach    string
	syscalls  []string
	pids      []uint32
	filter    string
}

func newRecordCmd() *cobra.Command {
	var o recordOptions
	cmd := &cobra.Command{
		Use:   "record -w FILE[.gz|.zst] [-C MB] [-G s] [-W n] [-n N] [-M s] [FILTER]",
		Short: "Record this host's system calls with the eBPF probe, like sysdig -w",
		Long: `Record this host's system calls into a scap capture that sysdig and scry read.

The capture starts with the host's state (processes, threads, open files and sockets,
users, groups, interfaces) and holds both enter and exit events. A .gz or .zst suffix
compresses it. SIGINT and SIGTERM end the recording cleanly. Needs root (or CAP_BPF and
CAP_PERFMON) and a kernel with BTF.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.filter = strings.Join(args, " ")
			if o.store != "" {
				return usageError{errors.New("record: --store needs the store's live writer, which this build lacks; use -w FILE")}
			}
			if o.file == "" {
				return usageError{errors.New("record: no output given (-w FILE)")}
			}
			return runRecord(cmd.ErrOrStderr(), &o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.file, "write", "w", "", "capture file to write (.gz or .zst to compress)")
	f.StringVar(&o.store, "store", "", "record continuously into the store at DIR")
	f.Int64VarP(&o.sizeMB, "file-size", "C", 0, "start a new file every MB megabytes (files are numbered)")
	f.IntVarP(&o.every, "seconds", "G", 0, "start a new file every s seconds")
	f.IntVarP(&o.files, "limit-files", "W", 0, "with -C or -G, keep at most n files, reusing their names")
	f.Uint64VarP(&o.count, "numevents", "n", 0, "stop after N events")
	f.IntVarP(&o.duration, "duration", "M", 0, "stop after s seconds")
	f.BoolVar(&o.stats, "stats", false, "report events/s and drops on stderr every second and at the end")
	f.IntVarP(&o.snaplen, "snaplen", "s", probe.DefaultSnaplen, "bytes of I/O data kept per event")
	f.IntVar(&o.ringMB, "ring-mb", probe.DefaultRingBytes>>20, "ring buffer size per CPU in MiB (a power of two)")
	f.BoolVar(&o.dropEnter, "drop-enter", false, "leave out enter events whose exit carries all their parameters")
	f.StringVar(&o.attach, "attach", "auto", "how to attach the probe: auto, tp_btf or raw_tp")
	f.StringSliceVar(&o.syscalls, "syscalls", nil, "record only these syscalls (comma separated names)")
	f.Var(newPidList(&o.pids), "pid", "record only these processes and their children (repeatable)")
	return cmd
}

func runRecord(stderr io.Writer, o *recordOptions) error {
	var keep func(*event.Event) bool
	var eng *state.Engine
	if o.filter != "" {
		match, err := compileFilter(o.filter)
		if err != nil {
			return usageError{fmt.Errorf("record: filter %q: %w", o.filter, err)}
		}
		eng = state.New(state.Options{})
		eng.SetFilter(func(ctx *state.EventContext) bool { return match(ctx, eng) })
		// Every event goes through the state engine, so the filter sees processes and
		// files as sysdig does; only matching events are written.
		keep = func(ev *event.Event) bool {
			ctx := eng.Process(ev)
			ok := !ctx.Filtered && !ctx.Hidden
			eng.EndEvent(ctx)
			return ok
		}
	}
	mode := map[string]probe.Attach{"auto": probe.AttachAuto, "tp_btf": probe.AttachBTF, "raw_tp": probe.AttachRaw}
	attach, ok := mode[o.attach]
	if !ok {
		return usageError{fmt.Errorf("record: --attach %q: want auto, tp_btf or raw_tp", o.attach)}
	}
	// Attach first, then scan /proc: a process started in between is in the scan or in
	// the events, never in neither.
	live, err := capture.OpenLive(capture.LiveOptions{Probe: probe.Options{
		RingBytes: o.ringMB << 20, Snaplen: o.snaplen, DropEnter: o.dropEnter, Syscalls: o.syscalls,
		PIDs: o.pids, FollowForks: true, Attach: attach,
	}})
	if err != nil {
		return explainLoadError(err)
	}
	defer live.Close()
	scan := func() (*scap.Section, error) { return procscan.Scan(procscan.Options{}) }
	initial, err := scan()
	if err != nil {
		return err
	}
	if eng != nil {
		eng.LoadSection(initial)
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(stop)
	done := make(chan struct{})
	defer close(done)
	go func() {
		var timeout <-chan time.Time
		if o.duration > 0 {
			timeout = time.After(time.Duration(o.duration) * time.Second)
		}
		select {
		case <-stop:
		case <-timeout:
		case <-done:
			return
		}
		live.Stop()
	}()
	if o.stats {
		go reportStats(stderr, live, done)
	}

	first := true
	start := time.Now()
	res, err := recorder.Record(live, recorder.Options{
		Path: o.file, RotateBytes: o.sizeMB << 20, RotateEvery: time.Duration(o.every) * time.Second,
		MaxFiles: o.files, MaxEvents: o.count, Keep: keep,
		Snapshot: func() (*scap.Section, error) {
			if first {
				first = false
				return initial, nil
			}
			return scan()
		},
	})
	st := live.Stats()
	if o.stats {
		secs := time.Since(start).Seconds()
		fmt.Fprintf(stderr, "recorded %d events in %.1fs (%.0f/s) to %s; probe wrote %d, dropped %d%s\n",
			res.Events, secs, float64(res.Events)/secs, strings.Join(res.Files, ", "), st.Events, st.Drops, dropDetail(st))
	}
	return err
}

func reportStats(w io.Writer, src capture.Source, done <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	prev := src.Stats()
	for {
		select {
		case <-done:
			return
		case <-t.C:
		}
		s := src.Stats()
		fmt.Fprintf(w, "events/s %d  drops/s %d  total events %d  drops %d%s\n",
			s.Delivered-prev.Delivered, s.Drops-prev.Drops, s.Delivered, s.Drops, dropDetail(s))
		prev = s
	}
}

func dropDetail(s capture.Stats) string {
	if len(s.DropsByCategory) == 0 {
		return ""
	}
	var parts []string
	for k, v := range s.DropsByCategory {
		parts = append(parts, fmt.Sprintf("%s=%d", k, v))
	}
	return " (" + strings.Join(parts, " ") + ")"
}

// explainLoadError turns a probe loading failure into one line saying what to do; the
// conditions a user can fix exit with status 2.
func explainLoadError(err error) error {
	switch {
	case errors.Is(err, probe.ErrPermission):
		return usageError{errors.New("record: not permitted to load the eBPF probe: run as root, or grant CAP_BPF and CAP_PERFMON")}
	case errors.Is(err, probe.ErrNoBTF):
		return usageError{errors.New("record: this kernel exposes no BTF (/sys/kernel/btf/vmlinux): use a kernel built with CONFIG_DEBUG_INFO_BTF=y")}
	case errors.Is(err, probe.ErrNotSupported):
		return usageError{fmt.Errorf("record: this kernel lacks eBPF support scry needs (ring buffers, BTF or raw tracepoints; Linux 5.8 or later): %w", err)}
	}
	return err
}
