package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/store"
	"github.com/scrylabs/scry/store/enrich"
)

type importOptions struct {
	dir       string
	host      string
	maxEvents int64
	maxBytes  string
	maxSpan   time.Duration
	plain     bool
}

func newImportCmd() *cobra.Command {
	var o importOptions
	cmd := &cobra.Command{
		Use:   "import IN... [--store DIR]",
		Short: "Add captures (.scap, .scap.gz, .scap.zst, .parquet) to a store as segments",
		Long: "import reads each capture in turn and writes its events into segments of the " +
			"store (default " + store.DefaultDir() + "), each with the state snapshot at its " +
			"start, rolled by event count, size and time.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runImport(cmd, args, &o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.dir, "store", "", "store directory (default "+store.DefaultDir()+")")
	f.StringVar(&o.host, "host", "", "host partition (default: the capture's hostname)")
	f.Int64Var(&o.maxEvents, "segment-events", store.DefaultMaxEvents, "events per segment")
	f.StringVar(&o.maxBytes, "segment-size", "256M", "size per segment (bytes, or with K, M, G)")
	f.DurationVar(&o.maxSpan, "segment-span", store.DefaultMaxSpan, "event-time span per segment (segments also end at each hour)")
	f.BoolVar(&o.plain, "no-enrich", false, "leave the state columns null (faster; segments still carry exact state snapshots)")
	return cmd
}

func runImport(cmd *cobra.Command, ins []string, o *importOptions) error {
	maxBytes, err := parseSize(o.maxBytes)
	if err != nil {
		return usageError{fmt.Errorf("import: --segment-size: %w", err)}
	}
	dir := o.dir
	if dir == "" {
		dir = store.DefaultDir()
	}
	tracker := newTracker()
	if o.plain {
		tracker = enrich.NewStateOnly() // exact snapshots still need the state
	}
	w, err := store.NewWriter(dir, store.WriterOptions{Host: o.host, MaxEvents: o.maxEvents, MaxBytes: maxBytes,
		MaxSpan: o.maxSpan, Tracker: tracker})
	if err != nil {
		return err
	}
	var total int64
	for _, in := range ins {
		n, err := importOne(w, in)
		total += n
		if err != nil {
			if cerr := w.Close(); cerr != nil {
				err = errors.Join(err, cerr)
			}
			return fmt.Errorf("import %s: kept the %d events before the error: %w", in, n, err)
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "%s: %d events in %d segments\n", dir, total, len(w.Segments()))
	return nil
}

// importOne writes the events of one capture into the store writer.
func importOne(w *store.Writer, in string) (int64, error) {
	src, size, done, err := openSource(in)
	if err != nil {
		return 0, err
	}
	defer src.Close()
	bar := newProgress(size, "import "+in)
	defer bar.finish()
	var last *scap.Section
	var n int64
	var ev event.Event
	for {
		err := src.Next(&ev)
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if s := src.Section(); s != last {
			last = s
			if err := w.BeginSection(s); err != nil {
				return n, err
			}
		}
		if err := w.Write(&ev); err != nil {
			return n, err
		}
		if n++; n%(1<<14) == 0 {
			bar.set(done())
		}
	}
}

// parseSize parses a byte count with an optional K, M, G or T suffix (powers of 1024).
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(strings.ToUpper(s))
	s = strings.TrimSuffix(strings.TrimSuffix(s, "B"), "I")
	mult := int64(1)
	if n := len(s); n > 0 {
		switch s[n-1] {
		case 'K':
			mult = 1 << 10
		case 'M':
			mult = 1 << 20
		case 'G':
			mult = 1 << 30
		case 'T':
			mult = 1 << 40
		}
		if mult > 1 {
			s = s[:n-1]
		}
	}
	var v int64
	if _, err := fmt.Sscan(s, &v); err != nil || v < 0 {
		return 0, fmt.Errorf("size %q is not a number of bytes (e.g. 512M)", s)
	}
	return v * mult, nil
}

// newTracker returns the state tracker that fills the enriched columns.
func newTracker() store.Tracker {
	t, err := enrich.New()
	if err != nil {
		panic(err) // the column table names fields that do not exist: a build defect
	}
	return t
}
