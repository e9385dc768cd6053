package state

import (
	"bytes"
	"strings"
)

// splitArgs splits a blob of NUL-terminated strings (execve/clone args, process-list
// args): each string runs to the next NUL, the last may lack one, and "\x00" alone is
// one empty argument.
func splitArgs(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	var out []string
	for len(b) > 0 {
		i := indexNUL(b)
		if i < 0 {
			out = append(out, string(b))
			break
		}
		out = append(out, string(b[:i]))
		b = b[i+1:]
	}
	return out
}

// splitEnv splits an environment blob like splitArgs, but stops at trailing zero
// padding.
func splitEnv(b []byte) []string {
	var out []string
	for len(b) > 0 {
		if b[0] == 0 && allZero(b) {
			break
		}
		i := indexNUL(b)
		if i < 0 {
			out = append(out, string(b))
			break
		}
		out = append(out, string(b[:i]))
		b = b[i+1:]
	}
	return out
}

// parseCgroups reads a blob of "subsys=path" strings: each splits at its last '=', the
// first "_cgroup" is removed from the subsystem name, and perf, mem and io become
// perf_event, memory and blkio. A string without '=' ends the parse.
func parseCgroups(b []byte) []Cgroup {
	var out []Cgroup
	for len(b) > 0 {
		i := indexNUL(b)
		var s string
		if i < 0 {
			s, b = string(b), nil
		} else {
			s, b = string(b[:i]), b[i+1:]
		}
		eq := strings.LastIndexByte(s, '=')
		if eq < 0 {
			break
		}
		sub := strings.Replace(s[:eq], "_cgroup", "", 1)
		switch sub {
		case "perf":
			sub = "perf_event"
		case "mem":
			sub = "memory"
		case "io":
			sub = "blkio"
		}
		out = append(out, Cgroup{Subsys: sub, Path: s[eq+1:]})
	}
	return out
}

// joinNUL is the inverse of splitArgs: every string followed by a NUL.
func joinNUL(ss []string) []byte {
	n := 0
	for _, s := range ss {
		n += len(s) + 1
	}
	b := make([]byte, 0, n)
	for _, s := range ss {
		b = append(append(b, s...), 0)
	}
	return b
}

// cgroupsBlob renders cgroups back to their blob form.
func cgroupsBlob(cs []Cgroup) []byte {
	var b []byte
	for _, c := range cs {
		b = append(append(append(append(b, c.Subsys...), '='), c.Path...), 0)
	}
	return b
}

func indexNUL(b []byte) int { return bytes.IndexByte(b, 0) }

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// cstr returns the bytes of p up to its first NUL.
func cstr(p []byte) []byte {
	if i := indexNUL(p); i >= 0 {
		return p[:i]
	}
	return p
}
