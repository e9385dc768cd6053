package sql

import (
	"strings"
)

// tokType is the type of a token of the query language.
type tokType uint8

// Token types of the query lexer.
const (
	tokEOF tokType = iota
	tokKeyword
	tokIdent
	tokNumber
	tokDuration
	tokString
	tokPath
	tokFilter
	tokPunct
)

// token is one token: its type, its value (keywords upper-cased, strings unquoted) and
// the byte offset where it starts.
type token struct {
	typ tokType
	val string
	off int
}

// keywords are reserved words of the query language, matched case-insensitively and
// handed to the grammar upper-cased.
var keywords = map[string]bool{
	"EXPLAIN": true, "SELECT": true, "AS": true, "FROM": true, "WHERE": true, "SINCE": true,
	"UNTIL": true, "GROUP": true, "BY": true, "HAVING": true, "ORDER": true, "ASC": true,
	"DESC": true, "LIMIT": true, "DISTINCT": true, "AND": true, "OR": true, "NOT": true,
	"TRUE": true, "FALSE": true, "NULL": true,
}

// clauseEnds are the keywords that end a WHERE clause when they stand alone at the top
// level of the filter text (outside quotes and parentheses).
var clauseEnds = []string{"FROM", "SINCE", "UNTIL", "GROUP BY", "HAVING", "ORDER BY", "LIMIT"}

// durationUnits are the suffixes that turn a number into a duration literal.
var durationUnits = []string{"ns", "us", "µs", "ms", "s", "m", "h", "d", "w"}

// queryLexer tokenises src. It is stateful: after WHERE it returns the filter text as
// one tokFilter token, and after FROM a bare word as one tokPath token.
type queryLexer struct {
	src  string
	off  int
	prev token // the last token returned
}

func newLexer(src string, start int) *queryLexer {
	return &queryLexer{src: src, off: start}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isIdentChar(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' || c == '.' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (l *queryLexer) skipSpace() {
	for l.off < len(l.src) && isSpace(l.src[l.off]) {
		l.off++
	}
}

func (l *queryLexer) token(t tokType, start int, value string) token {
	tok := token{typ: t, val: value, off: start}
	l.prev = tok
	return tok
}

// next returns the next token; errors are *Error values.
func (l *queryLexer) next() (token, error) {
	l.skipSpace()
	start := l.off
	if l.prev.typ == tokKeyword && l.prev.val == "WHERE" {
		text := l.scanFilter()
		return l.token(tokFilter, start, text), nil
	}
	if start >= len(l.src) {
		return l.token(tokEOF, start, ""), nil
	}
	c := l.src[start]
	if l.prev.typ == tokKeyword && l.prev.val == "FROM" && c != '\'' && c != '"' && c != '`' && c != '(' {
		for l.off < len(l.src) && !isSpace(l.src[l.off]) {
			l.off++
		}
		return l.token(tokPath, start, l.src[start:l.off]), nil
	}
	switch {
	case isIdentStart(c):
		return l.scanName(start), nil
	case c == '`':
		end := strings.IndexByte(l.src[start+1:], '`')
		if end < 0 {
			return token{}, errorAt(l.src, start, "unclosed quoted name")
		}
		l.off = start + 1 + end + 1
		return l.token(tokIdent, start, l.src[start+1:start+1+end]), nil
	case isDigit(c) || c == '.' && start+1 < len(l.src) && isDigit(l.src[start+1]):
		return l.scanNumber(start), nil
	case c == '\'' || c == '"':
		s, err := l.scanString(start)
		if err != nil {
			return token{}, err
		}
		return l.token(tokString, start, s), nil
	}
	for _, p := range []string{"!=", "<>", "<=", ">=", "=="} {
		if strings.HasPrefix(l.src[start:], p) {
			l.off += 2
			return l.token(tokPunct, start, p), nil
		}
	}
	if strings.IndexByte("(),*+-/%=<>", c) >= 0 {
		l.off++
		return l.token(tokPunct, start, l.src[start:l.off]), nil
	}
	return token{}, errorAt(l.src, start, "unexpected character %q", rune(c))
}

// scanName scans an identifier or a sysdig field name: letters, digits, '_' and '.',
// with bracketed arguments (proc.aname[2], container.mount[/usr/*]).
func (l *queryLexer) scanName(start int) token {
	for l.off < len(l.src) {
		c := l.src[l.off]
		if isIdentChar(c) {
			l.off++
			continue
		}
		if c == '[' {
			if end := strings.IndexByte(l.src[l.off:], ']'); end >= 0 {
				l.off += end + 1
				continue
			}
		}
		break
	}
	word := l.src[start:l.off]
	if up := strings.ToUpper(word); keywords[up] {
		return l.token(tokKeyword, start, up)
	}
	return l.token(tokIdent, start, word)
}

// scanNumber scans a decimal number, or a duration when a unit follows at once.
func (l *queryLexer) scanNumber(start int) token {
	for l.off < len(l.src) && (isDigit(l.src[l.off]) || l.src[l.off] == '.') {
		l.off++
	}
	if l.off < len(l.src) && (l.src[l.off] == 'e' || l.src[l.off] == 'E') {
		j := l.off + 1
		if j < len(l.src) && (l.src[j] == '+' || l.src[j] == '-') {
			j++
		}
		if j < len(l.src) && isDigit(l.src[j]) {
			for j < len(l.src) && isDigit(l.src[j]) {
				j++
			}
			l.off = j
			return l.token(tokNumber, start, l.src[start:l.off])
		}
	}
	for _, u := range durationUnits {
		if strings.HasPrefix(l.src[l.off:], u) {
			end := l.off + len(u)
			if end == len(l.src) || !isIdentChar(l.src[end]) {
				l.off = end
				return l.token(tokDuration, start, l.src[start:l.off])
			}
		}
	}
	return l.token(tokNumber, start, l.src[start:l.off])
}

// scanString scans a string quoted with ' or ". The quote doubled or a backslash escapes
// it; a backslash also escapes a backslash. Other backslashes are kept.
func (l *queryLexer) scanString(start int) (string, error) {
	q := l.src[start]
	var b strings.Builder
	i := start + 1
	for i < len(l.src) {
		c := l.src[i]
		switch {
		case c == '\\' && i+1 < len(l.src) && (l.src[i+1] == q || l.src[i+1] == '\\'):
			b.WriteByte(l.src[i+1])
			i += 2
		case c == q && i+1 < len(l.src) && l.src[i+1] == q:
			b.WriteByte(q)
			i += 2
		case c == q:
			l.off = i + 1
			return b.String(), nil
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", errorAt(l.src, start, "unclosed quotes")
}

// scanFilter consumes the text of a WHERE clause: everything up to the next clause
// keyword standing alone outside quotes and parentheses, or the end. Quotes follow the
// filter language: ' or " opens, either closes, a backslash escapes the next character.
// The text is returned without trailing blanks.
func (l *queryLexer) scanFilter() string {
	start := l.off
	end := filterEnd(l.src, start)
	l.off = end
	return strings.TrimRight(l.src[start:end], " \t\r\n")
}

// filterEnd returns the offset where the filter text starting at start ends.
func filterEnd(src string, start int) int {
	depth := 0
	for i := start; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\'' || c == '"':
			for i++; i < len(src) && src[i] != '\'' && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case c == '(':
			depth++
		case c == ')':
			if depth > 0 {
				depth--
			}
		case depth == 0 && (i == start || isSpace(src[i-1])) && isIdentStart(c):
			if clauseKeywordAt(src, i) {
				return i
			}
		}
	}
	return len(src)
}

// clauseKeywordAt reports whether a clause keyword that ends a filter starts at src[i].
func clauseKeywordAt(src string, i int) bool {
	for _, kw := range clauseEnds {
		j := i
		ok := true
		for k, w := range strings.Fields(kw) {
			if k > 0 {
				n := j
				for j < len(src) && isSpace(src[j]) {
					j++
				}
				if j == n {
					ok = false
					break
				}
			}
			if len(src)-j < len(w) || !strings.EqualFold(src[j:j+len(w)], w) {
				ok = false
				break
			}
			j += len(w)
		}
		if ok && (j == len(src) || !isIdentChar(src[j]) && src[j] != '[') {
			return true
		}
	}
	return false
}
