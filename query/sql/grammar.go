package sql

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The participle grammar. Literals are typed (`"(":Punct`) so that a string or a name
// never matches a keyword or a punctuation mark.

type gStatement struct {
	Explain bool       `parser:"@\"EXPLAIN\":Keyword?"`
	Select  *gSelect   `parser:"( \"SELECT\":Keyword @@ )?"`
	Clauses []*gClause `parser:"@@*"`
}

type gSelect struct {
	Star  bool     `parser:"( @\"*\":Punct"`
	Items []*gItem `parser:"| @@ ( \",\":Punct @@ )* )"`
}

type gItem struct {
	Expr  *gExpr  `parser:"@@"`
	Alias *string `parser:"( \"AS\":Keyword @Ident )?"`
}

type gClause struct {
	Pos     lexer.Position
	From    *gSource  `parser:"  \"FROM\":Keyword @@"`
	Where   *gFilter  `parser:"| \"WHERE\":Keyword @@"`
	Since   *gTime    `parser:"| \"SINCE\":Keyword @@"`
	Until   *gTime    `parser:"| \"UNTIL\":Keyword @@"`
	GroupBy []*gExpr  `parser:"| \"GROUP\":Keyword \"BY\":Keyword @@ ( \",\":Punct @@ )*"`
	Having  *gExpr    `parser:"| \"HAVING\":Keyword @@"`
	OrderBy []*gOrder `parser:"| \"ORDER\":Keyword \"BY\":Keyword @@ ( \",\":Punct @@ )*"`
	Limit   *gLimit   `parser:"| \"LIMIT\":Keyword @@"`
}

type gSource struct {
	Pos  lexer.Position
	Path string `parser:"@(String | Path | Ident)"`
}

type gFilter struct {
	Pos  lexer.Position
	Text string `parser:"@Filter"`
}

type gTime struct {
	Pos      lexer.Position
	Sign     string  `parser:"@(\"-\":Punct | \"+\":Punct)?"`
	Duration *string `parser:"( @Duration"`
	String   *string `parser:"| @String"`
	Number   *string `parser:"| @Number"`
	Word     *string `parser:"| @Ident )"`
}

type gLimit struct {
	Pos   lexer.Position
	Value string `parser:"@Number"`
}

type gOrder struct {
	Expr *gExpr `parser:"@@"`
	Dir  string `parser:"@(\"ASC\":Keyword | \"DESC\":Keyword)?"`
}

type gExpr struct {
	Pos lexer.Position
	Or  []*gAnd `parser:"@@ ( \"OR\":Keyword @@ )*"`
}

type gAnd struct {
	Pos lexer.Position
	And []*gNot `parser:"@@ ( \"AND\":Keyword @@ )*"`
}

type gNot struct {
	Pos lexer.Position
	Not *gNot `parser:"  \"NOT\":Keyword @@"`
	Cmp *gCmp `parser:"| @@"`
}

type gCmp struct {
	Pos   lexer.Position
	Left  *gAdd  `parser:"@@"`
	Op    string `parser:"( @(\"=\":Punct | \"==\":Punct | \"!=\":Punct | \"<>\":Punct | \"<=\":Punct | \">=\":Punct | \"<\":Punct | \">\":Punct)"`
	Right *gAdd  `parser:"  @@ )?"`
}

type gAdd struct {
	Pos  lexer.Position
	Left *gMul    `parser:"@@"`
	Rest []*gAddR `parser:"@@*"`
}

type gAddR struct {
	Pos   lexer.Position
	Op    string `parser:"@(\"+\":Punct | \"-\":Punct)"`
	Right *gMul  `parser:"@@"`
}

type gMul struct {
	Pos  lexer.Position
	Left *gUnary  `parser:"@@"`
	Rest []*gMulR `parser:"@@*"`
}

type gMulR struct {
	Pos   lexer.Position
	Op    string  `parser:"@(\"*\":Punct | \"/\":Punct | \"%\":Punct)"`
	Right *gUnary `parser:"@@"`
}

type gUnary struct {
	Pos     lexer.Position
	Neg     *gUnary   `parser:"  \"-\":Punct @@"`
	Primary *gPrimary `parser:"| @@"`
}

type gPrimary struct {
	Pos      lexer.Position
	Call     *gCall  `parser:"  @@"`
	Number   *string `parser:"| @Number"`
	Duration *string `parser:"| @Duration"`
	String   *string `parser:"| @String"`
	Bool     *string `parser:"| @(\"TRUE\":Keyword | \"FALSE\":Keyword)"`
	Null     bool    `parser:"| @\"NULL\":Keyword"`
	Field    *string `parser:"| @Ident"`
	Sub      *gExpr  `parser:"| \"(\":Punct @@ \")\":Punct"`
}

type gCall struct {
	Pos      lexer.Position
	Name     string   `parser:"@Ident \"(\":Punct"`
	Distinct bool     `parser:"@\"DISTINCT\":Keyword?"`
	Star     bool     `parser:"( @\"*\":Punct"`
	Args     []*gExpr `parser:"| ( @@ ( \",\":Punct @@ )* )? ) \")\":Punct"`
}

var parser = participle.MustBuild[gStatement](
	participle.Lexer(definition{}),
	participle.UseLookahead(4),
)
