package schema

import (
	"slices"
	"strings"
)

// Info returns the table entry of event type id, or nil if the id is unknown.
func Info(id uint16) *EventInfo {
	if int(id) >= NumEvents {
		return nil
	}
	return &Events[id]
}

// flagTableName is an entry of flagTableIndex.
type flagTableName struct {
	name  string
	index int
}

// FlagTableByName returns the flag or enum table with that name, or nil.
func FlagTableByName(name string) *FlagTable {
	i, ok := slices.BinarySearchFunc(flagTableIndex[:], name, func(e flagTableName, name string) int {
		return strings.Compare(e.name, name)
	})
	if !ok {
		return nil
	}
	return &flagTables[flagTableIndex[i].index]
}

// SyscallCodeName returns the syscall name of a PPM_SC code, "" if out of range.
func SyscallCodeName(code uint16) string {
	if int(code) >= len(SyscallCodes) {
		return ""
	}
	return SyscallCodes[code].Name
}

// EventIDsByName returns the ids of every event type called name (enter and exit, all
// versions), in id order.
func EventIDsByName(name string) []uint16 {
	var ids []uint16
	for i := range Events {
		if Events[i].Name == name {
			ids = append(ids, uint16(i))
		}
	}
	return ids
}
