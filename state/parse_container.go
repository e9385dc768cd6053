package state

import (
	"encoding/json"
	"net/netip"
)

// containerJSON is the layout of a container event's JSON text; members that are absent
// or of another type keep their defaults.
type containerJSON struct {
	Container map[string]json.RawMessage `json:"container"`
}

// parseContainerJSON stores the container a CONTAINER_JSON event describes and gives
// the event its synthetic thread. It reports whether the event must be hidden (the
// container's lookup did not succeed).
func (e *Engine) parseContainerJSON(ctx *EventContext) bool {
	text := pStr(ctx.Ev, 0)
	c := e.decodedContainer(text)
	if c == nil {
		return false
	}
	e.putContainer(c)
	e.consumedContainers = e.consumedContainers || !e.started
	e.lookups[containerKey{c.ID, c.Type}] = c.LookupState
	e.synth = Thread{
		Tid: -1, Pid: -1, Ptid: 0, Sid: -1, Vpgid: -1, Vtid: -2, Vpid: -2,
		Comm: "container:" + c.ID, ContainerID: c.ID, Flags: NameChanged, FDLimit: -1,
		LastEventType: 0xFFFF, FDs: newFDTable(),
	}
	e.tinfo, ctx.Thread = &e.synth, &e.synth
	return c.LookupState != LookupSuccessful
}

// decodedContainer decodes the container of a CONTAINER_JSON event's text, nil when the
// text holds none; a text decoded before is not parsed again (textCache). Each call
// returns a container of its own, a copy: containers are not changed once decoded, so
// the copies share their slices and maps.
func (e *Engine) decodedContainer(text []byte) *Container {
	c := e.containerTexts.get(text, containerOfText)
	if c == nil {
		return nil
	}
	copied := *c
	return &copied
}

// containerOfText decodes the container of a CONTAINER_JSON text, nil when it holds none.
func containerOfText(text []byte) *Container {
	var doc containerJSON
	if err := json.Unmarshal(text, &doc); err != nil || doc.Container == nil {
		return nil
	}
	return decodeContainer(doc.Container)
}

// decodeContainer reads the members of a container object.
func decodeContainer(m map[string]json.RawMessage) *Container {
	c := &Container{LookupState: LookupSuccessful}
	get := func(name string, v any) bool {
		raw, ok := m[name]
		return ok && json.Unmarshal(raw, v) == nil
	}
	get("id", &c.ID)
	get("full_id", &c.FullID)
	get("type", &c.Type)
	get("name", &c.Name)
	get("is_pod_sandbox", &c.IsPodSandbox)
	get("image", &c.Image)
	get("imageid", &c.ImageID)
	get("imagerepo", &c.ImageRepo)
	get("imagetag", &c.ImageTag)
	get("imagedigest", &c.ImageDigest)
	var priv bool
	if get("privileged", &priv) {
		c.Privileged = &priv
	}
	var state int
	if get("lookup_state", &state) {
		switch state {
		case LookupStarted, LookupFailed:
			c.LookupState = LookupFailed
		default:
			c.LookupState = LookupSuccessful
		}
	}
	get("created_time", &c.CreatedTime)
	var mounts []struct {
		Source, Destination, Mode, Propagation string
		RW                                     bool
	}
	if get("Mounts", &mounts) {
		for _, mt := range mounts {
			c.Mounts = append(c.Mounts, ContainerMount{Source: mt.Source, Destination: mt.Destination,
				Mode: mt.Mode, RW: mt.RW, Propagation: mt.Propagation})
		}
	}
	c.Healthcheck = decodeProbe(m["Healthcheck"])
	c.Liveness = decodeProbe(m["LivenessProbe"])
	c.Readiness = decodeProbe(m["ReadinessProbe"])
	var ip string
	if get("ip", &ip) {
		if a, err := netip.ParseAddr(ip); err == nil && a.Is4() {
			c.IP = ipv4Uint(a.AsSlice())
		}
	}
	get("labels", &c.Labels)
	get("env", &c.Env)
	get("memory_limit", &c.MemoryLimit)
	get("swap_limit", &c.SwapLimit)
	get("cpu_shares", &c.CPUShares)
	get("cpu_quota", &c.CPUQuota)
	get("cpu_period", &c.CPUPeriod)
	get("cpuset_cpu_count", &c.CPUSetCount)
	get("mesos_task_id", &c.MesosTaskID)
	return c
}

func decodeProbe(raw json.RawMessage) *ContainerProbe {
	if raw == nil {
		return nil
	}
	var p struct {
		Exe  string   `json:"exe"`
		Args []string `json:"args"`
	}
	if json.Unmarshal(raw, &p) != nil {
		return nil
	}
	return &ContainerProbe{Exe: p.Exe, Args: p.Args}
}

// parseContainerEvent stores the container of an old CONTAINER_E event (id, type, name,
// image).
func (e *Engine) parseContainerEvent(ctx *EventContext) {
	ev := ctx.Ev
	c := &Container{
		ID: string(pStr(ev, 0)), Type: int(pUint(ev, 1)), Name: string(pStr(ev, 2)),
		Image: string(pStr(ev, 3)), LookupState: LookupSuccessful,
	}
	e.putContainer(c)
	e.lookups[containerKey{c.ID, c.Type}] = LookupSuccessful
	e.consumedContainers = e.consumedContainers || !e.started
}

// resolveLoadedContainers resolves again the containers of the threads in the table
// once the container events at the start of a capture have been read: sysdig reads
// those before it imports the process list, so the imported threads see their
// containers' details (health probes for the command categories).
func (e *Engine) resolveLoadedContainers() {
	for _, tid := range sortedKeys(e.threads) {
		e.resolveContainer(e.threads[tid])
	}
}
