package state

import "strings"

// Container lookup states.
const (
	LookupStarted    = 0
	LookupSuccessful = 1
	LookupFailed     = 2
)

// containerIDLen is the length of the full container ids the runc patterns look for.
const containerIDLen = 64

// runcLayout is a cgroup path pattern: the id sits between prefix and suffix.
type runcLayout struct{ prefix, suffix string }

var (
	podmanLayouts = []runcLayout{{"/libpod-", ".scope"}}
	dockerLayouts = []runcLayout{{"/", ""}, {"/docker-", ".scope"}}
	criLayouts    = []runcLayout{{"/", ""}, {"/crio-", ""}, {"/cri-containerd-", ".scope"},
		{"/crio-", ".scope"}, {":cri-containerd:", ""}}
)

// matchRunc finds a 64-character container id in a cgroup path and returns its first 12
// characters. The hex check looks at the first non-hex character from the id's start
// and rejects the path only when that character's index in the whole path is below 64.
func matchRunc(path string, l runcLayout) (string, bool) {
	if !strings.Contains(path, l.prefix) { // vectorised; most paths match no layout
		return "", false
	}
	start := strings.LastIndex(path, l.prefix)
	start += len(l.prefix)
	end := len(path)
	if l.suffix != "" {
		end = strings.LastIndex(path, l.suffix)
		if end < 0 {
			return "", false
		}
	}
	if end-start != containerIDLen {
		return "", false
	}
	for i := start; i < len(path); i++ {
		if !isHex(path[i]) {
			if i < containerIDLen {
				return "", false
			}
			break
		}
	}
	return path[start : start+12], true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// matchCgroups tries every cgroup path of t, in order, against each layout in order.
func matchCgroups(t *Thread, layouts []runcLayout) (string, bool) {
	for _, c := range t.Cgroups {
		for _, l := range layouts {
			if id, ok := matchRunc(c.Path, l); ok {
				return id, true
			}
		}
	}
	return "", false
}

// resolveContainer sets t's container id from its cgroups (and, for rkt, its root and
// ancestry), asking the container engines in sysdig's order (podman, docker, cri, lxc,
// libvirt-lxc, mesos, rkt, bpm) until one claims the thread, then sets its command
// category.
func (e *Engine) resolveContainer(t *Thread) {
	t.ContainerID = ""
	if e.hosts.known(t.Cgroups) {
		// No engine that reads the cgroups alone claims these; rkt reads more.
		if e.rktEngine(t) {
			e.identifyCategory(t)
		}
		return
	}
	claimed := false
	for _, engine := range []func(*Thread) bool{
		e.podmanEngine, e.dockerEngine, e.criEngine, e.lxcEngine, e.libvirtEngine,
		e.mesosEngine, e.rktEngine, e.bpmEngine,
	} {
		if engine(t) {
			claimed = true
			break
		}
	}
	if !claimed && t.ContainerID == "" {
		e.hosts.remember(t.Cgroups)
	}
	e.identifyCategory(t)
}

// claim records a container found by an engine: an entry is created the first time the
// (id, type) pair is looked up; the engine matches when the lookup succeeded.
func (e *Engine) claim(t *Thread, id string, typ int, named bool) bool {
	t.ContainerID = id
	key := containerKey{id, typ}
	if c := e.containers[id]; c != nil {
		return c.LookupState == LookupSuccessful
	}
	if st, seen := e.lookups[key]; seen {
		return st == LookupSuccessful
	}
	c := &Container{ID: id, Type: typ, LookupState: LookupSuccessful}
	if named {
		c.Name = id
	}
	e.putContainer(c)
	e.lookups[key] = LookupSuccessful
	return true
}

func (e *Engine) podmanEngine(t *Thread) bool {
	id, ok := matchCgroups(t, podmanLayouts)
	return ok && e.claim(t, id, ContainerPodman, false)
}

func (e *Engine) dockerEngine(t *Thread) bool {
	id, ok := matchCgroups(t, dockerLayouts)
	return ok && e.claim(t, id, ContainerDocker, false)
}

// criEngine sets the id of a CRI container but never claims the thread: without a CRI
// runtime to ask there is nothing to look up.
func (e *Engine) criEngine(t *Thread) bool {
	if id, ok := matchCgroups(t, criLayouts); ok {
		t.ContainerID = id
	}
	return false
}

func (e *Engine) lxcEngine(t *Thread) bool {
	for _, c := range t.Cgroups {
		for _, marker := range []string{"/lxc/", "/lxc.payload/"} {
			i := strings.Index(c.Path, marker)
			if i < 0 {
				continue
			}
			id := c.Path[i+len(marker):]
			if j := strings.IndexByte(id, '/'); j >= 0 {
				id = id[:j]
			}
			return e.claim(t, id, ContainerLXC, true)
		}
	}
	return false
}

func (e *Engine) libvirtEngine(t *Thread) bool {
	for _, c := range t.Cgroups {
		p := c.Path
		if strings.HasSuffix(p, ".libvirt-lxc") {
			id := p[strings.LastIndexByte(p, '/')+1 : len(p)-len(".libvirt-lxc")]
			return e.claim(t, id, ContainerLibvirtLXC, true)
		}
		if i := strings.Index(p, `-lxc\x2`); i >= 0 && strings.HasSuffix(p, ".scope") {
			if s := i + 8; s <= len(p)-len(".scope") {
				return e.claim(t, p[s:len(p)-len(".scope")], ContainerLibvirtLXC, true)
			}
		}
		if i := strings.Index(p, "/libvirt/lxc/"); i >= 0 {
			return e.claim(t, p[i+len("/libvirt/lxc/"):], ContainerLibvirtLXC, true)
		}
	}
	return false
}

// mesosEngine matches a /mesos/<36-char id> cgroup of a thread that has (or whose
// ancestors have) a mesos task id in the environment.
func (e *Engine) mesosEngine(t *Thread) bool {
	for _, c := range t.Cgroups {
		i := strings.Index(c.Path, "/mesos/")
		if i < 0 {
			continue
		}
		id := c.Path[i+len("/mesos/"):]
		if len(id) != 36 || strings.Trim(id, "0123456789abcdefABCDEF-") != "" {
			continue
		}
		if task := e.mesosTaskID(t); len(task) >= 3 && strings.ContainsAny(task, "._") {
			return e.claim(t, id, ContainerMesos, true)
		}
	}
	return false
}

// mesosTaskID looks for a mesos task id in the environment of t and its ancestors.
func (e *Engine) mesosTaskID(t *Thread) string {
	seen := map[int64]bool{}
	for x := t; x != nil && !seen[x.Tid]; x = e.Thread(x.Ptid) {
		seen[x.Tid] = true
		for _, env := range [][]string{x.Env, e.Env(x)} {
			for _, key := range []string{"MESOS_TASK_ID=", "mesos_task_id=", "MESOS_EXECUTOR_ID="} {
				for _, v := range env {
					if strings.HasPrefix(v, key) {
						return v[len(key):]
					}
				}
			}
		}
	}
	return ""
}

func (e *Engine) bpmEngine(t *Thread) bool {
	for _, c := range t.Cgroups {
		i := strings.Index(c.Path, "bpm-")
		if i < 0 {
			continue
		}
		id := c.Path[i+len("bpm-"):]
		if j := strings.Index(id, ".scope"); j >= 0 {
			id = id[:j]
		}
		if id == "" || strings.Trim(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != "" {
			continue
		}
		return e.claim(t, id, ContainerBPM, true)
	}
	return false
}

// identifyCategory sets the command category of a container thread: the container's
// init, an inherited category, or one of its health probes.
func (e *Engine) identifyCategory(t *Thread) {
	if t.ContainerID == "" {
		return
	}
	if t.Vpid == 1 {
		t.Category = CategoryContainer
		return
	}
	if p := e.Thread(t.Ptid); p != nil && p.Category != CategoryNone {
		t.Category = p.Category
		return
	}
	c := e.containers[t.ContainerID]
	if c == nil || c.LookupState != LookupSuccessful {
		return
	}
	cat := CategoryNone
	switch {
	case probeMatches(c.Healthcheck, t):
		cat = CategoryHealthcheck
	case probeMatches(c.Liveness, t):
		cat = CategoryLivenessProbe
	case probeMatches(c.Readiness, t):
		cat = CategoryReadinessProbe
	default:
		return
	}
	seen := map[int64]bool{t.Tid: true}
	for a := e.Thread(t.Ptid); a != nil && !seen[a.Tid]; a = e.Thread(a.Ptid) {
		if a.Vpid == 1 && a.ContainerID != "" {
			return
		}
		seen[a.Tid] = true
	}
	t.Category = cat
}

func probeMatches(p *ContainerProbe, t *Thread) bool {
	if p == nil || p.Exe != t.Exe || len(p.Args) != len(t.Args) {
		return false
	}
	for i := range p.Args {
		if p.Args[i] != t.Args[i] {
			return false
		}
	}
	return true
}
