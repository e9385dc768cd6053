package parquet

import (
	"bytes"
	"strconv"
	"testing"
)

// TestDictHints: values written with hints read back as written, across pages and row
// groups (whose dictionaries start anew), with hints shared by two writers, and a hint
// is filled by the first write and then names its dictionary.
func TestDictHints(t *testing.T) {
	names := []string{"nginx", "bash", "postgres"}
	hints := make([]DictHint, len(names))
	pids := make([]DictHint, len(names))
	var other bytes.Buffer
	ow := NewWriter(&other, WriterOptions{})
	ow.AddSection(1, testSection())
	oevs := testEvents(1)
	r := writeTestFile(t, 700, WriterOptions{RowGroupRows: 256, PageRows: 64}, func(i int, en *Enriched) {
		k := (i / 3) % len(names) // runs, then a switch: the writer's last-value path misses
		en.SetStringHinted(ColProcName, []byte(names[k]), &hints[k])
		en.SetIntHinted(ColProcPid, int64(1000+k), &pids[k])
		if i%50 == 0 { // the other writer takes the same hints now and then
			var oen Enriched
			oen.SetStringHinted(ColProcName, []byte(names[k]), &hints[k])
			if err := ow.Write(&oevs[0], &oen); err != nil {
				t.Fatal(err)
			}
		}
	})
	gotNames, gotPids := columnStrings(t, r, ColProcName), columnStrings(t, r, ColProcPid)
	if len(gotNames) != 700 || len(gotPids) != 700 {
		t.Fatalf("%d and %d values, want 700", len(gotNames), len(gotPids))
	}
	for i := range gotNames {
		k := (i / 3) % len(names)
		if gotNames[i] != names[k] || gotPids[i] != strconv.Itoa(1000+k) {
			t.Fatalf("row %d: %q %s, want %q %d", i, gotNames[i], gotPids[i], names[k], 1000+k)
		}
	}
	for k, h := range hints {
		if h.dict == 0 {
			t.Errorf("hint of %q never filled", names[k])
		}
	}
	if err := ow.Close(); err != nil {
		t.Fatal(err)
	}
	or, err := NewReader(bytes.NewReader(other.Bytes()), int64(other.Len()), "other")
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range columnStrings(t, or, ColProcName) {
		if want := names[(i*50/3)%len(names)]; v != want {
			t.Errorf("other writer row %d: %q, want %q", i, v, want)
		}
	}
}

// TestCopyDropsHints: a copy for another goroutine carries no hint, so that its writer
// never writes the caller's.
func TestCopyDropsHints(t *testing.T) {
	var h DictHint
	var en, dst Enriched
	en.SetStringHinted(ColProcName, []byte("nginx"), &h)
	en.CopyTo(&dst, nil)
	if dst.hints[ColProcName] != nil {
		t.Errorf("the copy kept the hint")
	}
	if v, _ := dst.String(ColProcName); string(v) != "nginx" {
		t.Errorf("the copy's value is %q", v)
	}
}
