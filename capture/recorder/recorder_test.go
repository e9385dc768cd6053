package recorder

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/scrylabs/scry/capture"
	"github.com/scrylabs/scry/drivers/testinput"
	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

func workload(n int) []byte {
	var b testinput.Builder
	b.Execve(1, "/bin/cat", testinput.Proc{Tid: 7, Pid: 7, Ptid: 1, Exe: "cat", Args: []string{"/etc/hosts"}, Comm: "cat"}, 0)
	for i := 0; i < n; i++ {
		b.Openat(uint64(10+10*i), 7, -100, "/etc/hosts", 1, 0, 3)
		b.Read(uint64(12+10*i), 7, 3, 4096, []byte("127.0.0.1 localhost\n"))
		b.Close(uint64(14+10*i), 7, 3, 0)
	}
	return b.Bytes()
}

func section() *scap.Section {
	return &scap.Section{
		Machine:   &scap.MachineInfo{NumCPUs: 1, Hostname: "test"},
		Processes: []scap.Process{{Tid: 1, Pid: 1, Comm: "init", Exe: "/sbin/init", LoginUID: -1, Vtid: 1, Vpid: 1}},
	}
}

// readAll returns the events of a capture file, copied.
func readAll(t *testing.T, path string) (*scap.Section, [][]byte) {
	t.Helper()
	r, err := scap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out [][]byte
	var ev event.Event
	for {
		err := r.Next(&ev)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, append([]byte(nil), ev.Raw...))
	}
	return r.Section(), out
}

func TestRecordWritesEveryEventAndState(t *testing.T) {
	for _, name := range []string{"plain.scap", "gz.scap.gz", "zst.scap.zst"} {
		t.Run(name, func(t *testing.T) {
			raw := workload(20)
			src, err := capture.NewTestSource(raw)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), name)
			res, err := Record(src, Options{Path: path, Snapshot: func() (*scap.Section, error) { return section(), nil }})
			if err != nil {
				t.Fatal(err)
			}
			if res.Events != 2+20*6 || len(res.Files) != 1 || res.Files[0] != path {
				t.Fatalf("result %+v", res)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o600 {
				t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
			}
			sec, evs := readAll(t, path)
			if sec.Machine == nil || sec.Machine.Hostname != "test" || len(sec.Processes) != 1 {
				t.Fatalf("state blocks not written: %+v", sec)
			}
			var got []byte
			for _, e := range evs {
				got = append(got, e...)
			}
			if !bytes.Equal(got, raw) {
				t.Fatal("events read back differ from the events recorded")
			}
		})
	}
}

func TestRecordStopsAfterMaxEvents(t *testing.T) {
	src, _ := capture.NewTestSource(workload(50))
	path := filepath.Join(t.TempDir(), "n.scap")
	res, err := Record(src, Options{Path: path, MaxEvents: 10})
	if err != nil {
		t.Fatal(err)
	}
	if _, evs := readAll(t, path); res.Events != 10 || len(evs) != 10 {
		t.Fatalf("wrote %d events, file holds %d, want 10", res.Events, len(evs))
	}
}

func TestRecordRotatesBySizeAndReusesNames(t *testing.T) {
	src, _ := capture.NewTestSource(workload(400))
	base := filepath.Join(t.TempDir(), "r.scap")
	snaps := 0
	res, err := Record(src, Options{Path: base, RotateBytes: 8 << 10, MaxFiles: 3,
		Snapshot: func() (*scap.Section, error) { snaps++; return section(), nil }})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) < 4 {
		t.Fatalf("only %d files for ~60 KiB at 8 KiB each", len(res.Files))
	}
	if snaps != len(res.Files) {
		t.Fatalf("%d snapshots for %d files", snaps, len(res.Files))
	}
	ents, _ := os.ReadDir(filepath.Dir(base))
	if len(ents) != 3 {
		t.Fatalf("%d files on disk, want 3 (-W 3)", len(ents))
	}
	for i, f := range res.Files {
		if want := base + string(rune('0'+i%3)); f != want {
			t.Fatalf("file %d is %s, want %s", i, f, want)
		}
	}
	// Every file stands alone: it starts with the state blocks.
	sec, evs := readAll(t, base+"0")
	if len(sec.Processes) != 1 || len(evs) == 0 {
		t.Fatalf("rotated file lacks state or events")
	}
}

func TestRecordRotatesByTime(t *testing.T) {
	src, _ := capture.NewTestSource(workload(10))
	now := time.Unix(0, 0)
	clock := func() time.Time { now = now.Add(time.Second); return now }
	base := filepath.Join(t.TempDir(), "g.scap.gz")
	res, err := Record(src, Options{Path: base, RotateEvery: 5 * time.Second, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) < 5 || filepath.Base(res.Files[1]) != "g.scap1.gz" {
		t.Fatalf("files %v", res.Files)
	}
}

func TestFileName(t *testing.T) {
	cases := []struct {
		path     string
		rotating bool
		i        int
		want     string
	}{
		{"a.scap", false, 3, "a.scap"},
		{"a.scap", true, 3, "a.scap3"},
		{"a.scap.gz", true, 0, "a.scap0.gz"},
		{"x.zst", true, 12, "x12.zst"},
	}
	for _, c := range cases {
		if got := fileName(c.path, c.rotating, c.i); got != c.want {
			t.Errorf("fileName(%q, %v, %d) = %q, want %q", c.path, c.rotating, c.i, got, c.want)
		}
	}
}
