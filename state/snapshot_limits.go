package state

// The process-list block stores its strings with 16-bit lengths and caps them, as the
// falcosecurity libs do when they dump a thread table: paths at maxPathBlob bytes, the
// NUL-separated args, env and cgroups lists at maxArgsBlob bytes; fd names one byte
// short of maxPathBlob, user and group strings at maxCredential bytes. A thread may hold more
// (an execve argument list read in full), so the snapshot truncates the way libs do.
const (
	maxPathBlob   = 1024
	maxArgsBlob   = 4096
	maxCredential = 255
)

// capPath truncates a path-like string to what a process-list entry holds.
func capPath(s string) string { return capString(s, maxPathBlob) }

// capCredential truncates a user or group string to what a user-list entry holds.
func capCredential(s string) string { return capString(s, maxCredential) }

// capString truncates s to at most n bytes.
func capString(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// joinNULCapped joins strings, each followed by a NUL, into at most limit bytes. The
// first string that does not fit whole is cut short and still NUL-terminated; the
// strings after it are dropped.
func joinNULCapped(ss []string, limit int) []byte {
	n := 0
	for _, s := range ss {
		n += len(s) + 1
	}
	b := make([]byte, 0, min(n, limit))
	for _, s := range ss {
		room := limit - len(b)
		if room <= 0 {
			break
		}
		if len(s)+1 > room {
			return append(append(b, s[:room-1]...), 0)
		}
		b = append(append(b, s...), 0)
	}
	return b
}

// cgroupStrings renders cgroups as the "subsys=path" strings of their blob form.
func cgroupStrings(cs []Cgroup) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Subsys + "=" + c.Path
	}
	return out
}
