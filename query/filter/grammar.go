package filter

import (
	"sync"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The participle grammar. These types mirror the syntax closely; parse.go turns them
// into the Node tree.

type gExpr struct {
	Pos lexer.Position
	Or  []*gAnd `parser:"@@ ( 'or' @@ )*"`
}

type gAnd struct {
	Pos lexer.Position
	And []*gUnary `parser:"@@ ( 'and' @@ )*"`
}

type gUnary struct {
	Pos  lexer.Position
	Nots []string `parser:"@'not'*"`
	Term *gTerm   `parser:"@@"`
}

type gTerm struct {
	Pos   lexer.Position
	Group *gExpr  `parser:"  '(' @@ ')'"`
	Check *gCheck `parser:"| @@"`
	Macro string  `parser:"| @Ident"`
}

type gCheck struct {
	Pos    lexer.Position
	Left   *gOperand `parser:"@@"`
	Exists string    `parser:"( @UnaryOp"`
	ListOp string    `parser:"| @ListOp Open"`
	Items  []*gValue `parser:"  ( @@ ( Comma @@ )* )? Close"`
	CmpOp  string    `parser:"| @(SymOp | WordOp)"`
	Value  *gValue   `parser:"  @@ )"`
}

type gOperand struct {
	Pos         lexer.Position
	Transformer string    `parser:"(  @Transformer"`
	Inner       *gOperand `parser:"   @@ ')'"`
	Field       string    `parser:"| @Field )"`
}

type gValue struct {
	Pos    lexer.Position
	Quoted string `parser:"  @(String | Item)"`
	Bare   string `parser:"| @(Bare | BareItem)"`
	ValRef string `parser:"| @ValRef"`
}

// filterParser is built on first use, like filterLexer.
var filterParser = sync.OnceValue(func() *participle.Parser[gExpr] {
	return participle.MustBuild[gExpr](
		participle.Lexer(filterLexer()),
		participle.Elide("Whitespace"),
		participle.UseLookahead(2),
	)
})
