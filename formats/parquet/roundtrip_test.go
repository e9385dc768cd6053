package parquet

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

// testSection is a section with one entry of every list, every field set.
func testSection() *scap.Section {
	return &scap.Section{
		Header:  scap.SectionHeader{Major: 1, Minor: 2, SectionLength: ^uint64(0)},
		Machine: &scap.MachineInfo{NumCPUs: 4, MemoryBytes: 8 << 30, MaxPID: 4194304, Hostname: "box", BootTS: 17, Flags: 3},
		Processes: []scap.Process{{
			Tid: 10, Pid: 10, Ptid: 1, Sid: 10, Vpgid: 10, Comm: "bash", Exe: "/bin/bash", ExePath: "/usr/bin/bash",
			Args: []byte("-c\x00ls\x00"), Cwd: "/root/", FDLimit: 1024, Flags: 5, UID: 0, GID: 0, VMSizeKB: 1, VMRSSKB: 2,
			VMSwapKB: 3, PFMajor: 4, PFMinor: 5, Env: []byte("A=1\x00"), Vtid: 10, Vpid: 10, Cgroups: []byte("cpu=/\x00"),
			Root: "/", LoginUID: -1, ExeWritable: true, Tty: 34816, Tail: []byte{0xff, 0xff, 0xff, 0xff, 1},
		}, {Tid: 11, Pid: 10, Ptid: 1, Sid: -1, Vpgid: -1, Comm: "bash", LoginUID: 1000}},
		FDLists: []scap.FDList{{Tid: 10, FDs: []scap.FD{
			{Fd: 0, Ino: 9, Type: scap.FDFileV2, Name: "/dev/pts/0", OpenFlags: 2, Dev: 7, HasDev: true},
			{Fd: 3, Type: scap.FDIPv4Sock, SIP: [16]byte{127, 0, 0, 1}, DIP: [16]byte{10, 0, 0, 1}, SPort: 80, DPort: 5555, L4Proto: 2, Extra: []byte{}},
			{Fd: 4, Type: scap.FDUnixSock, Source: 0xffff1, Dest: 0xffff2, Name: "/run/x.sock"},
		}}},
		HasInterfaces: true,
		Interfaces:    []scap.Interface{{Type: scap.IfIPv4, Name: "lo", Addr: [16]byte{127, 0, 0, 1}, Netmask: [16]byte{255}, LinkSpeed: 1000}},
		HasUsers:      true,
		Users:         []scap.User{{UID: 0, GID: 0, Name: "root", Home: "/root", Shell: "/bin/bash"}},
		Groups:        []scap.Group{{GID: 0, Name: "root"}},
	}
}

func TestSectionCodecRoundTrip(t *testing.T) {
	want := testSection()
	got, err := DecodeSection(AppendSection(nil, want))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("section changed through the codec:\n got %+v\nwant %+v", got, want)
	}
	// Every truncation is an error, never a panic or a silent success.
	b := AppendSection(nil, want)
	for i := 0; i < len(b); i++ {
		if _, err := DecodeSection(b[:i]); !errors.Is(err, ErrSnapshot) {
			t.Fatalf("truncated to %d of %d bytes: err = %v, want ErrSnapshot", i, len(b), err)
		}
	}
}

// testEvents builds n events of varied types, parameter counts, cpus and flags.
func testEvents(n int) []event.Event {
	var evs []event.Event
	ts := uint64(1_700_000_000_000_000_000)
	for i := 0; i < n; i++ {
		ts += uint64(i%7) * 1000
		tid := int64(100 + i%5)
		var raw []byte
		switch i % 4 {
		case 0: // open enter: name, flags, mode
			raw = event.Append(nil, ts, tid, 2, event.CStr("/etc/passwd"), event.U32(1), event.U32(0o644))
		case 1: // open exit: fd, name, flags, mode, dev
			raw = event.Append(nil, ts, tid, 3, event.I64(int64(i)), event.CStr("/etc/passwd"), event.U32(1), event.U32(0), event.U32(0x803))
		case 2: // close enter with an extra parameter the table does not list
			raw = event.Append(nil, ts, tid, 4, event.I64(3), event.U8(9))
		case 3: // close exit with no parameter at all, or a type no table knows
			raw = event.Append(nil, ts, tid, 5)
			if i%8 == 7 {
				raw = event.Append(nil, ts, tid, 60000, event.U32(7))
			}
		}
		evs = append(evs, event.Event{Raw: raw, Num: uint64(i + 1), CPU: uint16(i % 3), Flags: uint32(i%11/10) * event.FlagStateOnly})
	}
	return evs
}

func writeFile(t testing.TB, evs []event.Event, opts WriterOptions, secs ...SectionStart) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, opts)
	for _, s := range secs {
		w.AddSection(s.FirstNum, s.Section)
	}
	var en Enriched
	for i := range evs {
		en.Reset()
		en.SetString(ColProcName, []byte("proc"))
		en.SetInt(ColProcPid, int64(i))
		if err := w.Write(&evs[i], &en); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readAll(t testing.TB, b []byte) (*Reader, []event.Event) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(b), int64(len(b)), "test.parquet")
	if err != nil {
		t.Fatal(err)
	}
	var out []event.Event
	var ev event.Event
	for {
		err := r.Next(&ev)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ev.Clone())
	}
	return r, out
}

func sameEvents(t testing.TB, got, want []event.Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("read %d events, wrote %d", len(got), len(want))
	}
	for i := range want {
		g, w := &got[i], &want[i]
		if !bytes.Equal(g.Raw, w.Raw) || g.Num != w.Num || g.CPU != w.CPU || g.Flags != w.Flags {
			t.Fatalf("event %d differs:\n got num=%d cpu=%d flags=%d % x\nwant num=%d cpu=%d flags=%d % x",
				i, g.Num, g.CPU, g.Flags, g.Raw, w.Num, w.CPU, w.Flags, w.Raw)
		}
	}
}

func TestWriterReaderRoundTrip(t *testing.T) {
	evs := testEvents(5000)
	sec2 := testSection()
	sec2.Index = 1
	sec2.Machine.Hostname = "second"
	// Small row groups and pages so that several of each are crossed.
	b := writeFile(t, evs, WriterOptions{RowGroupRows: 1200, PageRows: 300},
		SectionStart{FirstNum: 1, Section: testSection()}, SectionStart{FirstNum: 4001, Section: sec2})
	r, got := readAll(t, b)
	sameEvents(t, got, evs)
	if n := len(r.File().RowGroups()); n != 5 {
		t.Errorf("%d row groups, want 5 (5000 rows by 1200)", n)
	}
	if !reflect.DeepEqual(r.Sections()[0].Section, testSection()) || r.Sections()[1].FirstNum != 4001 {
		t.Errorf("sections did not survive: %+v", r.Sections())
	}
	if r.Section().Machine.Hostname != "second" {
		t.Errorf("after the last event Section() is %q, want the second section", r.Section().Machine.Hostname)
	}
	st := r.Stats()
	if st.Events != 5000 || st.FirstNum != 1 || st.LastNum != 5000 || st.FirstTs != evs[0].Ts() || st.MaxTs != evs[4999].Ts() {
		t.Errorf("stats = %+v", st)
	}
	if st.Types["open"] != 2500 || st.Types["close"] != 1875 || st.Types["unknown"] != 625 {
		t.Errorf("type counts = %v, want open 2500, close 1875, unknown 625", st.Types)
	}
}

func TestSelectTimeRange(t *testing.T) {
	evs := testEvents(4000)
	b := writeFile(t, evs, WriterOptions{RowGroupRows: 1000}, SectionStart{FirstNum: 1, Section: testSection()})
	r, err := NewReader(bytes.NewReader(b), int64(len(b)), "t")
	if err != nil {
		t.Fatal(err)
	}
	from, to := evs[2100].Ts(), evs[2200].Ts()
	r.SelectTimeRange(from, to)
	var ev event.Event
	n, in := 0, 0
	for r.Next(&ev) == nil {
		n++
		if ev.Ts() >= from && ev.Ts() <= to {
			in++
		}
	}
	if n != 1000 {
		t.Errorf("read %d rows, want the one row group of 1000 that holds the range", n)
	}
	if in < 101 {
		t.Errorf("only %d rows in range", in)
	}
}

func TestReaderNextDoesNotAllocate(t *testing.T) {
	evs := testEvents(3000)
	b := writeFile(t, evs, WriterOptions{RowGroupRows: 100000}, SectionStart{FirstNum: 1, Section: testSection()})
	r, err := NewReader(bytes.NewReader(b), int64(len(b)), "t")
	if err != nil {
		t.Fatal(err)
	}
	var ev event.Event
	if err := r.Next(&ev); err != nil { // loads the row group
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(2000, func() {
		if err := r.Next(&ev); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Reader.Next allocates %.2f times per event, want 0", allocs)
	}
}

func TestWriterWriteAllocations(t *testing.T) {
	evs := testEvents(64)
	w := NewWriter(io.Discard, WriterOptions{})
	w.AddSection(1, testSection())
	var en Enriched
	en.SetString(ColProcName, []byte("proc"))
	i := 0
	allocs := testing.AllocsPerRun(20000, func() {
		if err := w.Write(&evs[i%len(evs)], &en); err != nil {
			t.Fatal(err)
		}
		i++
	})
	// Page and row-group flushes allocate inside the Parquet library; per event the
	// writer itself must not.
	if allocs > 0.05 {
		t.Errorf("Writer.Write allocates %.3f times per event, want amortised ~0", allocs)
	}
}

func TestCorpusRoundTrip(t *testing.T) {
	for _, path := range corpusFiles(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			sr, err := scap.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer sr.Close()
			sr.ReturnUnknown(true)
			var buf bytes.Buffer
			w := NewWriter(&buf, WriterOptions{})
			w.AddSection(1, sr.Section())
			var want []event.Event
			var ev event.Event
			for {
				err := sr.Next(&ev)
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if err := w.Write(&ev, nil); err != nil {
					t.Fatal(err)
				}
				want = append(want, ev.Clone())
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			r, got := readAll(t, buf.Bytes())
			sameEvents(t, got, want)
			if !reflect.DeepEqual(r.Sections()[0].Section, sr.Section()) {
				t.Errorf("section metadata changed")
			}
			fi, _ := os.Stat(path)
			t.Logf("%d events, scap %d bytes, parquet %d bytes", len(want), fi.Size(), buf.Len())
		})
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	cases := map[string][]byte{
		"empty.parquet":   {},
		"garbage.parquet": bytes.Repeat([]byte("not parquet "), 100),
	}
	good := writeFile(t, testEvents(100), WriterOptions{}, SectionStart{FirstNum: 1, Section: testSection()})
	cases["truncated.parquet"] = good[:len(good)/2]
	for name, b := range cases {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Open(p)
		if err == nil {
			t.Errorf("%s: opened without error", name)
			continue
		}
		if !errors.Is(err, ErrNotScry) || !bytes.Contains([]byte(err.Error()), []byte(p)) {
			t.Errorf("%s: error %q does not say it is not a scry file and name the file", name, err)
		}
	}
}

// columnStrings reads every value of a column as text ("" for null).
func columnStrings(t *testing.T, r *Reader, col int) []string {
	var out []string
	for _, rg := range r.File().RowGroups() {
		err := r.pageValues(rg.ColumnChunks()[LeafIndex(col)], col, false, int(rg.NumRows()), func(vals []pq.Value) {
			for _, v := range vals {
				switch {
				case v.IsNull():
					out = append(out, "")
				case Columns[col].Kind == KindString:
					out = append(out, string(v.ByteArray()))
				default:
					out = append(out, strconv.FormatInt(v.Int64(), 10))
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestEnrichedValuesAreCopied reuses one buffer for every event's enriched strings, as
// extractors do: the file must hold each event's own value.
func TestEnrichedValuesAreCopied(t *testing.T) {
	evs := testEvents(1000)
	var buf bytes.Buffer
	w := NewWriter(&buf, WriterOptions{PageRows: 300})
	w.AddSection(1, testSection())
	var en Enriched
	scratch := make([]byte, 0, 64)
	for i := range evs {
		en.Reset()
		scratch = strconv.AppendInt(append(scratch[:0], "name-"...), int64(i), 10)
		en.SetString(ColProcName, scratch)
		en.SetString(ColEvtType, scratch)
		if i%3 != 0 {
			en.SetInt(ColFdNum, int64(i))
		}
		if err := w.Write(&evs[i], &en); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "t")
	if err != nil {
		t.Fatal(err)
	}
	names, types, fds := columnStrings(t, r, ColProcName), columnStrings(t, r, ColEvtType), columnStrings(t, r, ColFdNum)
	for i := range evs {
		want := "name-" + strconv.Itoa(i)
		wantFD := strconv.Itoa(i)
		if i%3 == 0 {
			wantFD = ""
		}
		if names[i] != want || types[i] != want || fds[i] != wantFD {
			t.Fatalf("row %d: proc_name %q evt_type %q fd_num %q; want %q %q %q", i, names[i], types[i], fds[i], want, want, wantFD)
		}
	}
}

// TestWriterReset writes three files through one Writer: each must read back as if
// written by a fresh one, with its own sections, state and metadata.
func TestWriterReset(t *testing.T) {
	evs := testEvents(3000)
	w := NewWriter(io.Discard, WriterOptions{RowGroupRows: 700, PageRows: 200})
	var files [][]byte
	for i := 0; i < 3; i++ {
		var buf bytes.Buffer
		w.Reset(&buf)
		sec := testSection()
		sec.Machine.Hostname = "file" + strconv.Itoa(i)
		w.AddSection(evs[i*1000].Num, sec)
		if i == 0 {
			w.SetState([]byte("image"))
			w.SetMetadata("k", "v")
		}
		var en Enriched
		for j := i * 1000; j < (i+1)*1000; j++ {
			en.Reset()
			en.SetString(ColFdName, []byte("/f"+strconv.Itoa(j%50)))
			if err := w.Write(&evs[j], &en); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		files = append(files, buf.Bytes())
	}
	for i, b := range files {
		r, got := readAll(t, b)
		sameEvents(t, got, evs[i*1000:(i+1)*1000])
		if h := r.Section().Machine.Hostname; h != "file"+strconv.Itoa(i) {
			t.Errorf("file %d: section of %s", i, h)
		}
		st, ok, _ := r.State()
		_, hasK := r.Metadata("k")
		if (i == 0) != (ok && string(st) == "image") || (i == 0) != hasK {
			t.Errorf("file %d: state %q (%v), metadata k present %v", i, st, ok, hasK)
		}
		if r.Stats().Events != 1000 || r.Stats().FirstNum != uint64(i*1000+1) {
			t.Errorf("file %d: stats %+v", i, r.Stats())
		}
		names := columnStrings(t, r, ColFdName)
		for j, n := range names {
			if want := "/f" + strconv.Itoa((i*1000+j)%50); n != want {
				t.Fatalf("file %d row %d: fd_name %q, want %q", i, j, n, want)
			}
		}
	}
}

// TestFileLayout checks the layout SCHEMA.md promises: encodings, zstd, statistics, page
// and offset indexes, bloom filters, row group and page sizes, the version key.
func TestFileLayout(t *testing.T) {
	evs := testEvents(10000)
	var buf bytes.Buffer
	w := NewWriter(&buf, WriterOptions{RowGroupRows: 4000, PageRows: 1000})
	w.AddSection(1, testSection())
	var en Enriched
	for i := range evs {
		en.Reset()
		en.SetString(ColProcName, []byte("proc"+strconv.Itoa(i%3)))
		en.SetString(ColFdName, []byte("/f"+strconv.Itoa(i)))
		en.SetString(ColEvtArgs, []byte("fd=3 size="+strconv.Itoa(i)))
		en.SetString(ColProcCmdline, []byte("cat /f"+strconv.Itoa(i%7)))
		if err := w.Write(&evs[i], &en); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "t")
	if err != nil {
		t.Fatal(err)
	}
	md := r.File().Metadata()
	if v, _ := r.Metadata(KeySchemaVersion); v != strconv.Itoa(SchemaVersion) || len(md.RowGroups) != 3 {
		t.Fatalf("version %q, %d row groups (want %d, 3)", v, len(md.RowGroups), SchemaVersion)
	}
	hasEnc := func(col int, want format.Encoding) bool {
		for _, e := range md.RowGroups[0].Columns[LeafIndex(col)].MetaData.Encoding {
			if e == want {
				return true
			}
		}
		return false
	}
	if !hasEnc(ColEvtRawtime, format.DeltaBinaryPacked) || !hasEnc(ColEvtNum, format.DeltaBinaryPacked) {
		t.Errorf("timestamps and event numbers are not delta encoded")
	}
	if !hasEnc(ColProcName, format.RLEDictionary) || !hasEnc(ColRawType, format.RLEDictionary) {
		t.Errorf("repetitive columns are not dictionary encoded")
	}
	cis, ois := r.File().ColumnIndexes(), r.File().OffsetIndexes()
	for g, rg := range md.RowGroups {
		for i, c := range rg.Columns {
			if c.MetaData.Codec != format.Zstd && c.MetaData.Codec != format.Uncompressed {
				t.Errorf("row group %d column %d: codec %v", g, i, c.MetaData.Codec)
			}
		}
		// Chunks that compress are zstd; the others may be stored as they are.
		for _, col := range []int{ColRawParams, ColEvtArgs, ColEvtRawtime} {
			if c := rg.Columns[LeafIndex(col)].MetaData.Codec; c != format.Zstd {
				t.Errorf("row group %d %s: codec %v, want zstd", g, Columns[col].Name, c)
			}
		}
		ts := rg.Columns[LeafIndex(ColEvtRawtime)]
		if len(ts.MetaData.Statistics.MinValue) != 8 || len(ts.MetaData.Statistics.MaxValue) != 8 {
			t.Errorf("row group %d: no evt_rawtime statistics", g)
		}
		for col, want := range map[int]bool{ColFdName: true, ColProcCmdline: true, ColEvtArgs: false, ColProcName: false} {
			if got := rg.Columns[LeafIndex(col)].MetaData.BloomFilterOffset > 0; got != want {
				t.Errorf("row group %d %s: bloom filter %v, want %v", g, Columns[col].Name, got, want)
			}
		}
		k := g*len(rg.Columns) + LeafIndex(ColEvtRawtime)
		wantPages := (int(rg.NumRows) + 999) / 1000
		if len(ois[k].PageLocations) != wantPages || len(cis[k].MinValues) != wantPages {
			t.Errorf("row group %d evt_rawtime: %d pages in the offset index, %d in the column index, want %d",
				g, len(ois[k].PageLocations), len(cis[k].MinValues), wantPages)
		}
		if n := len(ois[g*len(rg.Columns)+LeafIndex(ColRawParams)].PageLocations); n != 1 {
			t.Errorf("row group %d raw_params: %d pages, want 1 (long pages)", g, n)
		}
	}
	if bf := r.File().RowGroups()[0].ColumnChunks()[LeafIndex(ColFdName)].BloomFilter(); bf == nil {
		t.Errorf("no bloom filter reader for fd_name")
	} else if ok, err := bf.Check(pq.ByteArrayValue([]byte("/f17"))); err != nil || !ok {
		t.Errorf("bloom filter of the first row group does not hold /f17: %v %v", ok, err)
	}
}
