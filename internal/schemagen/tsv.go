package schemagen

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// table is a parsed TSV file: a header and rows addressed by column name.
type table struct {
	file   string
	header map[string]int
	rows   [][]string
}

func readTSV(dir, name string) (*table, error) {
	path := filepath.Join(dir, name)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open spec table: %w", err)
	}
	defer f.Close()
	t := &table{file: path, header: map[string]int{}}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		cells := strings.Split(sc.Text(), "\t")
		if line == 1 {
			for i, c := range cells {
				t.header[c] = i
			}
			continue
		}
		if len(cells) == 1 && cells[0] == "" {
			continue
		}
		t.rows = append(t.rows, cells)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return t, nil
}

// get returns the cell of column col in row r ("" when the row is short).
func (t *table) get(r []string, col string) string {
	i, ok := t.header[col]
	if !ok {
		panic(fmt.Sprintf("%s: no column %q", t.file, col))
	}
	if i >= len(r) {
		return ""
	}
	return r[i]
}
