package procscan

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/scrylabs/scry/formats/scap"
)

// Options tune a scan.
type Options struct {
	// Root is the directory /proc, /sys and /etc are found under ("" means "/").
	Root string
	// NoFDs leaves out the fd lists.
	NoFDs bool
	// Exclude lists process ids to leave out (scry itself, for instance).
	Exclude []int
}

func (o Options) path(parts ...string) string {
	root := o.Root
	if root == "" {
		root = "/"
	}
	return filepath.Join(append([]string{root}, parts...)...)
}

// Scan reads the host's state.
func Scan(o Options) (*scap.Section, error) {
	s := &scap.Section{Header: scap.SectionHeader{Major: scap.WriteMajor, Minor: scap.WriteMinor, SectionLength: ^uint64(0)}}
	mi, err := machineInfo(o)
	if err != nil {
		return nil, err
	}
	s.Machine = mi
	s.Interfaces = interfaces(o)
	s.HasInterfaces = true
	s.Users, s.Groups = usersAndGroups(o)
	s.HasUsers = true
	if err := processes(o, s); err != nil {
		return nil, err
	}
	s.FitLimits() // long paths and socket names, as libscap cuts them
	return s, nil
}

// pids lists the numeric entries of a /proc directory, sorted.
func pids(dir string) ([]int, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	var out []int
	for _, e := range ents {
		if n, err := strconv.Atoi(e.Name()); err == nil {
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out, nil
}

func processes(o Options, s *scap.Section) error {
	all, err := pids(o.path("proc"))
	if err != nil {
		return err
	}
	skip := map[int]bool{}
	for _, p := range o.Exclude {
		skip[p] = true
	}
	socks := newSocketTables(o)
	for _, pid := range all {
		if skip[pid] {
			continue
		}
		tids, err := pids(o.path("proc", strconv.Itoa(pid), "task"))
		if err != nil {
			continue // exited
		}
		main, ok := readProcess(o, pid, pid)
		if !ok {
			continue
		}
		for _, tid := range tids {
			if tid == pid {
				s.Processes = append(s.Processes, main)
				continue
			}
			if t, ok := readThread(o, main, tid); ok {
				s.Processes = append(s.Processes, t)
			}
		}
		if !o.NoFDs {
			if fds := readFDs(o, pid, socks); len(fds) > 0 {
				s.FDLists = append(s.FDLists, scap.FDList{Tid: int64(pid), FDs: fds})
			}
		}
	}
	return nil
}
