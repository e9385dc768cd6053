package exec

import "context"

// Batch is a set of rows in column form: Cols[slot][row] holds the value of the query's
// input field slot for each row, Ts[row] the event timestamp. Values may alias memory of
// the partition that produced the batch: a batch is valid only during the emit call that
// hands it over.
type Batch struct {
	Len  int
	Ts   []int64
	Cols [][]Value
	// Weights, when not nil, says how many identical events each row stands for: a
	// partition may pre-aggregate the rows of a Weighable query by their input values.
	Weights []int64

	arena  []byte   // current chunk of the byte arena
	chunks [][]byte // earlier chunks still referenced by this batch's values
}

// Keep returns v with its bytes copied into memory the batch owns until its next Reset,
// for values whose bytes would not outlive the next extraction.
func (b *Batch) Keep(v Value) Value {
	if v.Bytes == nil {
		return v
	}
	n := len(v.Bytes)
	if len(b.arena)+n > cap(b.arena) {
		if len(b.arena) > 0 {
			b.chunks = append(b.chunks, b.arena)
		}
		b.arena = make([]byte, 0, max(64<<10, 2*cap(b.arena), n))
	}
	off := len(b.arena)
	b.arena = append(b.arena, v.Bytes...)
	v.Bytes = b.arena[off : off+n : off+n]
	return v
}

// Reset empties b for reuse with n input columns, keeping its memory.
func (b *Batch) Reset(n int) {
	b.Len = 0
	b.Ts = b.Ts[:0]
	b.Weights = nil
	b.arena = b.arena[:0]
	clear(b.chunks)
	b.chunks = b.chunks[:0]
	if cap(b.Cols) < n {
		b.Cols = make([][]Value, n)
	}
	b.Cols = b.Cols[:n]
	for i := range b.Cols {
		b.Cols[i] = b.Cols[i][:0]
	}
}

// Append adds a row; vals holds one value per input column.
func (b *Batch) Append(ts int64, vals []Value) {
	if b.Weights != nil {
		b.Weights = append(b.Weights, 1)
	}
	b.Ts = append(b.Ts, ts)
	for i := range b.Cols {
		b.Cols[i] = append(b.Cols[i], vals[i])
	}
	b.Len++
}

// AppendWeighted adds a row standing for w identical events.
func (b *Batch) AppendWeighted(ts int64, vals []Value, w int64) {
	if b.Weights == nil {
		b.Weights = make([]int64, b.Len, max(BatchSize, b.Len+1))
		for i := range b.Weights {
			b.Weights[i] = 1
		}
	}
	b.Append(ts, vals)
	b.Weights[len(b.Weights)-1] = w
}

// BatchSize is the number of rows partitions put in a batch.
const BatchSize = 1024

// Partition is one independently scannable part of the data: a capture, a Parquet file,
// a store segment. Scan produces the rows that pass the query's filter, in time order,
// with the query's input fields; it stops early when emit returns an error or ctx ends.
type Partition interface {
	Scan(ctx context.Context, emit func(*Batch) error) error
	String() string
}
