package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrylabs/scry/drivers/probe"
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
	for _, args := range [][]string{
		{"record"},
		{"record", "-w", out, "proc.name="},
		{"record", "-w", out, "--attach", "kprobe"},
		{"record", "--store", t.TempDir()},
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
}
