// Package sql owns scry's query language: a small SQL dialect whose WHERE clause is the
// sysdig/Falco filter language, passed on unchanged.
//
//	[EXPLAIN] SELECT expr [AS name], ... [FROM source] [WHERE filter] [SINCE t] [UNTIL t]
//	    [GROUP BY expr, ...] [HAVING cond] [ORDER BY expr [ASC|DESC], ...] [LIMIT n]
//
// A query that does not start with a clause keyword is a filter alone and lists the
// matching events. Parse turns text into a Statement (the AST); every error is an *Error
// that carries the column it refers to and renders a caret under it.
//
// The package holds no state: Parse and the AST's methods are safe for concurrent use. A
// Statement is never modified after Parse returns it.
package sql
