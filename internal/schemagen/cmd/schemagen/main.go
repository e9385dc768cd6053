// Command schemagen writes formats/schema/tables_gen.go from the spec TSV files.
//
//	go run ./internal/schemagen/cmd/schemagen -spec ../shared/spec -out formats/schema/tables_gen.go
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/scrylabs/scry/internal/schemagen"
)

func main() {
	spec := flag.String("spec", "../shared/spec", "directory holding the spec TSV files")
	out := flag.String("out", "formats/schema/tables_gen.go", "output Go file")
	flag.Parse()
	src, err := schemagen.Generate(*spec)
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}
