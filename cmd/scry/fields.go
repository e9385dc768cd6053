package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/fields"
)

func newFieldsCmd() *cobra.Command {
	var asJSON, all, extensions bool
	cmd := &cobra.Command{
		Use:   "fields [CLASS]",
		Short: "List the fields usable in filters and formats, like sysdig -l",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			class := ""
			if len(args) == 1 {
				class = args[0]
			}
			list := listedFields(class, all)
			if extensions {
				list = append(list, extensionFields(class)...)
			}
			if len(list) == 0 {
				return usageError{fmt.Errorf("fields: no field class %q", class)}
			}
			if asJSON {
				return writeFieldsJSON(cmd.OutOrStdout(), list)
			}
			return writeFields(cmd.OutOrStdout(), list)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the list as JSON")
	cmd.Flags().BoolVar(&all, "all", false, "include the fields sysdig does not list (table-only, print-only, util)")
	cmd.Flags().BoolVar(&extensions, "extensions", false, "also list scry's extensions: fields of newer libs that sysdig 0.29 lacks")
	return cmd
}

// classNotes say what each field class is about.
var classNotes = map[string]string{
	"evt":       "Event fields: time, type, direction, arguments and results.",
	"process":   "The process and thread that generated the event.",
	"user":      "The user the event's thread runs as.",
	"group":     "The group the event's thread runs as.",
	"container": "The container of the event's thread; 'host' outside containers.",
	"fd":        "The file descriptor the event works on: files, sockets, pipes and more.",
	"syslog":    "Messages written to /dev/log.",
	"fdlist":    "The file descriptors of poll events.",
	"k8s":       "Kubernetes pod, namespace and controller metadata.",
	"mesos":     "Mesos and Marathon metadata.",
	"span":      "Distributed tracing spans.",
	"evtin":     "Events inside distributed tracing spans.",
	"util":      "Utility fields.",
}

func listedFields(class string, all bool) []*schema.Field {
	var out []*schema.Field
	for i := range schema.Fields {
		f := &schema.Fields[i]
		if (!all && !f.Listed) || (class != "" && f.Class != class) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// extensionFields returns scry's extension fields of class ("" for all).
func extensionFields(class string) []*schema.Field {
	var out []*schema.Field
	for _, f := range fields.Extensions() {
		if class == "" || f.Class == class {
			out = append(out, f)
		}
	}
	return out
}

// wrap splits text into lines of at most width characters at spaces.
func wrap(text string, width int) []string {
	var lines []string
	for len(text) > width {
		i := strings.LastIndexByte(text[:width], ' ')
		if i <= 0 {
			i = width
		}
		lines = append(lines, text[:i])
		text = strings.TrimLeft(text[i:], " ")
	}
	return append(lines, text)
}

const nameColumn = 30

func writeRow(w *bufio.Writer, name, text string) {
	for i, l := range wrap(text, 90) {
		if i == 0 {
			fmt.Fprintf(w, "%-*s%s\n", nameColumn-1, name, " "+l)
			continue
		}
		fmt.Fprintf(w, "%-*s%s\n", nameColumn, "", l)
	}
}

func writeFields(w io.Writer, list []*schema.Field) error {
	bw := bufio.NewWriter(w)
	prev := ""
	for _, f := range list {
		ext := fields.IsExtension(f)
		key := f.Class + "/" + f.ClassDesc + "/" + strconv.FormatBool(ext)
		if key != prev {
			if prev != "" {
				bw.WriteString("\n")
			}
			prev = key
			bw.WriteString("-------------------------------\n")
			title := f.Class
			if f.ClassDesc != "" && f.ClassDesc != f.Class {
				title += " (" + f.ClassDesc + ")"
			}
			if ext {
				title += " (scry extensions: fields of newer libs)"
			}
			writeRow(bw, "Field Class:", title)
			writeRow(bw, "Description:", classNotes[f.Class])
			bw.WriteString("\n")
		}
		name := f.Name
		desc := f.Description
		if f.Flags&schema.FieldFilterOnly != 0 {
			desc += " (filters only)"
		}
		writeRow(bw, name, desc)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("fields: write output: %w", err)
	}
	return nil
}

type fieldJSON struct {
	Class      string `json:"class"`
	Name       string `json:"name"`
	Type       string `json:"type"`
	Argument   string `json:"argument"`
	ArgSyntax  string `json:"arg_syntax,omitempty"`
	FilterOnly bool   `json:"filter_only,omitempty"`
	Listed     bool   `json:"listed"`
	Extension  bool   `json:"extension,omitempty"` // a scry extension, not a sysdig 0.29 field
	// JSONType is the JSON type of the field's values in typed records (read -o jsonl,
	// csv): integer, number, boolean, string, or any (evt.rawarg: the parameter's).
	JSONType    string `json:"json_type"`
	Description string `json:"description"`
}

func writeFieldsJSON(w io.Writer, list []*schema.Field) error {
	out := make([]fieldJSON, 0, len(list))
	for _, f := range list {
		out = append(out, fieldJSON{
			Class: f.Class, Name: f.Name, Type: f.TypeName, Argument: f.Argument,
			ArgSyntax: f.ArgSyntax, FilterOnly: f.Flags&schema.FieldFilterOnly != 0,
			Listed: f.Listed, Extension: fields.IsExtension(f), JSONType: fields.RecordType(f.Type),
			Description: f.Description,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("fields: write output: %w", err)
	}
	return nil
}
