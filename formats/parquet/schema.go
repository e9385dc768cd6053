package parquet

import (
	"slices"
	"sync"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

// SchemaName is the name of the Parquet schema's root.
const SchemaName = "scry_event"

var (
	schemaOnce sync.Once
	fileSchema *pq.Schema
)

// leafIndex maps column identifiers to Parquet leaf (column chunk) indexes. The schema's
// root is a group, whose fields Parquet orders by name: a column's leaf is the rank of
// its name. Readers get it without building the schema; Schema checks it.
var leafIndex = sync.OnceValue(func() *[NumColumns]int {
	names := make([]string, NumColumns)
	for i := range Columns {
		names[i] = Columns[i].Name
	}
	slices.Sort(names)
	var idx [NumColumns]int
	for i := range Columns {
		idx[i], _ = slices.BinarySearch(names, Columns[i].Name)
	}
	return &idx
})

// Schema returns the Parquet schema of SchemaVersion (columns sorted by name, as
// Parquet groups are).
func Schema() *pq.Schema {
	schemaOnce.Do(func() {
		g := pq.Group{}
		for i := range Columns {
			g[Columns[i].Name] = columnNode(&Columns[i])
		}
		fileSchema = pq.NewSchema(SchemaName, g)
		for i := range Columns {
			leaf, ok := fileSchema.Lookup(Columns[i].Name)
			if !ok {
				panic("parquet: column " + Columns[i].Name + " missing from its own schema")
			}
			if leaf.ColumnIndex != leafIndex()[i] {
				panic("parquet: column " + Columns[i].Name + " is not the leaf its name's rank says")
			}
		}
	})
	return fileSchema
}

// LeafIndex is the Parquet column chunk index of column identifier col.
func LeafIndex(col int) int { return leafIndex()[col] }

func columnNode(c *Column) pq.Node {
	var n pq.Node
	switch c.Kind {
	case KindInt64:
		n = pq.Leaf(pq.Int64Type)
	case KindInt32:
		n = pq.Leaf(pq.Int32Type)
	case KindBool:
		n = pq.Leaf(pq.BooleanType)
	case KindString:
		n = pq.String()
	case KindBytes:
		n = pq.Leaf(pq.ByteArrayType)
	}
	switch c.Encoding {
	case EncDict:
		n = pq.Encoded(n, &pq.RLEDictionary)
	case EncDelta:
		n = pq.Encoded(n, &pq.DeltaBinaryPacked)
	}
	if c.Optional {
		n = pq.Optional(n)
	}
	if c.LongPages {
		n = pq.Compressed(n, &zstd.Codec{Level: zstd.SpeedBetterCompression})
	}
	return n
}
