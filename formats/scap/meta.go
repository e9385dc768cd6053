package scap

// SectionHeader is the section header block.
type SectionHeader struct {
	Major, Minor  uint16
	SectionLength uint64
}

// MachineInfo is the machine info block (180-byte body).
type MachineInfo struct {
	NumCPUs     uint32
	MemoryBytes uint64
	MaxPID      uint64
	Hostname    string
	BootTS      uint64 // reserved1 in 0.29; boot time in ns since the epoch in newer libs
	Flags       uint64 // reserved2 in 0.29
	Reserved3   uint64
	Reserved4   uint64
}

// Process is one entry of a process list block. Fields absent from the block's version
// hold the reader defaults of the spec (-1 for ids, "" for strings). Entries a Reader
// decodes share memory: equal Args, Env and Cgroups blobs of a section are one copy, so
// they are read-only (each is capped at its length: appending to one copies it).
type Process struct {
	Tid, Pid, Ptid int64
	Sid, Vpgid     int64
	Comm           string
	Exe            string // argv[0]
	ExePath        string
	Args           []byte // NUL-terminated arguments after argv[0], concatenated
	Cwd            string
	FDLimit        uint64
	Flags          uint32
	UID, GID       uint32
	VMSizeKB       uint32
	VMRSSKB        uint32
	VMSwapKB       uint32
	PFMajor        uint64
	PFMinor        uint64
	Env            []byte // NUL-terminated entries, concatenated
	Vtid, Vpid     int64
	Cgroups        []byte // "subsys=path\0" entries, concatenated
	Root           string
	LoginUID       int32 // -1 when absent
	ExeWritable    bool
	Tty            uint32 // only in entries written by libs 0.10 and later
	// Tail holds a V9 entry's bytes after root, as written (loginuid, exe_writable and
	// whatever newer libs appended), so that rewriting an entry loses nothing. nil for
	// entries of older versions.
	Tail []byte
}

// FD types of fd list entries (scap_fd_type).
const (
	FDUnknown      uint8 = 0
	FDFile         uint8 = 1
	FDDirectory    uint8 = 2
	FDIPv4Sock     uint8 = 3
	FDIPv6Sock     uint8 = 4
	FDIPv4ServSock uint8 = 5
	FDIPv6ServSock uint8 = 6
	FDFifo         uint8 = 7
	FDUnixSock     uint8 = 8
	FDEvent        uint8 = 9
	FDUnsupported  uint8 = 10
	FDSignalfd     uint8 = 11
	FDEventpoll    uint8 = 12
	FDInotify      uint8 = 13
	FDTimerfd      uint8 = 14
	FDNetlink      uint8 = 15
	FDFileV2       uint8 = 16
	FDBPF          uint8 = 17
	FDUserfaultfd  uint8 = 18
	FDIOUring      uint8 = 19
	FDMemfd        uint8 = 20
	FDPidfd        uint8 = 21
)

// FD is one entry of an fd list block. Which fields are meaningful depends on Type:
// sockets use the address fields (IPv4 addresses in the first 4 bytes), unix sockets
// Source/Dest/Name, files OpenFlags/Name/Dev, every other type Name.
type FD struct {
	Fd           int64
	Ino          uint64
	Type         uint8
	SIP, DIP     [16]byte
	SPort, DPort uint16
	L4Proto      uint8
	Source, Dest uint64 // unix sockets: kernel socket pointers
	Name         string
	OpenFlags    uint32
	Dev          uint32
	HasDev       bool
	Extra        []byte // v2 bytes after the known fields
}

// FDList is an fd list block: the fds of one thread.
type FDList struct {
	Tid int64
	FDs []FD
}

// Interface types (scap_ifinfo_type).
const (
	IfIPv4            uint16 = 1
	IfIPv6            uint16 = 2
	IfIPv4NoLinkSpeed uint16 = 3
	IfIPv6NoLinkSpeed uint16 = 4
)

// Interface is one entry of an interface list block. IPv4 addresses use the first 4
// bytes of each address array (network order).
type Interface struct {
	Type                 uint16
	Name                 string
	Addr, Netmask, Bcast [16]byte
	LinkSpeed            uint64
}

// User is a user list entry.
type User struct {
	UID, GID   uint32
	Name, Home string
	Shell      string
}

// Group is a group list entry.
type Group struct {
	GID  uint32
	Name string
}

// Section is the metadata of one section of a capture, as read before its first event.
// Lists accumulate over repeated PL/FDL blocks; a later IL or UL block replaces the
// earlier one, as libscap does.
type Section struct {
	Index      int   // 0 for the first section of the file
	Offset     int64 // offset of the SHB in the decompressed stream
	Header     SectionHeader
	Machine    *MachineInfo
	Processes  []Process
	FDLists    []FDList
	Interfaces []Interface
	Users      []User
	Groups     []Group
	// HasInterfaces and HasUsers report whether the section carried those blocks.
	HasInterfaces, HasUsers bool
}
