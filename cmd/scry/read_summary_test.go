package main

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/scrylabs/scry/formats/event"
)

// TestReadSummaryOrder: -S counts events by type (generic events by the syscall they
// report) and prints them by count, ties in the order the C++ library's std::sort leaves
// them over sysdig's table. The counts are those of a recording of a process closing its
// fds; the expected table is what sysdig 0.29.3 -S -q printed for it.
func TestReadSummaryOrder(t *testing.T) {
	type kind struct {
		typ     uint16
		syscall uint16 // for generic events (types 0 and 1)
		n       int
	}
	kinds := []kind{
		{0, 2, 4}, {0, 108, 4}, {0, 139, 4}, {0, 154, 8}, {0, 164, 1},
		{1, 108, 4}, {1, 139, 4}, {1, 154, 8}, {1, 178, 5},
		{4, 0, 43}, {5, 0, 43}, {94, 0, 1}, {95, 0, 1}, {164, 0, 6}, {165, 0, 6},
		{186, 0, 5}, {278, 0, 1}, {279, 0, 1}, {300, 0, 21}, {301, 0, 21},
	}
	var types []kind
	for _, k := range kinds {
		for range k.n {
			types = append(types, k)
		}
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(types), func(i, j int) { types[i], types[j] = types[j], types[i] })
	var evs [][]byte
	for i, k := range types {
		ts := uint64(1_000_000_000 + i*100)
		switch k.typ {
		case 0:
			evs = append(evs, event.Append(nil, ts, 100, 0, event.U16(k.syscall), event.U16(0)))
		case 1:
			evs = append(evs, event.Append(nil, ts, 100, 1, event.U16(k.syscall)))
		default:
			evs = append(evs, event.Append(nil, ts, 100, k.typ))
		}
	}
	path := writeCatCapture(t, "summary.scap", evs)
	var out bytes.Buffer
	if err := runRead(&out, &readOptions{file: path, timeMode: "h", summary: true, quiet: true}, ""); err != nil {
		t.Fatal(err)
	}
	want := "----------------------\nEvent           #Calls\n----------------------\n" +
		"> close           43\n< close           43\n< unlink          21\n> unlink          21\n" +
		"< futex           8\n> futex           8\n< munmap          6\n> munmap          6\n" +
		"< clock_nanosleep 5\n> procexit        5\n> exit            4\n< madvise         4\n" +
		"> madvise         4\n> rt_sigprocmask  4\n< rt_sigprocmask  4\n> exit_group      1\n" +
		"> chdir           1\n< chdir           1\n< rmdir           1\n> rmdir           1\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// TestIntrosortSorts: whatever the ties, introsort leaves a sorted slice holding the
// same elements, on inputs long enough to partition and to reach the heapsort fallback.
func TestIntrosortSorts(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 15, 16, 17, 100, 994, 5000} {
		for _, span := range []int{1, 3, 1000} {
			s := make([]int, n)
			for i := range s {
				s[i] = r.IntN(span)
			}
			want := slices.Clone(s)
			slices.Sort(want)
			slices.Reverse(want)
			introsort(s, func(a, b *int) bool { return *a > *b })
			if !slices.Equal(s, want) {
				t.Fatalf("n %d span %d: not sorted", n, span)
			}
		}
	}
	// A sequence built to defeat median-of-three pivots still sorts (heapsort fallback).
	s := make([]int, 4096)
	for i := range s {
		s[i] = (i * 7919) % 4096
	}
	heapSort(s, func(a, b *int) bool { return *a < *b })
	if !slices.IsSorted(s) {
		t.Error("heapSort does not sort")
	}
}
