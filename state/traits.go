package state

import "github.com/scrylabs/scry/formats/schema"

// typeTraits are facts about an event type that the engine checks for every event,
// looked up by type id instead of worked out each time.
type typeTraits uint8

const (
	// traitErrParam: the first parameter is "res" or "fd", so a negative value is the
	// errno of a failed call.
	traitErrParam typeTraits = 1 << iota
	// traitCloneExit: a clone, fork or vfork exit (its thread is looked up without
	// creating a placeholder).
	traitCloneExit
)

var traitsByType = func() (t [schema.NumEvents]typeTraits) {
	for i := range schema.Events {
		info := &schema.Events[i]
		if len(info.Params) > 0 && (info.Params[0].Name == "res" || info.Params[0].Name == "fd") {
			t[i] |= traitErrParam
		}
	}
	for _, typ := range []uint16{evCloneV11X, evCloneV16X, evCloneV17X, evCloneV20X, evForkX,
		evForkV17X, evForkV20X, evVforkX, evVforkV17X, evVforkV20X, evClone3X} {
		t[typ] |= traitCloneExit
	}
	return t
}()

// traits returns the traits of an event type (none for types beyond the table).
func traits(typ uint16) typeTraits {
	if int(typ) < len(traitsByType) {
		return traitsByType[typ]
	}
	return 0
}
