package filter

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/scrylabs/scry/query/fields"
)

// ErrUnknownField is matched (errors.Is) by every UnknownFieldError; it is the
// field registry's sentinel.
var ErrUnknownField = fields.ErrUnknownField

// SyntaxError is a condition that does not parse. Its message names the position,
// shows the offending line with a caret under the column and says what was expected.
type SyntaxError struct {
	Filter   string // the condition text
	Pos      Pos    // where parsing stopped
	Expected string // what the grammar wanted there, e.g. "a value"
	Found    string // what it found, e.g. `"="` or "end of filter"
	Msg      string // a complete description instead of Expected/Found, e.g. "unclosed quote"
}

// Column is the 1-based column of the error.
func (e *SyntaxError) Column() int { return e.Pos.Column }

func (e *SyntaxError) Error() string {
	msg := e.Msg
	if msg == "" {
		msg = "expected " + e.Expected
		if e.Found != "" {
			msg += ", found " + e.Found
		}
	}
	return withCaret("invalid filter", e.Filter, e.Pos, msg)
}

// CompileError is a condition that parses but cannot be compiled: an unknown field or
// macro, an operator the field's type does not support, a value that does not convert.
type CompileError struct {
	Filter string // the condition text holding the error (a macro's, after expansion)
	Pos    Pos
	Err    error
}

// Column is the 1-based column of the error.
func (e *CompileError) Column() int { return e.Pos.Column }

func (e *CompileError) Error() string {
	return withCaret("invalid filter", e.Filter, e.Pos, e.Err.Error())
}

func (e *CompileError) Unwrap() error { return e.Err }

// UnknownFieldError names a field reference the resolver does not know, with the
// nearest known field name.
type UnknownFieldError struct {
	Field      string // as written
	Suggestion string // nearest known field name, "" if none is close
	Err        error  // the resolver's answer, if it gave one
}

func (e *UnknownFieldError) Error() string {
	msg := fmt.Sprintf("unknown field %q", e.Field)
	if e.Suggestion != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", e.Suggestion)
	}
	if e.Err != nil && !errors.Is(e.Err, ErrUnknownField) {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *UnknownFieldError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrUnknownField) true.
func (e *UnknownFieldError) Is(target error) bool { return target == ErrUnknownField }

// UnknownMacroError names an identifier that is not a known macro.
type UnknownMacroError struct {
	Name string
}

func (e *UnknownMacroError) Error() string { return fmt.Sprintf("unknown macro %q", e.Name) }

// withCaret renders "what at column C: msg" followed by the line of text holding pos and a
// caret under its column.
func withCaret(what, text string, pos Pos, msg string) string {
	lines := strings.Split(text, "\n")
	line := pos.Line
	if line < 1 || line > len(lines) {
		line = len(lines)
	}
	where := fmt.Sprintf("column %d", pos.Column)
	if len(lines) > 1 {
		where = fmt.Sprintf("line %d, column %d", line, pos.Column)
	}
	src := strings.TrimRight(lines[line-1], "\r")
	col := pos.Column
	if n := utf8.RuneCountInString(src) + 1; col > n {
		col = n
	}
	if col < 1 {
		col = 1
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s at %s: %s\n", what, where, msg)
	b.WriteString(src)
	b.WriteByte('\n')
	// Keep tabs so the caret lines up under tab-indented text.
	i := 0
	for _, r := range src {
		if i >= col-1 {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		i++
	}
	for ; i < col-1; i++ {
		b.WriteByte(' ')
	}
	b.WriteByte('^')
	return b.String()
}
