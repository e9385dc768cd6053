package state

import "github.com/scrylabs/scry/formats/event"

// Thread flags (PPM_CL_* bits, plus the sinsp-only ones).
const (
	CloneFiles    uint32 = 1 << 0
	CloneFS       uint32 = 1 << 1
	CloneThread   uint32 = 1 << 13
	CloneVM       uint32 = 1 << 15
	CloneInverted uint32 = 1 << 16
	NameChanged   uint32 = 1 << 17
	Closed        uint32 = 1 << 18
	Active        uint32 = 1 << 19
	PipeSrc       uint32 = 1 << 21
	PipeDst       uint32 = 1 << 22
	ChildInPidNS  uint32 = 1 << 29
	IsMainThread  uint32 = 1 << 30
)

// Category of a thread inside a container (health probes).
type Category uint8

// Thread categories.
const (
	CategoryNone Category = iota
	CategoryContainer
	CategoryHealthcheck
	CategoryLivenessProbe
	CategoryReadinessProbe
)

// Cgroup is one (subsystem, path) pair of a thread.
type Cgroup struct {
	Subsys, Path string
}

// Thread is one entry of the thread table (a process is the entry whose Tid == Pid).
type Thread struct {
	Tid, Pid, Ptid int64
	Sid, Vpgid     int64
	Comm           string
	Exe            string // argv[0]
	ExePath        string
	ExeWritable    bool
	Args           []string
	Env            []string // meaningful on main threads
	Cgroups        []Cgroup
	ContainerID    string // "" = host
	Flags          uint32
	FDLimit        int64
	UID, GID       uint32
	LoginUID       uint32
	NChilds        uint64
	VMSizeKB       uint32
	VMRSSKB        uint32
	VMSwapKB       uint32
	PFMajor        uint64
	PFMinor        uint64
	Vtid, Vpid     int64
	Root           string
	Tty            uint32
	CloneTS        uint64
	Category       Category
	Cwd            string // meaningful on main threads; ends with "/" once set
	FDs            *FDTable

	// What newer capture writers record and sysdig 0.29 does not know (see newer.go):
	// capability sets, the executable's inode and overlay layer, whether it runs from a
	// memfd, the start of the pid namespace. Known says which of them the capture
	// carried for this thread; the others are unknown, not zero.
	CapInheritable, CapPermitted, CapEffective uint64
	ExeIno                                     uint64 // 0: unknown
	ExeInoCtime, ExeInoMtime                   uint64 // ns since the epoch, 0: unknown
	PidnsInitStartTS                           uint64 // ns since the epoch, 0: unknown
	ExeUpperLayer, ExeLowerLayer, ExeFromMemfd bool
	Known                                      NewerData

	LastEventFD   int64
	LastEventType uint16
	LastEventTS   uint64
	PrevEventTS   uint64
	Latency       uint64
	LatencyEnter  uint64

	// enter is the thread's stored enter event (sinsp's single enter buffer): enterHas
	// says whether one is stored, enterValid whether it may pair with the current exit.
	enter      []byte
	enterCPU   uint16
	enterNum   uint64
	enterHas   bool
	enterValid bool
}

// FD types (scap_fd_type), as stored in FD.Type.
const (
	FDUninitialized int8 = -1
	FDUnknown       int8 = 0
	FDFile          int8 = 1
	FDDirectory     int8 = 2
	FDIPv4Sock      int8 = 3
	FDIPv6Sock      int8 = 4
	FDIPv4ServSock  int8 = 5
	FDIPv6ServSock  int8 = 6
	FDFifo          int8 = 7
	FDUnixSock      int8 = 8
	FDEvent         int8 = 9
	FDUnsupported   int8 = 10
	FDSignalfd      int8 = 11
	FDEventpoll     int8 = 12
	FDInotify       int8 = 13
	FDTimerfd       int8 = 14
	FDNetlink       int8 = 15
	FDFileV2        int8 = 16
)

// FD flags.
const (
	FDFromProc          uint32 = 1 << 0
	FDRoleClient        uint32 = 1 << 2
	FDRoleServer        uint32 = 1 << 3
	FDCloseInProgress   uint32 = 1 << 4
	FDCloseCanceled     uint32 = 1 << 5
	FDIsTracerFile      uint32 = 1 << 7
	FDIsTracerFD        uint32 = 1 << 8
	FDIsNotTracerFD     uint32 = 1 << 9
	FDSocketConnected   uint32 = 1 << 13
	FDIsCloned          uint32 = 1 << 14
	FDConnectionPending uint32 = 1 << 15
	FDConnectionFailed  uint32 = 1 << 16
)

// L4 protocols (scap_l4_proto).
const (
	L4Unknown uint8 = 0
	L4NA      uint8 = 1
	L4TCP     uint8 = 2
	L4UDP     uint8 = 3
	L4ICMP    uint8 = 4
	L4Raw     uint8 = 5
)

// FD is one fd table entry. Addresses are network-order bytes (IPv4 in the first 4),
// ports host order. Server sockets use SIP/SPort.
type FD struct {
	Type         int8
	Name         string
	OpenFlags    uint32
	Dev          uint32
	MountID      uint32
	Ino          uint64
	SIP, DIP     [16]byte
	SPort, DPort uint16
	L4Proto      uint8
	Source, Dest uint64 // unix socket kernel pointers
	Flags        uint32
	// NameRaw is the path an open-family event gave, as given (relative, with "..");
	// "" for entries created otherwise.
	NameRaw string

	// oldName is the name the entry had when the current event first looked it up
	// (for fd.name_changed).
	oldName string
	// sock is the byte image of the socket data as of the entry's last type change
	// (see sockunion.go).
	sock sockUnion
}

// EventContext is what the state engine knows about the event being processed: its
// thread, its fd (sinsp's evt.fdinfo), the paired enter event and the error code. It is
// valid until the engine processes the next event.
type EventContext struct {
	Ev *event.Event
	// Thread is the event's thread, or, when the event resolved none (an inverted clone's
	// child, internal events), the table entry of its tid, as field extraction looks it
	// up; nil if neither exists. Container events carry a synthetic "container:<id>"
	// thread (tid -1).
	Thread *Thread
	// NoOwnThread reports that the event resolved no thread itself (sysdig's evt.tinfo is
	// null, as for an inverted clone's child): Thread is then only the table entry field
	// extraction falls back to, which the latency fields do not consult.
	NoOwnThread bool
	FD          *FD // evt.fdinfo: nil when the event has no fd entry
	// Enter is the stored enter event this exit pairs with; EndEvent clears it, so filters
	// (before EndEvent) see it and output fields (after) do not, as in sysdig.
	Enter     *event.Event
	ErrorCode int64 // errno of a failed, paired exit (0 otherwise)
	// Hidden marks events that are processed for state but never shown (STATE_ONLY dump
	// flag, unsuccessful container events, events consumed while opening a capture,
	// event types newer than the 0.29 table).
	Hidden bool
	// Filtered marks events the filter set with SetFilter rejected.
	Filtered bool
	// FDNameChanged reports whether the parsers renamed FD during this event
	// (fd.name_changed).
	FDNameChanged bool
}

// User is a user of the capture's user list (or a userspace user-added event).
type User struct {
	UID, GID          uint32
	Name, Home, Shell string
}

// Group is a group of the capture's group list.
type Group struct {
	GID  uint32
	Name string
}

// Interface is a network interface of the capture's interface list. IPv4 addresses use
// the first 4 bytes (network order).
type Interface struct {
	Name                 string
	IPv6                 bool
	Addr, Netmask, Bcast [16]byte
	LinkSpeed            uint64
}

// Container types (sinsp's container type codes).
const (
	ContainerDocker     = 0
	ContainerLXC        = 1
	ContainerLibvirtLXC = 2
	ContainerMesos      = 3
	ContainerRkt        = 4
	ContainerCustom     = 5
	ContainerCRI        = 6
	ContainerContainerd = 7
	ContainerCRIO       = 8
	ContainerBPM        = 9
	ContainerStatic     = 10
	ContainerPodman     = 11
)

// ContainerMount is one mount of a container.
type ContainerMount struct {
	Source, Destination, Mode string
	RW                        bool
	Propagation               string
}

// ContainerProbe is a health, liveness or readiness probe of a container.
type ContainerProbe struct {
	Exe  string
	Args []string
}

// Container is one entry of the container table, from container events or cgroup
// matching.
type Container struct {
	ID, FullID   string
	Type         int
	Name         string
	Image        string
	ImageID      string
	ImageRepo    string
	ImageTag     string
	ImageDigest  string
	Privileged   *bool // nil when unknown
	IsPodSandbox bool
	LookupState  int // 0 started, 1 successful, 2 failed
	Mounts       []ContainerMount
	Healthcheck  *ContainerProbe
	Liveness     *ContainerProbe
	Readiness    *ContainerProbe
	IP           uint32 // IPv4 address as the number its dotted quad reads (a<<24|b<<16|c<<8|d)
	Labels       map[string]string
	Env          []string
	MemoryLimit  int64
	SwapLimit    int64
	CPUShares    int64
	CPUQuota     int64
	CPUPeriod    int64
	CPUSetCount  int32
	MesosTaskID  string
	CreatedTime  int64
}

// View is the read-only state that field extraction and rendering use. The state
// engine implements it; lookups never create entries.
type View interface {
	// Thread looks a thread up by tid, nil if absent.
	Thread(tid int64) *Thread
	// MainThread returns the main thread (process) of t, nil if absent.
	MainThread(t *Thread) *Thread
	// MainThreadOrPlaceholder is the main thread as field extraction finds it: one absent
	// from the table is added as a placeholder first, as the reference's lookup does
	// (nil only when the table is full). Later events see the placeholder too.
	MainThreadOrPlaceholder(t *Thread) *Thread
	// Parent returns the parent thread of t (by ptid), nil if absent.
	Parent(t *Thread) *Thread
	// FDTable returns the fd table t uses (its main thread's with CLONE_FILES).
	FDTable(t *Thread) *FDTable
	// Cwd returns t's working directory (its main thread's).
	Cwd(t *Thread) string
	User(uid uint32) *User
	Group(gid uint32) *Group
	Container(id string) *Container
	Interfaces() []Interface
	// FirstEventTS is the timestamp of the first non-container event of the capture.
	FirstEventTS() uint64
}
