// Command genbig writes a large capture for benchmarks.
//
// By default (-mode host) it simulates a host whose activity changes over time: the
// corpus captures are workloads (web and application servers that run all day, a batch
// job at night, people's commands in office hours, a few rare events) whose sessions
// start at random times following each workload's hour-of-day profile, run with their
// events spread over time, and interleave in time order over -span. Every session's
// processes get pids of their own: they start with clone events (forked from an idle copy
// of the recorded process, whose fds they inherit) and end with procexit events; daemons
// keep their processes from session to session. So process names, pids and files appear
// in some periods and not in others, and rare events are rare. Without the corpus the
// workloads are synthetic.
//
// -mode repeat is the older generator: the events of one capture (-src) repeated with
// shifted timestamps and thread ids, the process table copied once per tid family.
//
//	go run ./bench/cmd/genbig -n 10000000 -o /tmp/big.scap
//	go run ./bench/cmd/genbig -mode repeat -n 5000000 -o /tmp/big.scap
package main

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/scrylabs/scry/formats/scap"
)

var le = binary.LittleEndian

func main() {
	n := flag.Int("n", 5000000, "number of events to write")
	out := flag.String("o", "/tmp/big.scap", "output capture (.scap, .scap.gz or .scap.zst)")
	mode := flag.String("mode", "host", "host (a host's changing activity) or repeat (one capture repeated)")
	corpus := flag.String("corpus", "../shared/corpus/raw", "host mode: folder of the captures used as workloads; synthetic workloads when absent")
	span := flag.Duration("span", 24*time.Hour, "host mode: time the events are spread over")
	start := flag.String("start", "2024-05-06T00:00:00Z", "host mode: when the timeline starts (RFC 3339)")
	seed := flag.Uint64("seed", 1, "host mode: random seed")
	hostname := flag.String("hostname", "bench-host", "host mode: the machine's host name")
	src := flag.String("src", "../shared/corpus/raw/libs-sdk-go--httpd.scap", "repeat mode: capture whose events are repeated; synthetic events when absent")
	families := flag.Int("families", 8, "repeat mode: number of distinct tid shifts (copies of the process table)")
	flag.Parse()
	var err error
	switch *mode {
	case "host":
		var at time.Time
		if at, err = time.Parse(time.RFC3339, *start); err != nil {
			err = fmt.Errorf("-start: %w", err)
			break
		}
		err = runHost(*out, *corpus, hostOptions{n: *n, span: *span, start: at, seed: *seed, hostname: *hostname})
	case "repeat":
		err = runRepeat(*n, *out, *src, *families)
	default:
		err = fmt.Errorf("-mode %q: want host or repeat", *mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genbig:", err)
		os.Exit(1)
	}
}

func compressionOf(path string) scap.Compression {
	switch filepath.Ext(path) {
	case ".gz":
		return scap.CompressGzip
	case ".zst":
		return scap.CompressZstd
	}
	return scap.CompressNone
}

// runHost writes the host timeline of o to out.
func runHost(out, corpus string, o hostOptions) error {
	templates, err := loadTemplates(corpus)
	from := corpus
	if errors.Is(err, os.ErrNotExist) {
		templates, from = syntheticTemplates(), "synthetic workloads"
	} else if err != nil {
		return err
	}
	w, err := scap.Create(out, scap.WriterOptions{Compression: compressionOf(out)})
	if err != nil {
		return err
	}
	sum, err := generateHost(w, templates, o)
	if err != nil {
		w.Close()
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%s: %d events from %s, %s to %s; %d processes started by %d sessions; %d idle processes\n",
		out, sum.events, from, timeOf(sum.first), timeOf(sum.last), sum.processes, total(sum.sessions), sum.imageProcs)
	var names []string
	for name := range sum.sessions {
		names = append(names, name)
	}
	slices.Sort(names)
	var parts []string
	for _, name := range names {
		parts = append(parts, fmt.Sprintf("%s %d", name, sum.sessions[name]))
	}
	fmt.Fprintf(os.Stderr, "sessions: %s\n", strings.Join(parts, ", "))
	return nil
}

func timeOf(ns uint64) string { return time.Unix(0, int64(ns)).UTC().Format(time.RFC3339) }

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
