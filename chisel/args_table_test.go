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

// An on_set_arg answering false or nothing stops the chisel: sysdig 0.29.3 answered
// "sysdig -c httptop url" (httptop's on_set_arg prints a complaint and returns false)
// with "set_arg() for chisel httptop failed." and exit status 1, and a chisel whose
// on_set_arg returns nothing with "wrong set_arg() return value." and status 1.
func TestSetArgRefused(t *testing.T) {
	head := `description = "d"; short_description = "s"; category = "c"
args = {{name = "by", description = "x", argtype = "string", optional = true}}
`
	dir := chiselDir(t, map[string]string{
		"refuses": head + `function on_set_arg(name, val) if val == "ok" then return true end print("bad") return false end
function on_event() return true end`,
		"silent": head + `function on_set_arg(name, val) end
function on_event() return true end`,
	})
	out, err := runChisel(t, dir, "refuses", []string{"url"}, testWorld(), nil)
	if !errors.Is(err, ErrSetArg) || out != "bad\n" {
		t.Errorf("refused argument: output %q, err %v; want the chisel's complaint and %v", out, err, ErrSetArg)
	}
	if _, err := runChisel(t, dir, "refuses", []string{"ok"}, testWorld(), nil); err != nil {
		t.Errorf("accepted argument: %v", err)
	}
	if _, err := runChisel(t, dir, "silent", []string{"x"}, testWorld(), nil); !errors.Is(err, ErrSetArg) {
		t.Errorf("on_set_arg answering nothing: err %v, want %v", err, ErrSetArg)
	}
}
