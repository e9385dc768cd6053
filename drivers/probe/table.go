package probe

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/scrylabs/scry/formats/schema"
)

// Syscall table flags (scry_syscall.flags).
const (
	scEnter = 1
	scExit  = 2
)

// Event ids of the generic events.
const (
	genericEnter = 0
	genericExit  = 1
)

// Drop categories of the probe's counters; a category's enter drops are counted at
// index 2*cat and its exit drops at 2*cat+1. Process exits use their own slot.
var dropCategories = [...]string{"other", "clone_fork", "execve", "connect", "open", "dir_file", "close"}

const procExitDropSlot = 15

func dropCategory(name string) uint8 {
	switch name {
	case "clone", "fork", "vfork", "clone3":
		return 1
	case "execve", "execveat":
		return 2
	case "connect":
		return 3
	case "open", "openat", "openat2", "creat":
		return 4
	case "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename", "renameat", "renameat2",
		"link", "linkat", "symlink", "symlinkat", "chdir", "fchdir", "chmod", "fchmod", "fchmodat":
		return 5
	case "close":
		return 6
	}
	return 0
}

// fillerIndex maps event ids to the names of the filler programs in a collection spec
// (e<id>_name for enter events, x<id>_name for exit events).
type fillerIndex struct {
	enter, exit map[uint16]string
}

func indexFillers(progNames []string) fillerIndex {
	fi := fillerIndex{enter: map[uint16]string{}, exit: map[uint16]string{}}
	for _, name := range progNames {
		if len(name) < 2 || (name[0] != 'e' && name[0] != 'x') {
			continue
		}
		num, _, ok := strings.Cut(name[1:], "_")
		if !ok {
			continue
		}
		id, err := strconv.ParseUint(num, 10, 16)
		if err != nil {
			continue
		}
		if name[0] == 'e' {
			fi.enter[uint16(id)] = name
		} else {
			fi.exit[uint16(id)] = name
		}
	}
	return fi
}

// syscallEntry is one row of the probe's syscall table.
type syscallEntry struct {
	Name      string
	Nr        uint16
	EnterType uint16
	ExitType  uint16
	PPMSC     uint16
	Flags     uint8
	DropCat   uint8
}

// buildSyscallTable decides for every syscall which events report it: its dedicated
// pair when the probe has fillers for both, the generic pair otherwise.
func buildSyscallTable(fi fillerIndex, o Options) ([]syscallEntry, error) {
	want := map[string]bool{}
	for _, n := range o.Syscalls {
		want[n] = true
	}
	known := map[string]bool{}
	var tab []syscallEntry
	for i := range schema.Syscalls {
		sc := &schema.Syscalls[i]
		known[sc.Name] = true
		if sc.Nr >= syscallTableSize {
			continue
		}
		ent := syscallEntry{Name: sc.Name, Nr: sc.Nr, EnterType: genericEnter, ExitType: genericExit, PPMSC: sc.PPMSC,
			DropCat: dropCategory(sc.Name)}
		if sc.ReportedAs == "dedicated" {
			_, okE := fi.enter[sc.EnterID]
			_, okX := fi.exit[sc.ExitID]
			if okE && okX {
				ent.EnterType, ent.ExitType = sc.EnterID, sc.ExitID
			}
		}
		if len(want) == 0 || want[sc.Name] {
			ent.Flags = scEnter | scExit
			if o.DropEnter && exitCarriesEnter(ent.EnterType, ent.ExitType) {
				ent.Flags = scExit
			}
		}
		tab = append(tab, ent)
	}
	for n := range want {
		if !known[n] {
			return nil, fmt.Errorf("unknown syscall %q", n)
		}
	}
	return tab, nil
}

// exitCarriesEnter reports whether every parameter of the enter event also appears, by
// name, in the exit event, so the enter event adds nothing.
func exitCarriesEnter(enter, exit uint16) bool {
	ei, xi := schema.Info(enter), schema.Info(exit)
	if ei == nil || xi == nil || enter == genericEnter {
		return false
	}
	for _, p := range ei.Params {
		found := false
		for _, q := range xi.Params {
			if q.Name == p.Name {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

const syscallTableSize = 512
