package main

import (
	"github.com/spf13/cobra"
)

// runReadChisel is scry read -c NAME: the chisel runs over the capture as with scry chisel
// NAME -r FILE, args holding the chisel's arguments and then the filter; -j, -A, -x, -X,
// -b and -pc mean what they mean to scry chisel.
func runReadChisel(cmd *cobra.Command, o *readOptions, args []string) error {
	co := chiselOptions{
		file:           o.file,
		json:           o.json,
		ascii:          o.eols,
		hex:            o.hex,
		hexASCII:       o.hexASCII,
		base64:         o.base64,
		printContainer: o.format == "c" || o.format == "container",
	}
	return runChisel(cmd, &co, append([]string{o.chisel}, args...))
}
