// Command scry records system calls, reads and converts scap captures, and queries
// recorded history. Run `scry --help` for the commands.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

// usageError marks errors in how scry was called; they exit with status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "scry",
		Short:         "Record system calls and query them: sysdig captures, Falco filters, columnar history",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(
		newReadCmd(),
		newHuntCmd(),
		newQueryCmd(),
		newFieldsCmd(),
		newEventsCmd(),
		newInfoCmd(),
		newConvertCmd(),
		newImportCmd(),
		newStoreCmd(),
		newRecordCmd(),
		newChiselCmd(),
	)
	return root
}

func main() {
	root := newRootCmd()
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "scry:", err)
		var ue usageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}
