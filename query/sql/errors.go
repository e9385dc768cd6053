package sql

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Error is a query error at a position of the query text. Error() is one line; Caret()
// shows the query with a caret under the column, the way the filter errors are shown.
type Error struct {
	Query  string // the whole query text
	Offset int    // byte offset into Query of what the error refers to
	Msg    string
	Err    error // the underlying error (e.g. a filter compile error), nil if none
}

// Column is the 1-based column (in characters) the error refers to, on its line.
func (e *Error) Column() int {
	off := min(max(e.Offset, 0), len(e.Query))
	line := e.Query[:off]
	if i := strings.LastIndexByte(line, '\n'); i >= 0 {
		line = line[i+1:]
	}
	return utf8.RuneCountInString(line) + 1
}

func (e *Error) Error() string {
	return fmt.Sprintf("query: column %d: %s", e.Column(), e.Msg)
}

func (e *Error) Unwrap() error { return e.Err }

// Caret renders the line of the query the error is on and a caret under the column.
func (e *Error) Caret() string {
	off := min(max(e.Offset, 0), len(e.Query))
	start := strings.LastIndexByte(e.Query[:off], '\n') + 1
	end := strings.IndexByte(e.Query[off:], '\n')
	if end < 0 {
		end = len(e.Query)
	} else {
		end += off
	}
	var b strings.Builder
	b.WriteString(e.Query[start:end])
	b.WriteByte('\n')
	for _, r := range e.Query[start:off] {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	b.WriteByte('^')
	return b.String()
}

func errorAt(query string, off int, format string, args ...any) *Error {
	return &Error{Query: query, Offset: off, Msg: fmt.Sprintf(format, args...)}
}
