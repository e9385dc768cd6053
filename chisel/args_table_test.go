package chisel

import (
	"errors"
	"testing"
)

// A Lua file without an args table does not run: sysdig 0.29.3 answered
// "sysdig -c v_procs" (a csysdig view) with "Failed to load chisel v_procs: args table
// missing" and exit status 1.
func TestNoArgsTable(t *testing.T) {
	dir := chiselDir(t, map[string]string{
		"view":  `view_info = { id = "procs" }`,
		"empty": `description = "d"; short_description = "s"; category = "c"; args = {}`,
	})
	if _, err := runChisel(t, dir, "view", nil, testWorld(), nil); !errors.Is(err, ErrNoArgsTable) {
		t.Errorf("view: err = %v, want %v", err, ErrNoArgsTable)
	}
	if _, err := runChisel(t, dir, "empty", nil, testWorld(), nil); err != nil {
		t.Errorf("chisel with an empty args table: %v", err)
	}
}
