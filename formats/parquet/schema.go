package parquet

import (
	"sync"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

// SchemaName is the name of the Parquet schema's root.
const SchemaName = "scry_event"

var (
	schemaOnce sync.Once
	fileSchema *pq.Schema
	leafIndex  [NumColumns]int // column identifier -> Parquet leaf (column chunk) index
)

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
			leafIndex[i] = leaf.ColumnIndex
		}
	})
	return fileSchema
}

// LeafIndex is the Parquet column chunk index of column identifier col.
func LeafIndex(col int) int {
	Schema()
	return leafIndex[col]
}

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
