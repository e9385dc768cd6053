package chisel

import (
	"errors"
	"fmt"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// ErrNotFound is wrapped by the error for a chisel name no chisel directory has.
var ErrNotFound = errors.New("chisel not found")

// ErrMissingArgs is wrapped by the error for a chisel run without its required
// arguments.
var ErrMissingArgs = errors.New("missing arguments")

// ErrSetArg reports a chisel whose on_set_arg refused an argument.
var ErrSetArg = errors.New("set_arg() failed")

// ErrNoArgsTable reports a Lua file that declares no args table: not a chisel sysdig
// runs (the csysdig views are such files).
var ErrNoArgsTable = errors.New("args table missing")

// UnsupportedCallError reports a chisel API call scry does not provide, e.g.
// sysdig.run_app.
type UnsupportedCallError struct {
	Call string // e.g. "sysdig.udp_send"
}

func (e *UnsupportedCallError) Error() string {
	return "unsupported chisel API call " + e.Call
}

// ExitError reports that a chisel called os.exit. Code is the requested exit status.
type ExitError struct {
	Code int
}

func (e *ExitError) Error() string { return fmt.Sprintf("chisel called os.exit(%d)", e.Code) }

// CallbackError reports a Lua error raised inside a chisel callback. Msg is the Lua
// error message without the traceback.
type CallbackError struct {
	Chisel   string
	Callback string
	Msg      string
}

func (e *CallbackError) Error() string {
	return fmt.Sprintf("chisel %s: %s: %s", e.Chisel, e.Callback, e.Msg)
}

// exitMarker is the Lua error message os.exit raises to unwind the chisel.
const exitMarker = "\x00scry-chisel-exit"

// unsupportedMarker prefixes the Lua error message of an unsupported API call.
const unsupportedMarker = "\x00scry-unsupported:"

// raiseUnsupported aborts the running chisel with an UnsupportedCallError.
func raiseUnsupported(L *lua.LState, call string) {
	L.RaiseError("%s%s", unsupportedMarker, call)
}

// classifyLuaError turns an error from the Lua VM into the typed error it stands for:
// an ExitError, an UnsupportedCallError, or a CallbackError with the bare message.
func (v *vm) classifyLuaError(err error, chisel, callback string) error {
	if err == nil {
		return nil
	}
	if v.exit != nil {
		return v.exit
	}
	msg := err.Error()
	var apiErr *lua.ApiError
	if errors.As(err, &apiErr) {
		if s, ok := apiErr.Object.(lua.LString); ok {
			msg = string(s)
		}
	}
	if i := strings.Index(msg, unsupportedMarker); i >= 0 {
		call := msg[i+len(unsupportedMarker):]
		if j := strings.IndexAny(call, " \n"); j >= 0 {
			call = call[:j]
		}
		return fmt.Errorf("chisel %s: %w", chisel, &UnsupportedCallError{Call: call})
	}
	if i := strings.Index(msg, "\nstack traceback:"); i >= 0 {
		msg = msg[:i]
	}
	return &CallbackError{Chisel: chisel, Callback: callback, Msg: msg}
}
