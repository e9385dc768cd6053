package filter

import "github.com/scrylabs/scry/query/fields"

// DefaultResolver is the resolver Compile uses when Options.Resolver is nil: the field
// registry of package fields, with its extractors.
func DefaultResolver() Resolver { return registry{} }

type registry struct{}

func (registry) Lookup(expr string) (*fields.Field, int, error) { return fields.Lookup(expr) }
