package parquet

// Kind is the value type of a column.
type Kind uint8

// Column kinds.
const (
	KindInt64  Kind = iota // INT64
	KindInt32              // INT32
	KindBool               // BOOLEAN
	KindString             // BYTE_ARRAY, UTF8 annotated
	KindBytes              // BYTE_ARRAY, binary
)

// Encoding is how a column's values are encoded inside pages (before zstd).
type Encoding uint8

// Column encodings.
const (
	EncPlain Encoding = iota
	EncDict           // RLE_DICTIONARY: repetitive values
	EncDelta          // DELTA_BINARY_PACKED: increasing integers
)

// Source says who fills a column.
type Source uint8

// Column sources.
const (
	SourceEvent Source = iota // decoded from the event itself by the writer
	SourceState               // filled by an Enricher (state engine and field extractors)
	SourceRaw                 // lossless encoding of the event, for regenerating its bytes
)

// Column describes one column of the schema.
type Column struct {
	Name     string // Parquet column name: the sysdig field with '.' -> '_', or raw_*
	Field    string // sysdig field the column holds, "" for raw columns
	Kind     Kind
	Optional bool // null where the field has no value (sysdig's <NA>)
	Encoding Encoding
	Bloom    bool // a split-block bloom filter is written for each row group
	Source   Source
	// LongPages columns (large, rarely filtered by range) get pages as long as the row
	// group allows: a larger compression context, no use for page-level pruning.
	LongPages bool
	// NoBounds columns get no min/max (page or chunk): free text and blobs, whose bounds
	// prune nothing and cost a comparison per value.
	NoBounds bool
	// QuickPages columns are compressed at zstd's default level instead of "better":
	// large columns of little redundancy, where "better" takes twice the time to save a
	// few percent (evt_latency: 4.6% of the column, under 1% of a file).
	QuickPages bool
}

// Column identifiers, indexes into Columns.
const (
	ColEvtNum = iota
	ColEvtRawtime
	ColEvtCPU
	ColThreadTid
	ColEvtType
	ColEvtDir
	ColEvtCategory
	ColEvtRawres
	ColEvtFailed
	ColEvtLatency
	ColProcPid
	ColProcPpid
	ColProcName
	ColProcExe
	ColProcExepath
	ColProcArgs
	ColProcPname
	ColProcCmdline
	ColUserLoginuid
	ColUserName
	ColGroupName
	ColContainerID
	ColContainerName
	ColFdNum
	ColFdName
	ColFdType
	ColFdTypechar
	ColFdDirectory
	ColFdFilename
	ColFdSip
	ColFdCip
	ColFdSport
	ColFdCport
	ColFdL4proto
	ColEvtBuflen
	ColEvtArgs
	ColRawType
	ColRawNparams
	ColRawFlags
	ColRawParams
	NumColumns
)

// Columns is the schema, by column identifier.
var Columns = [NumColumns]Column{
	ColEvtNum:        {Name: "evt_num", Field: "evt.num", Kind: KindInt64, Encoding: EncDelta},
	ColEvtRawtime:    {Name: "evt_rawtime", Field: "evt.rawtime", Kind: KindInt64, Encoding: EncDelta},
	ColEvtCPU:        {Name: "evt_cpu", Field: "evt.cpu", Kind: KindInt32, Encoding: EncDict},
	ColThreadTid:     {Name: "thread_tid", Field: "thread.tid", Kind: KindInt64, Encoding: EncDict},
	ColEvtType:       {Name: "evt_type", Field: "evt.type", Kind: KindString, Encoding: EncDict},
	ColEvtDir:        {Name: "evt_dir", Field: "evt.dir", Kind: KindString, Encoding: EncDict},
	ColEvtCategory:   {Name: "evt_category", Field: "evt.category", Kind: KindString, Optional: true, Encoding: EncDict, Source: SourceState},
	ColEvtRawres:     {Name: "evt_rawres", Field: "evt.rawres", Kind: KindInt64, Optional: true, Encoding: EncDict, Source: SourceState},
	ColEvtFailed:     {Name: "evt_failed", Field: "evt.failed", Kind: KindBool, Optional: true, Source: SourceState},
	ColEvtLatency:    {Name: "evt_latency", Field: "evt.latency", Kind: KindInt64, Optional: true, Source: SourceState, LongPages: true, QuickPages: true},
	ColProcPid:       {Name: "proc_pid", Field: "proc.pid", Kind: KindInt64, Optional: true, Encoding: EncDict, Source: SourceState},
	ColProcPpid:      {Name: "proc_ppid", Field: "proc.ppid", Kind: KindInt64, Optional: true, Encoding: EncDict, Source: SourceState},
	ColProcName:      {Name: "proc_name", Field: "proc.name", Kind: KindString, Optional: true, Encoding: EncDict, Source: SourceState},
	ColProcExe:       {Name: "proc_exe", Field: "proc.exe", Kind: KindString, Optional: true, Encoding: EncDict, Source: SourceState},
	ColProcExepath:   {Name: "proc_exepath", Field: "proc.exepath", Kind: KindString, Optional: true, Encoding: EncDict, Bloom: true, Source: SourceState},
	ColProcArgs:      {Name: "proc_args", Field: "proc.args", Kind: KindString, Optional: true, Encoding: EncDict, Source: SourceState, NoBounds: true},
	ColProcPname:     {Name: "proc_pname", Field: "proc.pname", Kind: KindString, Optional: true, Encoding: EncDict, Source: SourceState},
	ColProcCmdline:   {Name: "proc_cmdline", Field: "proc.cmdline", Kind: KindString, Optional: true, Encoding: EncDict, Bloom: true, Source: SourceState, NoBounds: true},
	ColUserLoginuid:  {Name: "user_loginuid", Field: "user.loginuid", Kind: KindInt64, Optional: true, Encoding: EncDict, Source: SourceState},
	ColUserName:      {Name: "user_name", Field: "user.name", Kind: KindString, Optional: true, Encoding: EncDict, Source: SourceState},
	ColGroupName:     {Name: "group_name", Field: "group.name", Kind: KindString, Optional: true, Encoding: EncDict, Source: SourceState},
	ColContainerID:   {Name: "container_id", Field: "container.id", Kind: KindString, Optional: true, Encoding: EncDict, Bloom: true, Source: SourceState},
	ColContainerName: {Name: "container_name", Field: "container.name", Kind: KindString, Optional: true, Encoding: EncDict, Source: SourceState},
	ColFdNum:         {Name: "fd_num", Field: "fd.num", Kind: KindInt64, Optional: true, Encoding: EncDict, Source: SourceState},
	ColFdName:        {Name: "fd_name", Field: "fd.name", Kind: KindString, Optional: true, Encoding: EncDict, Bloom: true, Source: SourceState},
	ColFdType:        {Name: "fd_type", Field: "fd.type", Kind: KindString, Optional: true, Encoding: EncDict, Source: SourceState},
	ColFdTypechar:    {Name: "fd_typechar", Field: "fd.typechar", Kind: KindString, Optional: true, Encoding: EncDict, Source: SourceState},
	ColFdDirectory:   {Name: "fd_directory", Field: "fd.directory", Kind: KindString, Optional: true, Encoding: EncDict, Bloom: true, Source: SourceState},
	ColFdFilename:    {Name: "fd_filename", Field: "fd.filename", Kind: KindString, Optional: true, Encoding: EncDict, Bloom: true, Source: SourceState},
	ColFdSip:         {Name: "fd_sip", Field: "fd.sip", Kind: KindString, Optional: true, Encoding: EncDict, Bloom: true, Source: SourceState},
	ColFdCip:         {Name: "fd_cip", Field: "fd.cip", Kind: KindString, Optional: true, Encoding: EncDict, Bloom: true, Source: SourceState},
	ColFdSport:       {Name: "fd_sport", Field: "fd.sport", Kind: KindInt32, Optional: true, Encoding: EncDict, Source: SourceState},
	ColFdCport:       {Name: "fd_cport", Field: "fd.cport", Kind: KindInt32, Optional: true, Encoding: EncDict, Source: SourceState},
	ColFdL4proto:     {Name: "fd_l4proto", Field: "fd.l4proto", Kind: KindString, Optional: true, Encoding: EncDict, Source: SourceState},
	ColEvtBuflen:     {Name: "evt_buflen", Field: "evt.buflen", Kind: KindInt64, Optional: true, Encoding: EncDict, Source: SourceState},
	ColEvtArgs:       {Name: "evt_args", Field: "evt.args", Kind: KindString, Optional: true, Source: SourceState, LongPages: true, NoBounds: true},
	ColRawType:       {Name: "raw_type", Kind: KindInt32, Encoding: EncDict, Source: SourceRaw},
	ColRawNparams:    {Name: "raw_nparams", Kind: KindInt32, Encoding: EncDict, Source: SourceRaw},
	ColRawFlags:      {Name: "raw_flags", Kind: KindInt32, Encoding: EncDict, Source: SourceRaw},
	ColRawParams:     {Name: "raw_params", Kind: KindBytes, Source: SourceRaw, LongPages: true, NoBounds: true},
}

// ColumnByName returns the identifier of the column called name (Parquet name or sysdig
// field name), or -1.
func ColumnByName(name string) int {
	for i := range Columns {
		if Columns[i].Name == name || (Columns[i].Field != "" && Columns[i].Field == name) {
			return i
		}
	}
	return -1
}
