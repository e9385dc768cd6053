package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/query/rules"
	"github.com/scrylabs/scry/state"
)

type huntOptions struct {
	rules      []string
	out        string
	allMatches bool
	utc        bool
	quiet      bool
	check      bool
}

func newHuntCmd() *cobra.Command {
	var o huntOptions
	cmd := &cobra.Command{
		Use:   "hunt --rules FILE [--rules FILE...] CAPTURE...",
		Short: "Run Falco rules over captures and print their alerts",
		Long: "hunt loads Falco rule files (lists, macros, rules, exceptions, append and override), " +
			"replays each capture through the state engine and prints an alert for every event a " +
			"rule matches, as Falco does: 'HH:MM:SS.nnnnnnnnn: Priority output' lines, or Falco's " +
			"JSON objects with -o json. Rules that use fields scry does not know are reported on " +
			"stderr and skipped; the others run.",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(o.rules) == 0 {
				return usageError{errors.New("hunt: no rules file given (--rules FILE)")}
			}
			if o.check {
				return runHuntCheck(cmd.OutOrStdout(), &o)
			}
			if len(args) == 0 {
				return usageError{errors.New("hunt: no capture given")}
			}
			if o.out != "" && o.out != "text" && o.out != "json" {
				return usageError{fmt.Errorf("hunt: -o %q: want text or json", o.out)}
			}
			return runHunt(cmd.OutOrStdout(), cmd.ErrOrStderr(), &o, args)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.rules, "rules", nil, "Falco rules file (repeat for more, loaded in order)")
	f.StringVarP(&o.out, "output", "o", "text", "alert format: text or json")
	f.BoolVar(&o.allMatches, "all-matches", false, "alert for every matching rule, not only the first")
	f.BoolVar(&o.utc, "utc", false, "print text alert times in UTC instead of local time")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "do not report skipped rules and totals on stderr")
	f.BoolVar(&o.check, "check", false, "only load and compile the rules: list the rules that do not compile and the totals")
	return cmd
}

func loadRules(paths []string) (*rules.Ruleset, error) {
	rs := rules.NewRuleset()
	for _, path := range paths {
		if err := rs.LoadFile(path); err != nil {
			return nil, usageError{fmt.Errorf("hunt: %w", err)}
		}
	}
	return rs, nil
}

// runHuntCheck compiles the rules and reports, one line per rule that does not
// compile, then the totals.
func runHuntCheck(stdout io.Writer, o *huntOptions) error {
	rs, err := loadRules(o.rules)
	if err != nil {
		return err
	}
	_, ruleErrs, sum := rs.Compile(nil)
	for _, e := range ruleErrs {
		fmt.Fprintln(stdout, e)
	}
	fmt.Fprintf(stdout, "%d rules: %d compiled (%d enabled, %d disabled), %d not compiled (%d for unknown fields), %d of other sources\n",
		sum.Rules, sum.Compiled, sum.Running, sum.Compiled-sum.Running, sum.Failed, sum.UnknownFields, sum.OtherSource)
	return nil
}

func runHunt(stdout, stderr io.Writer, o *huntOptions, captures []string) error {
	rs, err := loadRules(o.rules)
	if err != nil {
		return err
	}
	loc := time.Local
	if o.utc {
		loc = time.UTC
	}
	hostname, _ := os.Hostname()
	eng, ruleErrs, sum := rs.Compile(&rules.Options{AllMatches: o.allMatches})
	if !o.quiet {
		for _, e := range ruleErrs {
			fmt.Fprintf(stderr, "scry: hunt: skipping %v\n", e)
		}
	}
	w := bufio.NewWriterSize(stdout, 1<<16)
	var line []byte
	var writeErr error
	emit := func(a *rules.Alert) {
		line = line[:0]
		if o.out == "json" {
			line = a.AppendJSON(line, loc, hostname)
		} else {
			line = a.AppendText(line, loc)
		}
		line = append(line, '\n')
		if _, err := w.Write(line); err != nil && writeErr == nil {
			writeErr = err
		}
	}
	for _, path := range captures {
		if err := huntCapture(path, eng, emit); err != nil {
			w.Flush()
			return err
		}
		if writeErr != nil {
			return fmt.Errorf("hunt: write alerts: %w", writeErr)
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("hunt: write alerts: %w", err)
	}
	if !o.quiet {
		st := eng.Stats()
		fmt.Fprintf(stderr, "scry: hunt: %d rules running (%d loaded, %d disabled, %d skipped), %d events, %d alerts\n",
			sum.Running, sum.Rules, sum.Disabled, sum.Failed+sum.OtherSource, st.Events, st.Alerts)
	}
	return nil
}

// huntCapture replays one capture through a fresh state engine and runs the rules on
// every event the engine keeps.
func huntCapture(path string, eng *rules.Engine, emit func(*rules.Alert)) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return usageError{fmt.Errorf("hunt: %s is a directory; store directories are not supported yet", path)}
	}
	// Start-up builds the capture's state with little garbage: the collector waits
	// until the first section is loaded, as in scry read.
	var gc startupCollector
	gc.pause()
	defer gc.resume()
	r, err := scap.Open(path)
	if err != nil {
		return fmt.Errorf("hunt: %w", err)
	}
	defer r.Close()
	st := state.New(state.Options{})
	var section *scap.Section
	err = eachBatch(r, true, func(evs []event.Event, s *scap.Section) error {
		if s != section {
			section = s
			st.LoadSection(s)
			gc.resume()
		}
		for i := range evs {
			ctx := st.Process(&evs[i])
			if !ctx.Hidden {
				eng.Process(ctx, st, emit)
			}
			st.EndEvent(ctx)
		}
		return nil
	})
	if errors.Is(err, io.EOF) {
		return nil
	}
	return fmt.Errorf("hunt: %s: %w", path, err)
}
