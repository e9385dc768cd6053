package state

import (
	"bytes"
	"strings"
)

// splitArgs splits a blob of NUL-terminated strings (execve/clone args, process-list
// args): each string runs to the next NUL, the last may lack one, and "\x00" alone is
// one empty argument. The strings share one copy of b.
func splitArgs(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	return splitArgsOf(string(b))
}

// splitArgsOf is splitArgs of a blob already held as a string; the results are
// substrings of s.
func splitArgsOf(s string) []string {
	if len(s) == 0 {
		return nil
	}
	n := strings.Count(s, "\x00")
	if s[len(s)-1] != 0 {
		n++
	}
	out := make([]string, 0, n)
	for len(s) > 0 {
		i := strings.IndexByte(s, 0)
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i])
		s = s[i+1:]
	}
	return out
}

// splitEnv splits an environment blob like splitArgs, but stops at trailing zero
// padding. The strings share one copy of b.
func splitEnv(b []byte) []string {
	if len(envBody(b)) == 0 {
		return nil
	}
	return splitEnvOf(string(b))
}

// splitEnvOf is splitEnv of a blob already held as a string; the results are
// substrings of s.
func splitEnvOf(s string) []string { return splitArgsOf(envBody(s)) }

// envBody cuts an environment blob before its trailing zero padding: the run of NULs
// that ends it, unless that run is the one NUL ending the last entry.
func envBody[B ~string | ~[]byte](b B) B {
	end := len(b)
	for end > 0 && b[end-1] == 0 {
		end--
	}
	if end < len(b) && end > 0 {
		end++ // keep the last entry's terminator
	}
	return b[:end]
}

// parseCgroups reads a blob of "subsys=path" strings: each splits at its last '=', the
// first "_cgroup" is removed from the subsystem name, and perf, mem and io become
// perf_event, memory and blkio. A string without '=' ends the parse. The names and
// paths share one copy of b.
func parseCgroups(b []byte) []Cgroup {
	if len(b) == 0 {
		return nil
	}
	return parseCgroupsOf(string(b))
}

// parseCgroupsOf is parseCgroups of a blob already held as a string; the results are
// substrings of s (or constants).
func parseCgroupsOf(s string) []Cgroup {
	var out []Cgroup
	for len(s) > 0 {
		i := strings.IndexByte(s, 0)
		var e string
		if i < 0 {
			e, s = s, ""
		} else {
			e, s = s[:i], s[i+1:]
		}
		eq := strings.LastIndexByte(e, '=')
		if eq < 0 {
			break
		}
		if out == nil {
			out = make([]Cgroup, 0, strings.Count(s, "\x00")+2)
		}
		sub := strings.Replace(e[:eq], "_cgroup", "", 1)
		switch sub {
		case "perf":
			sub = "perf_event"
		case "mem":
			sub = "memory"
		case "io":
			sub = "blkio"
		}
		out = append(out, Cgroup{Subsys: sub, Path: e[eq+1:]})
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

// cgroupsOf is parseCgroups for the cgroups parameter of clone and execve exits, each
// blob parsed once (textCache). Threads share the result, which the engine replaces and
// never writes into.
func (e *Engine) cgroupsOf(b []byte) []Cgroup { return e.cgroupTexts.get(b, parseCgroups) }
