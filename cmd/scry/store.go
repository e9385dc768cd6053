package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/scrylabs/scry/store"
)

func newStoreCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "store",
		Short: "List and prune a store of segments",
	}
	cmd.AddCommand(newStoreLsCmd(), newStorePruneCmd())
	return cmd
}

func storeDir(args []string) string {
	if len(args) > 0 {
		return args[0]
	}
	return store.DefaultDir()
}

// warnProblems prints the files a store listing left out.
func warnProblems(w io.Writer, s *store.Store) {
	for _, p := range s.Problems() {
		fmt.Fprintln(w, "scry: warning: skipped", p)
	}
}

func newStoreLsCmd() *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "ls [DIR]",
		Short: "List segments: time range, events, size (a table on a terminal, -o json for scripts)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := store.Open(storeDir(args))
			if err != nil {
				return err
			}
			warnProblems(cmd.ErrOrStderr(), s)
			out := cmd.OutOrStdout()
			switch output {
			case "json":
				return lsJSON(out, s)
			case "table":
				return lsTable(out, s, true)
			case "":
				f, ok := out.(*os.File)
				return lsTable(out, s, ok && term.IsTerminal(int(f.Fd())))
			}
			return usageError{fmt.Errorf("store ls: -o %q: want table or json", output)}
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "output format: table or json (default: table on a terminal, tab-separated otherwise)")
	return cmd
}

type lsSegment struct {
	Path     string           `json:"path"`
	Host     string           `json:"host"`
	Start    string           `json:"start"`
	End      string           `json:"end"`
	StartNs  uint64           `json:"start_ns"`
	EndNs    uint64           `json:"end_ns"`
	Events   int64            `json:"events"`
	Size     int64            `json:"size"`
	Snapshot string           `json:"snapshot"`
	Types    map[string]int64 `json:"types"`
}

func lsJSON(w io.Writer, s *store.Store) error {
	segs := []lsSegment{}
	for _, seg := range s.Segments() {
		segs = append(segs, lsSegment{Path: seg.Rel, Host: seg.Host, Start: fmtTime(seg.Stats.MinTs), End: fmtTime(seg.Stats.MaxTs),
			StartNs: seg.Stats.MinTs, EndNs: seg.Stats.MaxTs, Events: seg.Stats.Events, Size: seg.Size,
			Snapshot: seg.Snapshot, Types: seg.Stats.Types})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{"store": s.Root, "segments": segs, "size": s.Size()})
}

// lsTable prints aligned columns for a person, or tab-separated lines for a pipe.
func lsTable(w io.Writer, s *store.Store, human bool) error {
	var tw io.Writer = w
	var flush func() error
	if human {
		t := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		tw, flush = t, t.Flush
	}
	fmt.Fprintln(tw, "START\tEND\tEVENTS\tSIZE\tSEGMENT\t")
	var events int64
	for _, seg := range s.Segments() {
		size := strconv.FormatInt(seg.Size, 10)
		if human {
			size = fmtSize(seg.Size)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t\n", fmtTime(seg.Stats.MinTs), fmtTime(seg.Stats.MaxTs), seg.Stats.Events, size, seg.Rel)
		events += seg.Stats.Events
	}
	if human {
		fmt.Fprintf(tw, "\t%d segments\t%d\t%s\t%s\t\n", len(s.Segments()), events, fmtSize(s.Size()), s.Root)
		return flush()
	}
	return nil
}

func fmtTime(ns uint64) string {
	return store.TimeOf(ns).Format("2006-01-02T15:04:05.000000000Z")
}

func fmtSize(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	v, i := float64(n), 0
	for v >= 1024 && i < len(units)-1 {
		v, i = v/1024, i+1
	}
	if i == 0 {
		return fmt.Sprintf("%d B", n)
	}
	return fmt.Sprintf("%.1f %s", v, units[i])
}

func newStorePruneCmd() *cobra.Command {
	var maxAge, maxSize string
	var dry bool
	cmd := &cobra.Command{
		Use:   "prune [DIR] --max-age D --max-size S",
		Short: "Remove segments older than D (by their last event) and the oldest beyond S bytes",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var o store.PruneOptions
			var err error
			if maxAge != "" {
				if o.MaxAge, err = parseAge(maxAge); err != nil {
					return usageError{fmt.Errorf("store prune: --max-age: %w", err)}
				}
			}
			if maxSize != "" {
				if o.MaxSize, err = parseSize(maxSize); err != nil {
					return usageError{fmt.Errorf("store prune: --max-size: %w", err)}
				}
			}
			if o.MaxAge == 0 && o.MaxSize == 0 {
				return usageError{fmt.Errorf("store prune: give --max-age, --max-size or both")}
			}
			o.DryRun = dry
			removed, err := store.Prune(storeDir(args), o)
			verb := "removed"
			if dry {
				verb = "would remove"
			}
			for _, seg := range removed {
				fmt.Fprintf(cmd.OutOrStdout(), "%s %s (%d events, %s)\n", verb, seg.Rel, seg.Stats.Events, fmtSize(seg.Size))
			}
			return err
		},
	}
	cmd.Flags().StringVar(&maxAge, "max-age", "", "keep segments whose last event is newer than this (e.g. 36h, 30d, 2w)")
	cmd.Flags().StringVar(&maxSize, "max-size", "", "then keep the newest segments within this total size (e.g. 10G)")
	cmd.Flags().BoolVar(&dry, "dry-run", false, "only say what would be removed")
	return cmd
}

// parseAge parses a Go duration, or a whole number of days (d) or weeks (w).
func parseAge(s string) (time.Duration, error) {
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.ParseUint(n, 10, 32)
			if err != nil {
				return 0, fmt.Errorf("age %q: want a duration like 36h, 30d or 2w", s)
			}
			return time.Duration(v) * unit, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("age %q: want a duration like 36h, 30d or 2w", s)
	}
	return d, nil
}
