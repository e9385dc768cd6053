package plan

import (
	"errors"

	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/query/sql"
)

// filterError turns a filter compile error into a query error at the same place of the
// query text.
func filterError(st *sql.Statement, err error) error {
	base := st.Where.Offset
	var se *filter.SyntaxError
	if errors.As(err, &se) {
		msg := se.Msg
		if msg == "" {
			msg = "expected " + se.Expected
			if se.Found != "" {
				msg += ", found " + se.Found
			}
		}
		return &sql.Error{Query: st.Text, Offset: base + se.Pos.Offset, Msg: "filter: " + msg, Err: err}
	}
	var ce *filter.CompileError
	if errors.As(err, &ce) && ce.Filter == st.Where.Text {
		return &sql.Error{Query: st.Text, Offset: base + ce.Pos.Offset, Msg: "filter: " + ce.Err.Error(), Err: err}
	}
	return &sql.Error{Query: st.Text, Offset: base, Msg: "filter: " + err.Error(), Err: err}
}
