package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/scrylabs/scry/query/exec"
	"github.com/scrylabs/scry/query/plan"
	"github.com/scrylabs/scry/query/sql"
	"github.com/scrylabs/scry/store"
)

type queryOptions struct {
	output  string
	to      string
	store   string
	path    string
	workers int
}

func newQueryCmd() *cobra.Command {
	var o queryOptions
	cmd := &cobra.Command{
		Use:   "query [flags] QUERY",
		Short: "Run a SQL-like query (or a filter alone) over a store, Parquet files or a capture",
		Long: `query runs one statement of scry's query language:

  [EXPLAIN] SELECT expr [AS name], ... [FROM source] [WHERE filter] [SINCE t] [UNTIL t]
      [GROUP BY expr, ...] [HAVING cond] [ORDER BY expr [ASC|DESC], ...] [LIMIT n]

The WHERE clause is sysdig/Falco filter language, unchanged. FROM names a scap capture,
a scry Parquet file, a glob of them ('dir/**/*.parquet') or a store directory; without
FROM the default store is read. A query that is a filter alone lists the matching events
like scry read. EXPLAIN shows the files, row groups and pages read and skipped and where
each field comes from. See docs/query.md.`,
		Example: `  scry query "SELECT proc.name, count(*) AS n WHERE evt.type in (open, openat) and fd.name startswith /etc GROUP BY proc.name ORDER BY n DESC LIMIT 10"
  scry query -o csv "SELECT count(*) FROM 'capture.scap' WHERE proc.name=bash"
  scry query "SELECT bucket(evt.time, 1m) AS t, count(*) FROM /data/store SINCE '-2h' GROUP BY t ORDER BY t"
  scry query "proc.name=sshd and evt.type=execve"`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runQuery(cmd.Context(), cmd.OutOrStdout(), strings.Join(args, " "), &o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.output, "output", "o", "table", "output format: "+strings.Join(exec.Formats, ", "))
	f.StringVar(&o.to, "to", "", "write the result to this file instead of standard output")
	f.StringVar(&o.store, "store", "", "store a query without FROM reads (default "+store.DefaultDir()+")")
	f.StringVar(&o.path, "path", "auto", "how fields are answered: auto, replay (state engine) or stored (columns only)")
	f.IntVarP(&o.workers, "workers", "j", 0, "files scanned at once (default: one per core)")
	return cmd
}

// gcFirst is how large the heap grows before a query's first garbage collection. A
// query over a small part of the data (a short time range, a few segments) ends before
// it and pays for no collection at all; one over much data collects from there on with
// the usual pacing.
const gcFirst = 64 << 20

// deferGC turns garbage collection off until the heap reaches gcFirst, once per
// process: a command runs one query.
func deferGC() { gcDeferred.Do(func() { deferGCUntil(gcFirst) }) }

var gcDeferred sync.Once

// deferGCUntil turns garbage collection off until the heap reaches limit (a memory limit
// triggers that collection), after which the settings in force, GOGC and GOMEMLIMIT
// included, are restored. A lower GOMEMLIMIT is kept. A second call before that
// collection supersedes the first: the settings restored are those of before the first.
func deferGCUntil(limit int64) {
	gcDeferral.Lock()
	defer gcDeferral.Unlock()
	if !gcDeferral.active {
		gcDeferral.percent = debug.SetGCPercent(-1)
		gcDeferral.limit = debug.SetMemoryLimit(-1)
		gcDeferral.active = true
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(min(gcDeferral.limit, limit))
	gcDeferral.gen++
	gen := gcDeferral.gen
	// The first collection frees this object and runs its finalizer.
	runtime.SetFinalizer(new([16]byte), func(*[16]byte) {
		gcDeferral.Lock()
		defer gcDeferral.Unlock()
		if gcDeferral.active && gcDeferral.gen == gen {
			debug.SetGCPercent(gcDeferral.percent)
			debug.SetMemoryLimit(gcDeferral.limit)
			gcDeferral.active = false
		}
	})
}

// gcDeferral is the garbage collector's settings saved by the latest deferGCUntil.
var gcDeferral struct {
	sync.Mutex
	active  bool
	gen     int
	percent int
	limit   int64
}

// caretError shows a query error with the query line and a caret under the column.
type caretError struct{ e *sql.Error }

func (c caretError) Error() string { return c.e.Error() + "\n" + c.e.Caret() }
func (c caretError) Unwrap() error { return c.e }

func runQuery(ctx context.Context, stdout io.Writer, text string, o *queryOptions) error {
	deferGC()
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := cancelOnInterrupt(ctx, interruptAfter)
	defer stop()
	opts := plan.Options{DefaultStore: o.store}
	if opts.DefaultStore == "" {
		opts.DefaultStore = store.DefaultDir()
	}
	switch o.path {
	case "auto":
	case "replay":
		opts.Path = plan.PathReplay
	case "stored":
		opts.Path = plan.PathStored
	default:
		return usageError{fmt.Errorf("query: --path %q: want auto, replay or stored", o.path)}
	}
	st, err := sql.Parse(text)
	if err != nil {
		return queryError(err)
	}
	p, err := plan.Build(st, opts)
	if err != nil {
		return queryError(err)
	}
	defer p.Close()
	out := stdout
	if o.to != "" {
		f, err := os.Create(o.to)
		if err != nil {
			return fmt.Errorf("query: %w", err)
		}
		defer f.Close()
		out = f
	}
	if st.Explain {
		_, err := io.WriteString(out, p.Explain.String())
		return err
	}
	w, err := exec.NewWriter(o.output, out, p.Query.List)
	if err != nil {
		return usageError{fmt.Errorf("query: %w", err)}
	}
	if err := p.Run(ctx, w, o.workers); err != nil {
		return queryError(err)
	}
	return nil
}

// queryError marks errors in the query text as usage errors that show a caret.
func queryError(err error) error {
	var qe *sql.Error
	if errors.As(err, &qe) {
		return usageError{caretError{qe}}
	}
	return fmt.Errorf("query: %w", err)
}
