package rules

import (
	"bytes"
	"fmt"

	"gopkg.in/yaml.v3"
)

// item is one entry of a rules file, as written.
type item struct {
	RequiredEngineVersion  yaml.Node `yaml:"required_engine_version"`
	RequiredPluginVersions yaml.Node `yaml:"required_plugin_versions"`

	List  *string     `yaml:"list"`
	Items []yaml.Node `yaml:"items"`

	Macro *string `yaml:"macro"`

	Rule       *string           `yaml:"rule"`
	Desc       *string           `yaml:"desc"`
	Condition  *string           `yaml:"condition"`
	Output     *string           `yaml:"output"`
	Priority   *string           `yaml:"priority"`
	Enabled    *bool             `yaml:"enabled"`
	Tags       []string          `yaml:"tags"`
	Source     *string           `yaml:"source"`
	Exceptions []exceptionItem   `yaml:"exceptions"`
	Append     *bool             `yaml:"append"`
	Override   map[string]string `yaml:"override"`

	line int
}

// exceptionItem is one entry of a rule's exceptions, as written: fields and comps are
// a list or a single name; values is a list of tuples (or, for a single field, of
// values).
type exceptionItem struct {
	Name   string    `yaml:"name"`
	Fields yaml.Node `yaml:"fields"`
	Comps  yaml.Node `yaml:"comps"`
	Values yaml.Node `yaml:"values"`
}

// decodeFile reads the items of a rules file.
func decodeFile(name string, data []byte) ([]item, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			return nil, nil
		}
		return nil, fmt.Errorf("read rules file %s: %w", name, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	top := doc.Content[0]
	if top.Kind == yaml.ScalarNode && top.Tag == "!!null" {
		return nil, nil
	}
	if top.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("rules file %s: line %d: want a list of items", name, top.Line)
	}
	items := make([]item, 0, len(top.Content))
	for _, n := range top.Content {
		var it item
		if err := n.Decode(&it); err != nil {
			return nil, fmt.Errorf("rules file %s: line %d: %w", name, n.Line, err)
		}
		it.line = n.Line
		items = append(items, it)
	}
	return items, nil
}

// scalars reads a node that is a scalar or a sequence of scalars.
func scalars(n *yaml.Node) ([]string, bool) {
	switch n.Kind {
	case 0:
		return nil, true
	case yaml.ScalarNode:
		return []string{n.Value}, false
	case yaml.SequenceNode:
		out := make([]string, 0, len(n.Content))
		for _, c := range n.Content {
			out = append(out, c.Value)
		}
		return out, true
	}
	return nil, false
}
