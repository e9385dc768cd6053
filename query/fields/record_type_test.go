package fields_test

import (
	"path/filepath"
	"testing"

	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields"
	"github.com/scrylabs/scry/state"
)

// everyField binds every field of the catalogue, extensions included, with a sample
// argument where one is needed.
func everyField(t *testing.T) []*fields.Field {
	infos := fields.Extensions()
	for i := range schema.Fields {
		infos = append(infos, &schema.Fields[i])
	}
	var fs []*fields.Field
	for _, info := range infos {
		expr := info.Name
		switch info.ArgSyntax {
		case "[N]", "[T]", "[N or PATH]":
			expr += "[1]"
		case ".NAME or [N]", ".NAME":
			expr += ".res"
		case ".TYPE":
			expr += ".read"
		case ".SUBSYS", ".KEY":
			expr += ".cpu"
		}
		f, _, err := fields.LookupRecord(expr)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	return fs
}

// On every corpus event, every field's value has the JSON type RecordType declares for
// the field, which `scry fields --json` lists and typed records use.
func TestRecordTypesHoldOnTheCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shared(t, "corpus/raw"), "*.scap"))
	fs := everyField(t)
	seen := map[string]int{}
	var v fields.Value
	for _, p := range files {
		replayCapture(t, p, func(ctx *state.EventContext, eng *state.Engine) {
			for _, f := range fs {
				if !f.Extract(ctx, eng, &v) {
					continue
				}
				want, got := fields.RecordType(f.Type), fields.RecordTypeOf(v.Kind)
				seen[got]++
				if want != got && want != fields.RecordAny {
					t.Fatalf("%s on event %d of %s: a %s value, declared %s", f.Name, ctx.Ev.Num, filepath.Base(p), got, want)
				}
			}
		})
	}
	for _, k := range []string{fields.RecordInteger, fields.RecordNumber, fields.RecordBoolean, fields.RecordString} {
		if seen[k] == 0 {
			t.Errorf("no %s value seen: %v", k, seen)
		}
	}
}
