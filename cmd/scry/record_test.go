package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/scrylabs/scry/capture/recorder"
	"github.com/scrylabs/scry/drivers/probe"
	"github.com/scrylabs/scry/store"
)

func TestExplainLoadError(t *testing.T) {
	cases := []struct {
		err  error
		want string // "" means the error passes through unchanged
	}{
		{&probe.LoadError{Step: "load", Kind: probe.ErrPermission, Err: os.ErrPermission}, "run as root"},
		{&probe.LoadError{Step: "find kernel BTF", Kind: probe.ErrNoBTF, Err: os.ErrNotExist}, "CONFIG_DEBUG_INFO_BTF"},
		{&probe.LoadError{Step: "load", Kind: probe.ErrNotSupported, Err: errors.New("x")}, "Linux 5.8"},
		{errors.New("something else"), ""},
	}
	for _, c := range cases {
		got := explainLoadError(c.err)
		var ue usageError
		if c.want == "" {
			if errors.As(got, &ue) || got != c.err {
				t.Errorf("%v became %v", c.err, got)
			}
			continue
		}
		if !errors.As(got, &ue) {
			t.Errorf("%v: not a usage error (exit 2): %v", c.err, got)
			continue
		}
		msg := got.Error()
		if !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
			t.Errorf("%v: message %q, want one line mentioning %q", c.err, msg, c.want)
		}
	}
}

func TestRecordUsageErrors(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.scap")
	dir := filepath.Join(t.TempDir(), "store")
	for _, args := range [][]string{
		{"record", "-w", out, "proc.name="},
		{"record", "-w", out, "--attach", "kprobe"},
		{"record", "-w", out, "--store", dir},
		{"record", "-w", out, "--max-age", "1d"},
		{"record", "--store", dir, "-C", "10"},
		{"record", "--store", dir, "-W", "3"},
		{"record", "--store", dir, "--segment-size", "lots"},
		{"record", "--store", dir, "--max-age", "soon"},
		{"record", "--store", dir, "--max-size", "-1"},
		{"record", "--store", dir, "--retention-every", "0s"},
		{"record", "--store", dir, "proc.name="},
	} {
		root := newRootCmd()
		root.SetArgs(args)
		root.SetOut(&strings.Builder{})
		root.SetErr(&strings.Builder{})
		err := root.Execute()
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("%q: want a usage error, got %v", args, err)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a rejected command created its output file")
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("a rejected command created its store")
	}
}

// TestRecordProcess runs scry with the arguments in SCRY_RECORD_ARGS (separated by unit
// separators, \x1f) and exits with scry's status; TestRecordStoreLive runs it as a recorder.
func TestRecordProcess(t *testing.T) {
	args := os.Getenv("SCRY_RECORD_ARGS")
	if args == "" {
		t.Skip("run by TestRecordStoreLive")
	}
	root := newRootCmd()
	root.SetArgs(strings.Split(args, "\x1f"))
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "scry:", err)
		var ue usageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
	os.Exit(0)
}

// TestRecordStoreLive records this host into a store while a known workload runs, ends
// the recording with SIGINT or SIGTERM (exit status 0), and finds the workload with scry
// query: the opens of a tagged file by cat, with the process name from the enriched
// columns.
func TestRecordStoreLive(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("live capture needs root")
	}
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) { recordStoreLive(t, sig) })
	}
}

func recordStoreLive(t *testing.T, sig os.Signal) {
	dir := filepath.Join(t.TempDir(), "store")
	tag := fmt.Sprintf("scry-record-store-%d", os.Getpid())
	file := filepath.Join(t.TempDir(), tag)
	if err := os.WriteFile(file, []byte("hi\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRecordProcess$")
	cmd.Env = append(os.Environ(), "SCRY_RECORD_ARGS="+strings.Join([]string{"record", "--store", dir, "--segment-events", "20000", "-M", "60"}, "\x1f"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// The store's lock appears once the probe is attached and the host state scanned.
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(dir, ".journal", "lock")); err == nil {
			break
		}
		select {
		case err := <-exited:
			if strings.Contains(stderr.String(), "not permitted") || strings.Contains(stderr.String(), "no BTF") ||
				strings.Contains(stderr.String(), "lacks eBPF support") {
				t.Skipf("BPF unavailable here: %s", stderr.String())
			}
			t.Fatalf("recorder ended before recording (%v): %s", err, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("recorder did not start within 30s: %s", stderr.String())
		}
	}
	for i := 0; i < 3; i++ {
		if out, err := exec.Command("cat", file).CombinedOutput(); err != nil {
			t.Fatalf("cat: %v %s", err, out)
		}
	}
	time.Sleep(200 * time.Millisecond) // let the reader drain the rings
	cmd.Process.Signal(sig)
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("recorder ended with %v after %v, want status 0: %s", err, sig, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("recorder still running 30s after %v: %s", sig, stderr.String())
	}
	t.Log(strings.TrimSpace(stderr.String()))

	var out strings.Builder
	q := fmt.Sprintf("SELECT proc.name, count(*) AS n FROM '%s' WHERE evt.type in (open, openat) and evt.dir=< and fd.name contains %s GROUP BY proc.name", dir, tag)
	if err := runQuery(context.Background(), &out, q, &queryOptions{output: "csv", path: "stored"}); err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(rows) != 2 || !strings.HasPrefix(rows[1], "cat,") {
		t.Fatalf("query %s:\n%s\nwant one row for cat", q, out.String())
	}
	if n, err := strconv.Atoi(strings.TrimPrefix(rows[1], "cat,")); err != nil || n < 3 {
		t.Fatalf("cat opened %s %s times in the store, want at least 3", tag, strings.TrimPrefix(rows[1], "cat,"))
	}
	// Segments are their owner's alone, and a clean end leaves no journal behind.
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Segments()) == 0 {
		t.Fatal("no segment in the store")
	}
	for _, seg := range s.Segments() {
		if fi, err := os.Stat(seg.Path); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("segment %s: mode %v, %v; want 0600", seg.Rel, fi.Mode().Perm(), err)
		}
	}
	if j, _ := filepath.Glob(filepath.Join(dir, ".journal", "*.journal")); len(j) != 0 {
		t.Fatalf("journals left after a clean end: %v", j)
	}
}

// TestStoreRecordOptions checks how the store flags become recorder options.
func TestStoreRecordOptions(t *testing.T) {
	var o recordOptions
	f := pflag.NewFlagSet("record", pflag.ContinueOnError)
	bindRecordFlags(f, &o)
	if err := f.Parse([]string{"--store", "/tmp/s", "--segment-events", "5000", "--segment-size", "64M",
		"--segment-span", "10m", "--host", "h1", "--max-age", "2d", "--max-size", "1G", "--retention-every", "30s",
		"--no-enrich", "-n", "42", "--spool-max", "512M"}); err != nil {
		t.Fatal(err)
	}
	so, err := storeRecordOptions(&o)
	if err != nil {
		t.Fatal(err)
	}
	seg := so.Segment
	if so.Root != "/tmp/s" || seg.MaxEvents != 5000 || seg.MaxBytes != 64<<20 || seg.MaxSpan != 10*time.Minute ||
		seg.Host != "h1" || so.Retention.MaxAge != 48*time.Hour || so.Retention.MaxSize != 1<<30 ||
		so.RetentionEvery != 30*time.Second || so.StopAfter != 42 || so.NewTracker == nil || so.SpoolMaxBytes != 512<<20 {
		t.Fatalf("options %+v", so)
	}
	if tr, err := so.NewTracker(); err != nil || tr == nil {
		t.Fatalf("--no-enrich tracker: %v", err)
	}
	// Without the flags: the default store, no retention, the enriching tracker.
	var d recordOptions
	bindRecordFlags(pflag.NewFlagSet("record", pflag.ContinueOnError), &d)
	so, err = storeRecordOptions(&d)
	if err != nil {
		t.Fatal(err)
	}
	if so.Root != store.DefaultDir() || so.Retention.MaxAge != 0 || so.Retention.MaxSize != 0 || so.NewTracker != nil ||
		so.SpoolMaxBytes != recorder.DefaultSpoolMaxBytes {
		t.Fatalf("default options %+v", so)
	}
}
