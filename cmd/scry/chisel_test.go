package main

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/scrylabs/scry/chisel"
)

// The argument rules are those sysdig 0.29.3 applies to `-c NAME WORDS...`.
func TestSplitChiselArgs(t *testing.T) {
	tk := chisel.DefaultToolkit()
	oneRequired := &chisel.Info{Name: "fdbytes_by", Args: []chisel.Arg{{Name: "key"}}}
	twoOptional := &chisel.Info{Name: "spy_users", Args: []chisel.Arg{{Name: "max_depth", Optional: true}, {Name: "disable_color", Optional: true}}}
	mixed := &chisel.Info{Name: "two", Args: []chisel.Arg{{Name: "a"}, {Name: "b", Optional: true}}}
	none := &chisel.Info{Name: "topfiles_bytes"}
	filterArg := &chisel.Info{Name: "lsof", Args: []chisel.Arg{{Name: "filter", Type: "filter", Optional: true}}}
	cases := []struct {
		info   *chisel.Info
		words  []string
		args   []string
		filter string
	}{
		{oneRequired, []string{"fd.name"}, []string{"fd.name"}, ""},
		{oneRequired, []string{"proc.name", "evt.type=read", "and", "fd.num>2"}, []string{"proc.name"}, "evt.type=read and fd.num>2"},
		// All optional: the word is an argument unless it is a valid filter.
		{twoOptional, []string{"2"}, []string{"2"}, ""},
		{twoOptional, []string{"proc.name=cat"}, nil, "proc.name=cat"},
		{twoOptional, []string{"2", "proc.name=cat"}, []string{"2"}, "proc.name=cat"},
		// Several arguments travel in one word, separated by spaces.
		{twoOptional, []string{"2 disable_color"}, []string{"2", "disable_color"}, ""},
		{mixed, []string{"x", "y"}, []string{"x"}, "y"},
		{none, []string{"proc.name=cat"}, nil, "proc.name=cat"},
		{none, nil, nil, ""},
		// A filter argument takes the word even when it is a valid filter: sysdig
		// 0.29.3 listed only bash's fds for "-c lsof proc.name=bash" on a live recording,
		// while "-c spy_file proc.name=cat" filtered the events.
		{filterArg, []string{"proc.name=bash"}, []string{"proc.name=bash"}, ""},
		{filterArg, []string{"proc.name=bash", "evt.num>3"}, []string{"proc.name=bash"}, "evt.num>3"},
		{filterArg, nil, nil, ""},
	}
	for _, c := range cases {
		args, filter, err := splitChiselArgs(c.info, c.words, tk)
		if err != nil {
			t.Errorf("%s %q: %v", c.info.Name, c.words, err)
			continue
		}
		if !slices.Equal(args, c.args) || filter != c.filter {
			t.Errorf("%s %q: args %q filter %q, want %q and %q", c.info.Name, c.words, args, filter, c.args, c.filter)
		}
	}
	if _, _, err := splitChiselArgs(oneRequired, nil, tk); !errors.Is(err, chisel.ErrMissingArgs) {
		t.Errorf("missing required argument: err = %v", err)
	}
	if _, _, err := splitChiselArgs(mixed, []string{"x y z"}, tk); err == nil {
		t.Error("three values for two arguments: no error")
	}
}

func TestParseTimeBound(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	ns := func(t time.Time) uint64 { return uint64(t.UnixNano()) }
	cases := []struct {
		in   string
		want uint64
	}{
		{"", 0},
		{"-1h", ns(now.Add(-time.Hour))},
		{"90m", ns(now.Add(-90 * time.Minute))},
		{"now", ns(now)},
		{"2024-05-01 11:30:00", ns(time.Date(2024, 5, 1, 11, 30, 0, 0, time.UTC))},
		{"2024-05-01T10:00:00Z", ns(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC))},
		{"1714557600", 1714557600 * 1e9},
		{"1714557600000000000", 1714557600000000000},
	}
	for _, c := range cases {
		got, err := parseTimeBound(c.in, now)
		if err != nil || got != c.want {
			t.Errorf("parseTimeBound(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	if _, err := parseTimeBound("yesterday-ish", now); err == nil {
		t.Error("nonsense time: no error")
	}
}
