package schema

// ParamType is a PT_* parameter type of the event table (param-types.tsv).
type ParamType uint8

// PrintFormat is a PF_* print format of a parameter or a field.
type PrintFormat uint8

// Print formats (driver/ppm_events_public.h).
const (
	FormatNA          PrintFormat = 0
	FormatDec         PrintFormat = 1
	FormatHex         PrintFormat = 2
	Format10PaddedDec PrintFormat = 3
	FormatID          PrintFormat = 4
	FormatDir         PrintFormat = 5
	FormatOct         PrintFormat = 6
)

// EventFlags is the EF_* bit set of an event table entry.
type EventFlags uint32

// Event flags (driver/ppm_events_public.h; bit 12 only in newer tables).
const (
	EFCreatesFD        EventFlags = 1 << 0
	EFDestroysFD       EventFlags = 1 << 1
	EFUsesFD           EventFlags = 1 << 2
	EFReadsFromFD      EventFlags = 1 << 3
	EFWritesToFD       EventFlags = 1 << 4
	EFModifiesState    EventFlags = 1 << 5
	EFUnused           EventFlags = 1 << 6
	EFWaits            EventFlags = 1 << 7
	EFSkipParseReset   EventFlags = 1 << 8
	EFOldVersion       EventFlags = 1 << 9
	EFDropSimpleCons   EventFlags = 1 << 10
	EFLargePayload     EventFlags = 1 << 11
	EFConverterManaged EventFlags = 1 << 12
)

// Category is an EC_* event category. Newer tables OR a source bit (EC_SYSCALL...) into
// it; EventInfo keeps that bit apart in Source so Category always has the 0.29 meaning.
type Category uint32

// Event categories.
const (
	CatUnknown    Category = 0
	CatOther      Category = 1
	CatFile       Category = 2
	CatNet        Category = 3
	CatIPC        Category = 4
	CatMemory     Category = 5
	CatProcess    Category = 6
	CatSleep      Category = 7
	CatSystem     Category = 8
	CatSignal     Category = 9
	CatUser       Category = 10
	CatTime       Category = 11
	CatProcessing Category = 12
	CatIORead     Category = 32
	CatIOWrite    Category = 33
	CatIOOther    Category = 34
	CatWait       Category = 64
	CatScheduler  Category = 128
	CatInternal   Category = 256
)

// Event source bits of newer tables.
const (
	SourceSyscall    Category = 0x200
	SourceTracepoint Category = 0x400
	SourcePlugin     Category = 0x800
	SourceMetaevent  Category = 0x1000
	SourceIter       Category = 0x2000
	sourceMask                = SourceSyscall | SourceTracepoint | SourcePlugin | SourceMetaevent | SourceIter
)

// Flag is one entry of a flag or enum table.
type Flag struct {
	Name  string
	Value uint32
}

// FlagTable is a named flag or enum table, in the order of the C array (the order matters
// for rendering).
type FlagTable struct {
	Name  string
	Flags []Flag
}

// DynEntry is one sub-type of a PT_DYN parameter.
type DynEntry struct {
	Name   string
	Type   ParamType
	Format PrintFormat
}

// DynTable lists the sub-types a PT_DYN parameter may take, by index.
type DynTable struct {
	Name    string
	Entries []DynEntry
}

// ParamInfo describes one parameter of an event.
type ParamInfo struct {
	Name   string
	Type   ParamType
	Format PrintFormat
	Flags  *FlagTable // flag table of PT_FLAGS*/PT_MODE/PT_ENUMFLAGS* parameters
	DirFD  int8       // PT_FSRELPATH: index of the dirfd parameter, -1 otherwise
	Dyn    *DynTable  // PT_DYN: sub-type table
}

// EventInfo describes one event type.
type EventInfo struct {
	ID       uint16
	PPME     string // enum name, e.g. PPME_SYSCALL_OPEN_E
	Name     string // name shown by sysdig (evt.type)
	Category Category
	Source   Category // newer tables' source bit (SourceSyscall ...), 0 in the 0.29 table
	Flags    EventFlags
	Params   []ParamInfo
	// Listed reports whether sysdig -L lists the event (not unused, old or internal).
	Listed bool
	// Legacy reports whether the event exists in the 0.29 table (id < LegacyMax).
	Legacy bool
}

// IsEnter reports whether the event is an enter event (even id).
func (e *EventInfo) IsEnter() bool { return e.ID&1 == 0 }

// LargePayload reports whether the event's parameter lengths are u32 instead of u16.
func (e *EventInfo) LargePayload() bool { return e.Flags&EFLargePayload != 0 }

// Syscall maps one x86_64 syscall number to the events that report it.
type Syscall struct {
	Nr         uint16
	Name       string
	UFFlags    uint8
	ReportedAs string // dedicated, generic_explicit or generic_unlisted
	EventName  string // what sysdig prints as evt.type
	EnterID    uint16
	ExitID     uint16
	PPMSC      uint16
}

// PPMSC describes one PPM_SC_* syscall code (the ID parameter of generic events).
type PPMSC struct {
	Code     uint16
	Enum     string
	Name     string
	Category Category
	Flags    EventFlags
}

// FieldFlags is the EPF_* bit set of a filter field.
type FieldFlags uint8

// Field flags.
const (
	FieldFilterOnly   FieldFlags = 1
	FieldPrintOnly    FieldFlags = 2
	FieldRequiresArg  FieldFlags = 4
	FieldTableOnly    FieldFlags = 8
	FieldInfo         FieldFlags = 16
	FieldConversation FieldFlags = 32
)

// Field describes one filter/format field (fields.tsv).
type Field struct {
	Class       string
	ClassDesc   string
	Name        string
	TypeName    string // as printed by sysdig -l
	Type        ParamType
	Flags       FieldFlags
	Listed      bool
	Argument    string // none, optional or required
	ArgSyntax   string
	Description string
}
