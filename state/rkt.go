package state

import "strings"

// rkt pods are recognised by a thread's root directory (its stage2 application's
// rootfs) or, for a container already in the table, by a systemd service cgroup. The
// container id is "<pod>:<app>"; a match adds nothing to the container table, so the
// container's fields other than its id stay unknown.
const (
	rktServiceSuffix = ".service"
	rktPodEnv        = "container_uuid="
	rktUUIDArg       = "--uuid="
	rktCoreOSPrefix  = "/opt/stage2/"
	rktFlyPrefix     = "/var/lib/rkt/pods/run/"
	rktFlyPodSuffix  = "/stage1/rootfs/opt/stage2/"
	rktAppSuffix     = "/rootfs"
)

// rktEngine sets the id of a rkt application's thread and claims it.
func (e *Engine) rktEngine(t *Thread) bool {
	if id, ok := e.rktServiceID(t); ok {
		t.ContainerID = id
		return true
	}
	if id, ok := e.rktRootID(t); ok {
		t.ContainerID = id
		return true
	}
	return false
}

// rktServiceID matches a cgroup path ending in ".service" (sysdig's suffix test also
// passes any 7-byte path) of a thread whose ancestors name a pod, when the container
// "<pod>:<app>" is already in the table, app being the path's last component without
// the suffix.
func (e *Engine) rktServiceID(t *Thread) (string, bool) {
	for _, c := range t.Cgroups {
		p := c.Path
		var app string
		switch {
		case strings.HasSuffix(p, rktServiceSuffix):
			app = p[strings.LastIndexByte(p, '/')+1 : len(p)-len(rktServiceSuffix)]
		case len(p) == len(rktServiceSuffix)-1:
			app = p[strings.LastIndexByte(p, '/')+1:]
		default:
			continue
		}
		if !e.anyContainerOfApp(app) {
			continue // the lookup below cannot succeed; spare the walk up the ancestors
		}
		pod := ""
		e.visitAncestors(t, func(a *Thread) bool {
			if v, ok := envValue(e.envOf(a), rktPodEnv); ok {
				pod = v
				return false
			}
			for _, arg := range a.Args {
				if strings.Contains(arg, rktUUIDArg) {
					pod = arg[len(rktUUIDArg):] // cut at the option's length, wherever it was found
					return false
				}
			}
			return true
		})
		if pod == "" {
			continue
		}
		if id := pod + ":" + app; e.containers[id] != nil {
			return id, true
		}
	}
	return "", false
}

// rktRootID matches a thread whose root is a stage2 application's rootfs: under
// /opt/stage2/ with a pod named in the environment of the thread or an ancestor, or
// under /var/lib/rkt/pods/run/<pod>/stage1/rootfs/opt/stage2/.
func (e *Engine) rktRootID(t *Thread) (string, bool) {
	root := t.Root
	if strings.HasPrefix(root, rktCoreOSPrefix) {
		end := strings.Index(root, rktAppSuffix)
		if end < 0 {
			return "", false
		}
		app := root[len(rktCoreOSPrefix):]
		if end >= len(rktCoreOSPrefix) {
			app = root[len(rktCoreOSPrefix):end]
		} // else the suffix's slash ends the prefix: the rest of the root is the name
		pod, ok := envValue(e.envOf(t), rktPodEnv)
		if !ok {
			e.visitAncestors(t, func(a *Thread) bool {
				pod, ok = envValue(e.envOf(a), rktPodEnv)
				return !ok
			})
		}
		return pod + ":" + app, ok
	}
	if !strings.HasPrefix(root, rktFlyPrefix) {
		return "", false
	}
	podEnd := strings.Index(root[len(rktFlyPrefix):], rktFlyPodSuffix)
	if podEnd < 0 {
		return "", false
	}
	podEnd += len(rktFlyPrefix)
	appStart := podEnd + len(rktFlyPodSuffix)
	appEnd := strings.Index(root[appStart:], rktAppSuffix)
	if appEnd < 0 {
		return "", false
	}
	return root[len(rktFlyPrefix):podEnd] + ":" + root[appStart:appStart+appEnd], true
}

// anyContainerOfApp reports whether some container id in the table ends with ":" + app
// (without building that string: host threads of a capture carry many service cgroups).
func (e *Engine) anyContainerOfApp(app string) bool {
	if len(e.containers) == 0 {
		return false
	}
	for id := range e.containers {
		if n := len(id) - len(app); n > 0 && id[n-1] == ':' && id[n:] == app {
			return true
		}
	}
	return false
}

// visitAncestors calls visit on t's parent, its parent and so on, until visit returns
// false, an ancestor is missing or one is met again.
func (e *Engine) visitAncestors(t *Thread, visit func(*Thread) bool) {
	seen := map[int64]bool{t.Tid: true}
	for a := e.Thread(t.Ptid); a != nil && a.Tid != -1 && !seen[a.Tid]; a = e.Thread(a.Ptid) {
		if !visit(a) {
			return
		}
		seen[a.Tid] = true
	}
}

// envOf is t's environment: its main thread's, or its own when that is missing.
func (e *Engine) envOf(t *Thread) []string {
	if m := e.MainThread(t); m != nil {
		return m.Env
	}
	return t.Env
}

// envValue finds the first variable of env with the given "NAME=" prefix.
func envValue(env []string, prefix string) (string, bool) {
	for _, v := range env {
		if strings.HasPrefix(v, prefix) {
			return v[len(prefix):], true
		}
	}
	return "", false
}
