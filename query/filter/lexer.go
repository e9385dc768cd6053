package filter

import (
	"sync"

	"github.com/alecthomas/participle/v2/lexer"
)

// Token patterns shared by the lexer states.
const (
	quotedPattern = `"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'`
	// A field: a dotted name whose later parts may hold any character but blanks,
	// parentheses, comparison characters, brackets, commas and quotes (label keys such
	// as k8s.pod.label.app.kubernetes.io/name), then an optional [argument].
	fieldPattern = `[A-Za-z_][A-Za-z0-9_]*(?:\.[^\s()!=<>\[\],"']+)+` +
		`(?:\[(?:"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|[^\]]*)\])?`
)

// filterLexer lexes by context. Root holds keywords, operators, fields and macros; an
// operator pushes Value (one value) and a list operator pushes Items (a parenthesised
// list), so that "<", "/etc" or "and" right of an operator are values. It is built on
// first use: a process that parses no filter does not pay for it.
var filterLexer = sync.OnceValue(func() *lexer.StatefulDefinition { return lexer.MustStateful(filterRules) })

var filterRules = lexer.Rules{
	"Root": {
		{Name: "Whitespace", Pattern: `\s+`},
		{Name: "Keyword", Pattern: `(?:and|or|not)\b`},
		{Name: "Transformer", Pattern: `(?:tolower|toupper|b64|basename|len)\(`},
		{Name: "UnaryOp", Pattern: `exists\b`},
		{Name: "ListOp", Pattern: `(?:intersects|in|pmatch)\b`, Action: lexer.Push("Items")},
		{Name: "WordOp", Pattern: `(?:contains|icontains|bcontains|startswith|bstartswith|endswith|glob|iglob|regex)\b`, Action: lexer.Push("Value")},
		{Name: "SymOp", Pattern: `==|=|!=|<=|<|>=|>`, Action: lexer.Push("Value")},
		{Name: "Field", Pattern: fieldPattern},
		{Name: "Ident", Pattern: `[A-Za-z_][A-Za-z0-9_]*`},
		{Name: "Punct", Pattern: `[()]`},
	},
	"Value": {
		{Name: "Whitespace", Pattern: `\s+`},
		{Name: "String", Pattern: quotedPattern, Action: lexer.Pop()},
		{Name: "ValRef", Pattern: `val\(\s*[^\s()]+\s*\)`, Action: lexer.Pop()},
		{Name: "Bare", Pattern: `[^\s()"'=][^\s()]*`, Action: lexer.Pop()},
	},
	"Items": {
		{Name: "Whitespace", Pattern: `\s+`},
		{Name: "Open", Pattern: `\(`},
		{Name: "Close", Pattern: `\)`, Action: lexer.Pop()},
		{Name: "Comma", Pattern: `,`},
		{Name: "Item", Pattern: quotedPattern},
		{Name: "BareItem", Pattern: `[^\s()"',][^\s(),]*`},
	},
}
