package state

import (
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/schema"
)

func TestTraitsAgreeWithTheSchema(t *testing.T) {
	clones := 0
	for i := range schema.Events {
		info := &schema.Events[i]
		tr := traits(info.ID)
		errParam := len(info.Params) > 0 && (info.Params[0].Name == "res" || info.Params[0].Name == "fd")
		if (tr&traitErrParam != 0) != errParam {
			t.Errorf("%s: error-parameter trait %v, schema says %v", info.PPME, tr&traitErrParam != 0, errParam)
		}
		// Clone-family exits: the exits of clone, fork, vfork and clone3 events.
		isClone := !info.IsEnter() && (strings.Contains(info.PPME, "_CLONE") || strings.Contains(info.PPME, "FORK"))
		if (tr&traitCloneExit != 0) != isClone {
			t.Errorf("%s: clone-exit trait %v, want %v", info.PPME, tr&traitCloneExit != 0, isClone)
		}
		if isClone {
			clones++
		}
	}
	if clones != 11 {
		t.Errorf("%d clone-family exits, want 11", clones)
	}
	if traits(schema.NumEvents+5) != 0 {
		t.Error("a type beyond the table has traits")
	}
}
