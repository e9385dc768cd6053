package sql

import (
	"strings"
)

// startWords are the first words of a query written in the SQL form; any other text is
// a filter alone.
var startWords = map[string]bool{
	"SELECT": true, "FROM": true, "WHERE": true, "SINCE": true, "UNTIL": true, "LIMIT": true,
	"ORDER": true, "GROUP": true, "HAVING": true,
}

// firstWord returns the first word of text from offset off and where it starts.
func firstWord(text string, off int) (string, int) {
	for off < len(text) && isSpace(text[off]) {
		off++
	}
	end := off
	for end < len(text) && isIdentStart(text[end]) {
		end++
	}
	return strings.ToUpper(text[off:end]), off
}

// Parse parses a query. Errors are *Error values pointing at the offending column.
func Parse(text string) (*Statement, error) {
	w, at := firstWord(text, 0)
	explain := false
	if w == "EXPLAIN" {
		explain = true
		w, at = firstWord(text, at+len(w))
	}
	if !startWords[w] {
		st := &Statement{Text: text, Explain: explain, Star: true, Limit: -1}
		if f := strings.TrimRight(text[at:], " \t\r\n"); f != "" {
			st.Where = &Filter{Text: f, Offset: at}
		}
		return st, nil
	}
	st, err := parseStatement(text)
	if err != nil {
		return nil, err
	}
	if err := validate(st); err != nil {
		return nil, err
	}
	return st, nil
}
