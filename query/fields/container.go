package fields

import (
	"strconv"

	"github.com/scrylabs/scry/state"
)

var containerTypeNames = map[int]string{
	state.ContainerDocker: "docker", state.ContainerLXC: "lxc",
	state.ContainerLibvirtLXC: "libvirt-lxc", state.ContainerMesos: "mesos",
	state.ContainerCRI: "cri", state.ContainerContainerd: "containerd",
	state.ContainerCRIO: "cri-o", state.ContainerRkt: "rkt", state.ContainerBPM: "bpm",
}

// container returns the thread's container id and entry ("" for the host).
func (e *ext) container() (string, *state.Container, bool) {
	t := e.thread()
	if t == nil {
		return "", nil, false
	}
	if t.ContainerID == "" || e.vw == nil {
		return t.ContainerID, nil, true
	}
	return t.ContainerID, e.vw.Container(t.ContainerID), true
}

func appendMount(d []byte, m *state.ContainerMount) []byte {
	d = append(d, m.Source...)
	d = append(d, ':')
	d = append(d, m.Destination...)
	d = append(d, ':')
	d = append(d, m.Mode...)
	d = append(d, ':')
	d = strconv.AppendBool(d, m.RW)
	d = append(d, ':')
	return append(d, m.Propagation...)
}

// mount selects the bound mount: by index, or the first whose source (dest when byDest)
// matches the glob argument.
func (e *ext) mount(c *state.Container, byDest bool) *state.ContainerMount {
	if e.b.hasIndex {
		if e.b.index >= 0 && e.b.index < len(c.Mounts) {
			return &c.Mounts[e.b.index]
		}
		return nil
	}
	for i := range c.Mounts {
		s := c.Mounts[i].Source
		if byDest {
			s = c.Mounts[i].Destination
		}
		if globMatch(e.b.arg, s) {
			return &c.Mounts[i]
		}
	}
	return nil
}

func containerFields() map[string]impl {
	// entry builds a field that is "host" (or hostVal) on the host, <NA> without an entry.
	entry := func(hostVal string, get func(e *ext, c *state.Container, v *Value) bool) impl {
		return impl{fn: func(e *ext, v *Value) bool {
			id, c, ok := e.container()
			if !ok {
				return false
			}
			if id == "" {
				return hostVal != "" && e.setText(v, hostVal)
			}
			return c != nil && get(e, c, v)
		}}
	}
	nonEmpty := func(get func(c *state.Container) string) func(e *ext, c *state.Container, v *Value) bool {
		return func(e *ext, c *state.Container, v *Value) bool {
			s := get(c)
			return s != "" && e.setText(v, s)
		}
	}
	probe := func(get func(c *state.Container) *state.ContainerProbe) impl {
		return entry("", func(e *ext, c *state.Container, v *Value) bool {
			p := get(c)
			if p == nil {
				return e.setText(v, "NONE")
			}
			d := append(e.buf[:0], p.Exe...)
			for _, a := range p.Args {
				d = append(d, ' ')
				d = append(d, a...)
			}
			return e.setBuf(v, d)
		})
	}
	mountPart := func(byDest bool, get func(d []byte, m *state.ContainerMount) []byte) impl {
		return entry("", func(e *ext, c *state.Container, v *Value) bool {
			m := e.mount(c, byDest)
			return m != nil && e.setBuf(v, get(e.buf[:0], m))
		})
	}
	return map[string]impl{
		"container.id": {fn: func(e *ext, v *Value) bool {
			id, _, ok := e.container()
			if !ok {
				return false
			}
			if id == "" {
				return e.setText(v, "host")
			}
			return e.setText(v, id)
		}},
		"container.name": entry("host", nonEmpty(func(c *state.Container) string { return c.Name })),
		// Types without a name (podman, ...) repeat the text this field gave last, "host"
		// included, and the empty text before any, as sysdig does (observed on a live
		// recording with a libpod-<id>.scope cgroup).
		"container.type": {fn: func(e *ext, v *Value) bool {
			id, c, ok := e.container()
			if !ok {
				return false
			}
			if id == "" {
				e.last = append(e.last[:0], "host"...)
			} else if c == nil {
				return false
			} else if n, named := containerTypeNames[c.Type]; named {
				e.last = append(e.last[:0], n...)
			}
			return e.setBuf(v, append(e.buf[:0], e.last...))
		}},
		"container.image":            entry("", nonEmpty(func(c *state.Container) string { return c.Image })),
		"container.image.id":         entry("", nonEmpty(func(c *state.Container) string { return c.ImageID })),
		"container.image.repository": entry("", nonEmpty(func(c *state.Container) string { return c.ImageRepo })),
		"container.image.tag":        entry("", nonEmpty(func(c *state.Container) string { return c.ImageTag })),
		"container.image.digest":     entry("", nonEmpty(func(c *state.Container) string { return c.ImageDigest })),
		"container.privileged": entry("", func(e *ext, c *state.Container, v *Value) bool {
			switch c.Type {
			case state.ContainerDocker, state.ContainerCRI, state.ContainerContainerd,
				state.ContainerCRIO, state.ContainerPodman:
				// An entry without the flag (made from a cgroup, or JSON without the member)
				// is not privileged, as sysdig shows it.
				return setBool(v, c.Privileged != nil && *c.Privileged)
			}
			return false
		}),
		"container.mounts": entry("", func(e *ext, c *state.Container, v *Value) bool {
			d := e.buf[:0]
			for i := range c.Mounts {
				if i > 0 {
					d = append(d, ',')
				}
				d = appendMount(d, &c.Mounts[i])
			}
			return e.setBuf(v, d)
		}),
		"container.mount":             mountPart(false, appendMount),
		"container.mount.source":      mountPart(true, func(d []byte, m *state.ContainerMount) []byte { return append(d, m.Source...) }),
		"container.mount.dest":        mountPart(false, func(d []byte, m *state.ContainerMount) []byte { return append(d, m.Destination...) }),
		"container.mount.mode":        mountPart(false, func(d []byte, m *state.ContainerMount) []byte { return append(d, m.Mode...) }),
		"container.mount.rdwr":        mountPart(false, func(d []byte, m *state.ContainerMount) []byte { return strconv.AppendBool(d, m.RW) }),
		"container.mount.propagation": mountPart(false, func(d []byte, m *state.ContainerMount) []byte { return append(d, m.Propagation...) }),
		"container.healthcheck":       probe(func(c *state.Container) *state.ContainerProbe { return c.Healthcheck }),
		"container.liveness_probe":    probe(func(c *state.Container) *state.ContainerProbe { return c.Liveness }),
		"container.readiness_probe":   probe(func(c *state.Container) *state.ContainerProbe { return c.Readiness }),
	}
}

// k8sFields reads the pod fields from the container labels the CRI runtimes set; the
// other k8s and mesos fields need orchestrator state a capture does not carry.
func k8sFields() map[string]impl {
	label := func(key string) impl {
		return impl{fn: func(e *ext, v *Value) bool {
			_, c, ok := e.container()
			if !ok || c == nil {
				return false
			}
			s, ok := c.Labels[key]
			return ok && s != "" && e.setText(v, s)
		}}
	}
	return map[string]impl{
		"k8s.pod.name": label("io.kubernetes.pod.name"),
		"k8s.ns.name":  label("io.kubernetes.pod.namespace"),
		"k8s.pod.id":   label("io.kubernetes.pod.uid"),
		"k8s.pod.label": {fn: func(e *ext, v *Value) bool {
			_, c, ok := e.container()
			if !ok || c == nil {
				return false
			}
			s, ok := c.Labels[e.b.arg]
			return ok && e.setText(v, s)
		}},
	}
}
