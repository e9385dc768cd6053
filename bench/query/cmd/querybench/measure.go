package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

// contender is one command timed against others.
type contender struct {
	name string
	args []string
}

// run is one run of a contender: wall-clock time from start to exit, CPU time and peak
// resident set size of the process (its rusage from wait4, what /usr/bin/time -v reports
// as "Maximum resident set size"), and its standard output.
type run struct {
	wall, cpu time.Duration
	rssKB     int64
	out       []byte
}

// runOnce runs a command to completion.
func runOnce(c contender) (run, error) {
	cmd := exec.Command(c.name, c.args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	t0 := time.Now()
	err := cmd.Run()
	wall := time.Since(t0)
	if err != nil {
		return run{}, fmt.Errorf("%s %s: %w: %s", c.name, strings.Join(c.args, " "), err, errb.String())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return run{}, fmt.Errorf("%s: no resource usage", c.name)
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return run{wall: wall, cpu: cpu, rssKB: ru.Maxrss, out: out.Bytes()}, nil
}

// stats summarises the runs of one contender.
type stats struct {
	runs                 []run
	bestWall, medianWall time.Duration
	bestCPU, medianCPU   time.Duration
	peakRSSKB            int64
	out                  []byte // standard output of the first run
}

func summarize(runs []run) stats {
	s := stats{runs: runs, out: runs[0].out}
	walls := make([]time.Duration, len(runs))
	cpus := make([]time.Duration, len(runs))
	for i, r := range runs {
		walls[i], cpus[i] = r.wall, r.cpu
		s.peakRSSKB = max(s.peakRSSKB, r.rssKB)
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	s.bestWall, s.medianWall = walls[0], walls[len(walls)/2]
	s.bestCPU, s.medianCPU = cpus[0], cpus[len(cpus)/2]
	return s
}

// alternate runs the contenders in turn, rounds times, starting each round with the next
// contender so that none always follows the same one; the machine's load changes over the
// run, and alternating spreads it over every contender alike.
func alternate(rounds int, cs ...contender) ([]stats, error) {
	runs := make([][]run, len(cs))
	for r := range rounds {
		for k := range cs {
			i := (r + k) % len(cs)
			res, err := runOnce(cs[i])
			if err != nil {
				return nil, err
			}
			runs[i] = append(runs[i], res)
		}
	}
	out := make([]stats, len(cs))
	for i := range cs {
		out[i] = summarize(runs[i])
	}
	return out, nil
}

// loadAverage is the first three fields of /proc/loadavg.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/1e6) }

func ratio(a, b time.Duration) string {
	if b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1fx", float64(a)/float64(b))
}
