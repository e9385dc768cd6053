package scap

// FitLimits cuts every string of s that is longer than its block can hold, the way
// libscap cuts what it reads from /proc or dumps from a thread table: paths (comm, exe,
// exepath, cwd, root) to 1024 bytes, fd and interface names to 1023, user and group
// strings to 255, and the NUL-separated args, env and cgroups lists to 4096 bytes, the
// list's last kept string cut short and still NUL-terminated. A Writer rejects an entry
// over a limit rather than change it; FitLimits is for sections built from a live host
// or a state table, where a long command line must not stop a recording.
func (s *Section) FitLimits() {
	for i := range s.Processes {
		p := &s.Processes[i]
		for _, f := range []*string{&p.Comm, &p.Exe, &p.ExePath, &p.Cwd, &p.Root} {
			*f = cutString(*f, maxPathLen)
		}
		p.Args = cutList(p.Args)
		p.Env = cutList(p.Env)
		p.Cgroups = cutList(p.Cgroups)
	}
	for i := range s.FDLists {
		for j := range s.FDLists[i].FDs {
			fd := &s.FDLists[i].FDs[j]
			fd.Name = cutString(fd.Name, maxPathLen-1)
		}
	}
	for i := range s.Interfaces {
		s.Interfaces[i].Name = cutString(s.Interfaces[i].Name, maxPathLen-1)
	}
	for i := range s.Users {
		u := &s.Users[i]
		u.Name = cutString(u.Name, maxCredentialLen)
		u.Home = cutString(u.Home, maxCredentialLen)
		u.Shell = cutString(u.Shell, maxCredentialLen)
	}
	for i := range s.Groups {
		s.Groups[i].Name = cutString(s.Groups[i].Name, maxCredentialLen)
	}
}

func cutString(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// cutList cuts a NUL-separated list to maxArgsLen bytes, ending it with a NUL.
func cutList(b []byte) []byte {
	if len(b) <= maxArgsLen {
		return b
	}
	return append(b[:maxArgsLen-1:maxArgsLen-1], 0) // a copy: b is left as it was
}
