package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/scrylabs/scry/formats/schema"
)

func newEventsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "events",
		Short: "List the event types and their parameters, like sysdig -L",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if asJSON {
				return writeEventsJSON(cmd.OutOrStdout())
			}
			return writeEvents(cmd.OutOrStdout())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the list as JSON")
	return cmd
}

// eventName is the name the listing shows: generic events are "syscall".
func eventName(e *schema.EventInfo) string {
	if e.ID <= 1 {
		return "syscall"
	}
	return e.Name
}

// writeEvents prints every listed event type as "> name(TYPE param, ...)".
func writeEvents(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for i := 0; i < schema.LegacyMax; i++ {
		e := &schema.Events[i]
		if !e.Listed {
			continue
		}
		dir := '<'
		if e.IsEnter() {
			dir = '>'
		}
		fmt.Fprintf(bw, "%c %s(", dir, eventName(e))
		for j, p := range e.Params {
			if j > 0 {
				bw.WriteString(", ")
			}
			fmt.Fprintf(bw, "%s %s", schema.TypeSysdigNames[p.Type], p.Name)
		}
		bw.WriteString(")\n")
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("events: write output: %w", err)
	}
	return nil
}

type eventParamJSON struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Flags  string `json:"flags,omitempty"`
	Format uint8  `json:"print_format"`
}

type eventJSON struct {
	ID       uint16           `json:"id"`
	Name     string           `json:"name"`
	Dir      string           `json:"dir"`
	Category uint32           `json:"category"`
	Params   []eventParamJSON `json:"params"`
}

func writeEventsJSON(w io.Writer) error {
	var out []eventJSON
	for i := 0; i < schema.LegacyMax; i++ {
		e := &schema.Events[i]
		if !e.Listed {
			continue
		}
		ej := eventJSON{ID: e.ID, Name: eventName(e), Dir: "<", Category: uint32(e.Category), Params: []eventParamJSON{}}
		if e.IsEnter() {
			ej.Dir = ">"
		}
		for _, p := range e.Params {
			pj := eventParamJSON{Name: p.Name, Type: schema.TypeSysdigNames[p.Type], Format: uint8(p.Format)}
			if p.Flags != nil {
				pj.Flags = p.Flags.Name
			}
			ej.Params = append(ej.Params, pj)
		}
		out = append(out, ej)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("events: write output: %w", err)
	}
	return nil
}
