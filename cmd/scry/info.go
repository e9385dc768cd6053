package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
	"github.com/scrylabs/scry/formats/schema"
)

// captureSummary is what `scry info` reports about a capture.
type captureSummary struct {
	File         string         `json:"file"`
	Compression  string         `json:"compression"`
	Version      string         `json:"version"`
	Hostname     string         `json:"hostname,omitempty"`
	NumCPUs      uint32         `json:"num_cpus,omitempty"`
	MemoryBytes  uint64         `json:"memory_bytes,omitempty"`
	Sections     int            `json:"sections"`
	Blocks       string         `json:"blocks"`
	EventBlocks  uint64         `json:"event_blocks"`
	Processes    int            `json:"processes"`
	FDs          int            `json:"fds"`
	Users        int            `json:"users"`
	Groups       int            `json:"groups"`
	Interfaces   int            `json:"interfaces"`
	FirstTS      uint64         `json:"first_ts"`
	LastTS       uint64         `json:"last_ts"`
	EventsByType map[string]int `json:"events_by_type"`
	Error        string         `json:"error,omitempty"`
}

func newInfoCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "info FILE",
		Short: "Summarise a capture: version, machine, block inventory, events by type, time range",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := summarise(args[0])
			if s == nil {
				return err
			}
			if err != nil {
				s.Error = err.Error()
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				if e := enc.Encode(s); e != nil {
					return e
				}
			} else {
				printSummary(cmd.OutOrStdout(), s)
			}
			return err
		},
	}
	cmd.Flags().BoolVarP(&asJSON, "json", "j", false, "print one JSON object")
	return cmd
}

func summarise(path string) (*captureSummary, error) {
	r, err := scap.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	s := &captureSummary{File: path, Compression: r.Compression().String(), EventsByType: map[string]int{}}
	sec := r.Section()
	s.Version = fmt.Sprintf("%d.%d", sec.Header.Major, sec.Header.Minor)
	if sec.Machine != nil {
		s.Hostname, s.NumCPUs, s.MemoryBytes = sec.Machine.Hostname, sec.Machine.NumCPUs, sec.Machine.MemoryBytes
	}
	var ev event.Event
	var last *scap.Section
	countSection := func(sec *scap.Section) {
		s.Sections++
		s.Processes += len(sec.Processes)
		for _, l := range sec.FDLists {
			s.FDs += len(l.FDs)
		}
		s.Users += len(sec.Users)
		s.Groups += len(sec.Groups)
		s.Interfaces += len(sec.Interfaces)
	}
	for {
		err = r.Next(&ev)
		if err != nil {
			break
		}
		if r.Section() != last {
			last = r.Section()
			countSection(last)
		}
		ts := ev.Ts()
		if s.FirstTS == 0 || ts < s.FirstTS {
			s.FirstTS = ts
		}
		if ts > s.LastTS {
			s.LastTS = ts
		}
		s.EventsByType[typeName(&ev)]++
	}
	if last == nil {
		countSection(r.Section())
	}
	s.EventBlocks = r.EventsRead()
	s.Blocks = inventory(r.Blocks())
	if errors.Is(err, io.EOF) {
		err = nil
	}
	return s, err
}

// typeName is sysdig's evt.type: generic events are named after their syscall.
func typeName(ev *event.Event) string {
	info := ev.Info()
	if (ev.Type() == 0 || ev.Type() == 1) && ev.NumParams() > 0 {
		if code, ok := ev.Uint64(0); ok {
			if n := schema.SyscallCodeName(uint16(code)); n != "" {
				return n
			}
		}
	}
	return info.Name
}

// inventory renders block runs as SHB,MI,PL_V9,FDL_V2x3,EV_V2x100.
func inventory(runs []scap.BlockRun) string {
	parts := make([]string, 0, len(runs))
	for _, b := range runs {
		if b.Count > 1 {
			parts = append(parts, fmt.Sprintf("%sx%d", scap.BlockName(b.Type), b.Count))
		} else {
			parts = append(parts, scap.BlockName(b.Type))
		}
	}
	return strings.Join(parts, ",")
}

func printSummary(w io.Writer, s *captureSummary) {
	fmt.Fprintf(w, "file:          %s\n", s.File)
	fmt.Fprintf(w, "compression:   %s\n", s.Compression)
	fmt.Fprintf(w, "version:       %s\n", s.Version)
	if s.Hostname != "" {
		fmt.Fprintf(w, "machine:       %s, %d cpus, %d bytes of memory\n", s.Hostname, s.NumCPUs, s.MemoryBytes)
	}
	fmt.Fprintf(w, "blocks:        %s\n", s.Blocks)
	fmt.Fprintf(w, "state:         %d threads, %d fds, %d users, %d groups, %d interfaces\n", s.Processes, s.FDs, s.Users, s.Groups, s.Interfaces)
	fmt.Fprintf(w, "events:        %d\n", s.EventBlocks)
	if s.EventBlocks > 0 {
		fmt.Fprintf(w, "first event:   %d\n", s.FirstTS)
		fmt.Fprintf(w, "last event:    %d\n", s.LastTS)
	}
	type kv struct {
		k string
		v int
	}
	var kvs []kv
	for k, v := range s.EventsByType {
		kvs = append(kvs, kv{k, v})
	}
	sort.Slice(kvs, func(i, j int) bool { return kvs[i].v > kvs[j].v || kvs[i].v == kvs[j].v && kvs[i].k < kvs[j].k })
	if len(kvs) > 0 {
		fmt.Fprintln(w, "events by type:")
	}
	for _, e := range kvs {
		fmt.Fprintf(w, "  %-24s %d\n", e.k, e.v)
	}
	if s.Error != "" {
		fmt.Fprintf(w, "error:         %s\n", s.Error)
	}
}
