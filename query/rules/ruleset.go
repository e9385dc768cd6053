package rules

import (
	"fmt"
	"os"

	"gopkg.in/yaml.v3"
)

// List is a named list of values.
type List struct {
	Name  string
	Items []string
	File  string
	Line  int
}

// Macro is a named condition.
type Macro struct {
	Name      string
	Condition string
	File      string
	Line      int
}

// Rule is a rule as loaded.
type Rule struct {
	Name       string
	Desc       string
	Condition  string
	Output     string
	Priority   string
	Enabled    bool
	Tags       []string
	Source     string // "syscall" when not given
	Exceptions []Exception
	File       string
	Line       int
}

// Ruleset is the lists, macros and rules of the loaded files, in load order.
type Ruleset struct {
	Lists  []*List
	Macros []*Macro
	Rules  []*Rule
	// EngineVersions are the required_engine_version values seen (not enforced).
	EngineVersions []string

	lists  map[string]*List
	macros map[string]*Macro
	rules  map[string]*Rule
}

// NewRuleset returns an empty ruleset.
func NewRuleset() *Ruleset {
	return &Ruleset{lists: map[string]*List{}, macros: map[string]*Macro{}, rules: map[string]*Rule{}}
}

// LoadFile loads a rules file into the ruleset.
func (rs *Ruleset) LoadFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("load rules: %w", err)
	}
	return rs.Load(path, data)
}

// Load loads the rules file text data, named name in messages.
func (rs *Ruleset) Load(name string, data []byte) error {
	items, err := decodeFile(name, data)
	if err != nil {
		return err
	}
	for i := range items {
		if err := rs.add(name, &items[i]); err != nil {
			return fmt.Errorf("rules file %s: line %d: %w", name, items[i].line, err)
		}
	}
	return nil
}

// List, Macro and Rule look definitions up by name.
func (rs *Ruleset) List(name string) *List   { return rs.lists[name] }
func (rs *Ruleset) Macro(name string) *Macro { return rs.macros[name] }
func (rs *Ruleset) Rule(name string) *Rule   { return rs.rules[name] }

func (rs *Ruleset) add(file string, it *item) error {
	kinds := 0
	for _, set := range []bool{it.List != nil, it.Macro != nil, it.Rule != nil,
		it.RequiredEngineVersion.Kind != 0, it.RequiredPluginVersions.Kind != 0} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		return fmt.Errorf("item must be exactly one of list, macro, rule, required_engine_version, required_plugin_versions")
	}
	switch {
	case it.RequiredEngineVersion.Kind != 0:
		rs.EngineVersions = append(rs.EngineVersions, it.RequiredEngineVersion.Value)
		return nil
	case it.RequiredPluginVersions.Kind != 0:
		return nil
	case it.List != nil:
		return rs.addList(file, it)
	case it.Macro != nil:
		return rs.addMacro(file, it)
	}
	return rs.addRule(file, it)
}

// mode says how an item changes an existing definition's key: "" (define), "append"
// or "replace".
func mode(it *item, key string) (string, error) {
	if m, ok := it.Override[key]; ok {
		if m != "append" && m != "replace" {
			return "", fmt.Errorf("override of %s must be append or replace, not %q", key, m)
		}
		return m, nil
	}
	if it.Append != nil && *it.Append {
		return "append", nil
	}
	return "", nil
}

func (rs *Ruleset) addList(file string, it *item) error {
	name := *it.List
	items := make([]string, 0, len(it.Items))
	for _, n := range it.Items {
		if n.Kind != yaml.ScalarNode {
			return fmt.Errorf("list %s: items must be scalars", name)
		}
		items = append(items, n.Value)
	}
	m, err := mode(it, "items")
	if err != nil {
		return fmt.Errorf("list %s: %w", name, err)
	}
	old := rs.lists[name]
	switch {
	case m == "append" && old == nil:
		return fmt.Errorf("list %s: append to a list that is not defined", name)
	case m == "append":
		old.Items = append(old.Items, items...)
	case m == "replace" && old != nil:
		old.Items = items
	case old != nil:
		*old = List{Name: name, Items: items, File: file, Line: it.line}
	default:
		l := &List{Name: name, Items: items, File: file, Line: it.line}
		rs.lists[name] = l
		rs.Lists = append(rs.Lists, l)
	}
	return nil
}

func (rs *Ruleset) addMacro(file string, it *item) error {
	name := *it.Macro
	if it.Condition == nil {
		return fmt.Errorf("macro %s has no condition", name)
	}
	m, err := mode(it, "condition")
	if err != nil {
		return fmt.Errorf("macro %s: %w", name, err)
	}
	old := rs.macros[name]
	switch {
	case m == "append" && old == nil:
		return fmt.Errorf("macro %s: append to a macro that is not defined", name)
	case m == "append":
		old.Condition = old.Condition + " " + *it.Condition
	case old != nil:
		*old = Macro{Name: name, Condition: *it.Condition, File: file, Line: it.line}
	default:
		mac := &Macro{Name: name, Condition: *it.Condition, File: file, Line: it.line}
		rs.macros[name] = mac
		rs.Macros = append(rs.Macros, mac)
	}
	return nil
}

func (rs *Ruleset) addRule(file string, it *item) error {
	name := *it.Rule
	old := rs.rules[name]
	for key := range it.Override {
		if _, err := mode(it, key); err != nil {
			return fmt.Errorf("rule %s: %w", name, err)
		}
	}
	var inherited []Exception
	if old != nil {
		inherited = old.Exceptions
	}
	exceptions, err := readExceptions(it.Exceptions, inherited)
	if err != nil {
		return fmt.Errorf("rule %s: %w", name, err)
	}
	appending := (it.Append != nil && *it.Append) || len(it.Override) > 0
	if !appending && it.Condition == nil && old != nil && it.Enabled != nil {
		old.Enabled = *it.Enabled // an item that only toggles an existing rule
		return nil
	}
	if !appending {
		r := &Rule{Name: name, Enabled: true, Source: "syscall", File: file, Line: it.line, Exceptions: exceptions}
		for _, req := range []struct {
			v   *string
			key string
		}{{it.Condition, "condition"}, {it.Output, "output"}, {it.Priority, "priority"}} {
			if req.v == nil {
				return fmt.Errorf("rule %s has no %s", name, req.key)
			}
		}
		r.Condition, r.Output, r.Priority = *it.Condition, *it.Output, *it.Priority
		setRuleKeys(r, it)
		if old != nil {
			*old = *r
		} else {
			rs.rules[name] = r
			rs.Rules = append(rs.Rules, r)
		}
		return nil
	}
	if old == nil {
		return fmt.Errorf("rule %s: append or override of a rule that is not defined", name)
	}
	return mergeRule(old, it, exceptions)
}

func setRuleKeys(r *Rule, it *item) {
	if it.Desc != nil {
		r.Desc = *it.Desc
	}
	if it.Enabled != nil {
		r.Enabled = *it.Enabled
	}
	if it.Tags != nil {
		r.Tags = it.Tags
	}
	if it.Source != nil && *it.Source != "" {
		r.Source = *it.Source
	}
}

// mergeRule applies an append/override item to an existing rule.
func mergeRule(r *Rule, it *item, exceptions []Exception) error {
	textKeys := []struct {
		v   *string
		dst *string
		key string
		sep string
	}{
		{it.Condition, &r.Condition, "condition", " "},
		{it.Output, &r.Output, "output", " "},
		{it.Desc, &r.Desc, "desc", " "},
		{it.Priority, &r.Priority, "priority", ""},
	}
	for _, k := range textKeys {
		if k.v == nil {
			continue
		}
		m, err := mode(it, k.key)
		if err != nil {
			return fmt.Errorf("rule %s: %w", r.Name, err)
		}
		if m == "append" && k.sep != "" {
			*k.dst = *k.dst + k.sep + *k.v
		} else {
			*k.dst = *k.v
		}
	}
	if it.Tags != nil {
		if m, _ := mode(it, "tags"); m == "append" {
			r.Tags = append(r.Tags, it.Tags...)
		} else {
			r.Tags = it.Tags
		}
	}
	if it.Enabled != nil {
		r.Enabled = *it.Enabled
	}
	if len(exceptions) > 0 {
		if m, _ := mode(it, "exceptions"); m == "replace" {
			r.Exceptions = exceptions
		} else {
			r.Exceptions = mergeExceptions(r.Exceptions, exceptions)
		}
	}
	return nil
}
