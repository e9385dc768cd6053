package schema

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/scrylabs/scry/internal/schemagen"
)

const specDir = "../../../shared/spec"

// TestTablesMatchSpec regenerates the tables from the spec and compares them with the
// committed file.
func TestTablesMatchSpec(t *testing.T) {
	if _, err := os.Stat(filepath.Join(specDir, "events.tsv")); err != nil {
		t.Skipf("spec tables not present at %s: %v", specDir, err)
	}
	want, err := schemagen.Generate(specDir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("tables_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("tables_gen.go is stale: run `make generate`")
	}
}

func TestTableShape(t *testing.T) {
	if NumEvents != 454 || LegacyMax != 336 {
		t.Fatalf("NumEvents=%d LegacyMax=%d", NumEvents, LegacyMax)
	}
	open := Info(3)
	if open.Name != "open" || open.IsEnter() || len(open.Params) != 5 || open.Params[2].Flags.Name != "file_flags" {
		t.Fatalf("open exit: %+v", open)
	}
	for _, id := range []uint16{322, 324, 402} {
		if !Info(id).LargePayload() {
			t.Errorf("event %d should have a large payload", id)
		}
	}
	if Info(354).Name != "useradded" || Info(354).Legacy || Info(354).Source != SourceMetaevent {
		t.Errorf("useradded: %+v", Info(354))
	}
	if Info(NumEvents) != nil {
		t.Error("out-of-range id has info")
	}
	if FlagTableByName("file_flags") == nil || FlagTableByName("nope") != nil {
		t.Error("flag table lookup")
	}
	if SyscallCodeName(3) != "read" {
		t.Errorf("PPM_SC 3 = %q", SyscallCodeName(3))
	}
	for i := range Events {
		for _, p := range Events[i].Params {
			if p.Type == TypeFsrelpath && (p.DirFD < 0 || int(p.DirFD) >= len(Events[i].Params)) {
				t.Errorf("event %d param %s: dirfd %d", i, p.Name, p.DirFD)
			}
		}
	}
}
