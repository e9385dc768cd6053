package state

// sectionLoader holds what LoadSection shares between the entries of one section: the
// args, environments, cgroups and working directories already decoded (threads of one
// process, and processes of one program, carry the same blobs), keyed by their raw
// bytes, and slabs from which the threads, their fd tables and their fd entries are
// carved. A blob's decoded form is shared by every thread that carries it; the engine
// replaces such slices and never writes into them.
type sectionLoader struct {
	args    map[string][]string
	env     map[string][]string
	cgroups map[string][]Cgroup
	cwds    map[string]string
	threads []Thread  // unused tail of the thread slab
	tables  []FDTable // unused tail of the fd table slab
	name    []byte    // scratch for socket names
}

// text returns b as a string, keeping b's storage as the scratch for the next name.
func (ld *sectionLoader) text(b []byte) string {
	ld.name = b[:0]
	return string(b)
}

// newSectionLoader prepares the slabs for n process entries.
func newSectionLoader(n int) *sectionLoader {
	return &sectionLoader{
		args:    make(map[string][]string),
		env:     make(map[string][]string),
		cgroups: make(map[string][]Cgroup),
		cwds:    make(map[string]string),
		threads: make([]Thread, n),
		tables:  make([]FDTable, n),
	}
}

// thread returns a new thread entry for tid, as newThread makes it, from the slab.
func (ld *sectionLoader) thread(tid int64) *Thread {
	if len(ld.threads) == 0 || len(ld.tables) == 0 {
		return newThread(tid)
	}
	t, fds := &ld.threads[0], &ld.tables[0]
	ld.threads, ld.tables = ld.threads[1:], ld.tables[1:]
	*t = Thread{
		Tid: tid, Pid: -1, Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1,
		Flags: NameChanged, FDLimit: -1, LastEventType: 0xFFFF,
		FDs: fds,
	}
	return t
}

// splitArgs is splitArgs, shared between entries with the same blob.
func (ld *sectionLoader) splitArgs(b []byte) []string {
	if v, ok := ld.args[string(b)]; ok {
		return v
	}
	s := string(b)
	v := splitArgsOf(s)
	ld.args[s] = v
	return v
}

// splitEnv is splitEnv, shared between entries with the same blob.
func (ld *sectionLoader) splitEnv(b []byte) []string {
	if v, ok := ld.env[string(b)]; ok {
		return v
	}
	s := string(b)
	v := splitEnvOf(s)
	ld.env[s] = v
	return v
}

// parseCgroups is parseCgroups, shared between entries with the same blob.
func (ld *sectionLoader) parseCgroups(b []byte) []Cgroup {
	if v, ok := ld.cgroups[string(b)]; ok {
		return v
	}
	s := string(b)
	v := parseCgroupsOf(s)
	ld.cgroups[s] = v
	return v
}

// cwd returns the working directory a process entry's cwd gives (resolved, ending with
// "/"), shared between entries with the same cwd.
func (ld *sectionLoader) cwd(e *Engine, raw string) string {
	if v, ok := ld.cwds[raw]; ok {
		return v
	}
	e.path = appendConcat(e.path[:0], "", cstrParam(raw))
	if len(e.path) == 0 || e.path[len(e.path)-1] != '/' {
		e.path = append(e.path, '/')
	}
	v := string(e.path)
	ld.cwds[raw] = v
	return v
}
