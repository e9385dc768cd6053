package state

// sectionLoader holds what LoadSection shares between the entries of one section: the
// args, environments, cgroups and working directories already decoded (threads of one
// process, and processes of one program, carry the same blobs), keyed by their raw
// bytes, and slabs from which the threads, their fd tables and their fd entries are
// carved. A blob's decoded form is shared by every thread that carries it; the engine
// replaces such slices and never writes into them.
//
// Blobs a capture reader decoded share memory when equal (see scap.Process), so each
// cache is first asked by the blob's memory (same bytes at the same place: the same
// blob, since nothing writes into a section while it loads), which spares hashing it.
type sectionLoader struct {
	args    blobCache[[]string]
	env     blobCache[[]string]
	cgroups blobCache[[]Cgroup]
	cwds    map[string]string
	threads []Thread  // unused tail of the thread slab
	tables  []FDTable // unused tail of the fd table slab
	name    []byte    // scratch for socket names
	// sockets are the IPv4 connection entries loaded, for fixSocketsFromProc; replaced
	// tells that an fd list entry replaced an earlier one, which may have been one.
	sockets  []*FD
	replaced bool
}

// blobCache maps blobs to what they decode to, by memory and by content.
type blobCache[V any] struct {
	byPlace   map[blobPlace]V
	byContent map[string]V
}

// blobPlace is where a blob's bytes are: its first byte and its length.
type blobPlace struct {
	first *byte
	n     int
}

// get returns the decoding of b, made by decode from a string copy of b the first time
// a blob with b's content is met.
func (c *blobCache[V]) get(b []byte, decode func(string) V) V {
	if len(b) == 0 {
		return decode("")
	}
	at := blobPlace{&b[0], len(b)}
	if v, ok := c.byPlace[at]; ok {
		return v
	}
	v, ok := c.byContent[string(b)]
	if !ok {
		s := string(b)
		v = decode(s)
		c.byContent[s] = v
	}
	c.byPlace[at] = v
	return v
}

func newBlobCache[V any]() blobCache[V] {
	return blobCache[V]{byPlace: make(map[blobPlace]V), byContent: make(map[string]V)}
}

// text returns b as a string, keeping b's storage as the scratch for the next name.
func (ld *sectionLoader) text(b []byte) string {
	ld.name = b[:0]
	return string(b)
}

// newSectionLoader prepares the slabs for n process entries.
func newSectionLoader(n int) *sectionLoader {
	return &sectionLoader{
		args:    newBlobCache[[]string](),
		env:     newBlobCache[[]string](),
		cgroups: newBlobCache[[]Cgroup](),
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
func (ld *sectionLoader) splitArgs(b []byte) []string { return ld.args.get(b, splitArgsOf) }

// splitEnv is splitEnv, shared between entries with the same blob.
func (ld *sectionLoader) splitEnv(b []byte) []string { return ld.env.get(b, splitEnvOf) }

// parseCgroups is parseCgroups, shared between entries with the same blob.
func (ld *sectionLoader) parseCgroups(b []byte) []Cgroup { return ld.cgroups.get(b, parseCgroupsOf) }

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
