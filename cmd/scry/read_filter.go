package main

import (
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
)

// compileFilter compiles a sysdig filter for scry read, its fields resolved by the field
// catalogue; the engine runs it where sysdig does (before or after the parsers, by event
// type).
func compileFilter(text string) (func(*state.EventContext, state.View) bool, error) {
	f, err := filter.Compile(text, nil)
	if err != nil {
		return nil, err
	}
	return f.Match, nil
}
