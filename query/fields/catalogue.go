package fields

import (
	"sync"

	"github.com/scrylabs/scry/formats/schema"
)

// argSyntax is how a field's argument is written.
type argSyntax uint8

const (
	argNone      argSyntax = iota
	argIndex               // [N], required
	argOptIndex            // [N], optional
	argParam               // .NAME (event parameter name) or [N]
	argParamName           // .NAME only; typed by the parameter
	argSpanArg             // .NAME (rest of the token) or [N]
	argWord                // .KEY of [A-Za-z0-9/_.-]
	argCgroup              // .SUBSYS of [A-Za-z_]
	argTypeIs              // .TYPE: event name or id
	argMount               // [N] or [PATH glob]
	argAbspath             // optional .src / .dst
	argAround              // [T], unsigned
)

// impl is the implementation of one field.
type impl struct {
	format schema.PrintFormat
	fn     func(e *ext, v *Value) bool
	json   func(e *ext, v *Value) bool // JSON form when it differs from the text form
	setup  func(f *Field, e *ext)
}

// def is one catalogue entry.
type def struct {
	info *schema.Field
	arg  argSyntax
	impl
}

type catalog struct {
	classes    [][]*def // in sysdig's class order
	byName     map[string]*def
	paramNames []string
}

var (
	catOnce sync.Once
	cat     *catalog
)

// catalogue returns the field catalogue, built once.
func catalogue() *catalog {
	catOnce.Do(func() { cat = buildCatalog() })
	return cat
}

func buildCatalog() *catalog {
	c := &catalog{byName: make(map[string]*def, len(schema.Fields)+len(extensionFields))}
	impls := implementations()
	defs := make([]def, len(schema.Fields)+len(extensionFields)) // one allocation for every entry
	prevClass := ""
	for i := range schema.Fields {
		f := &schema.Fields[i]
		d := &defs[i]
		*d = def{info: f, arg: argSyntaxOf(f)}
		if im, ok := impls[f.Name]; ok {
			d.impl = im
		} else {
			d.fn = naField
		}
		key := f.Class + "\x00" + f.ClassDesc
		if key != prevClass {
			c.classes = append(c.classes, nil)
			prevClass = key
		}
		c.classes[len(c.classes)-1] = append(c.classes[len(c.classes)-1], d)
		c.byName[f.Name] = d
	}
	for i := range extensionFields {
		f := &extensionFields[i]
		d := &defs[len(schema.Fields)+i]
		*d = def{info: f, arg: argSyntaxOf(f), impl: impls[f.Name]}
		if d.fn == nil {
			d.fn = naField
		}
		c.add(d)
	}
	seen := map[string]bool{}
	for i := 0; i < schema.LegacyMax; i++ {
		for _, p := range schema.Events[i].Params {
			if !seen[p.Name] {
				seen[p.Name] = true
				c.paramNames = append(c.paramNames, p.Name)
			}
		}
	}
	return c
}

// add puts an extension field in the first class of its name, after sysdig's fields.
func (c *catalog) add(d *def) {
	for i, fs := range c.classes {
		if len(fs) > 0 && fs[0].info.Class == d.info.Class {
			c.classes[i] = append(c.classes[i], d)
			c.byName[d.info.Name] = d
			return
		}
	}
	c.classes = append(c.classes, []*def{d})
	c.byName[d.info.Name] = d
}

func argSyntaxOf(f *schema.Field) argSyntax {
	switch f.Name {
	case "evt.arg", "evtin.span.tag", "evtin.span.arg", "evtin.span.p.tag", "evtin.span.p.arg",
		"evtin.span.s.tag", "evtin.span.s.arg", "evtin.span.m.tag", "evtin.span.m.arg":
		return argParam
	case "evt.rawarg":
		return argParamName
	case "span.arg", "span.enterarg":
		return argSpanArg
	case "evt.type.is":
		return argTypeIs
	case "thread.cgroup":
		return argCgroup
	case "evt.abspath":
		return argAbspath
	case "evt.around":
		return argAround
	}
	switch f.ArgSyntax {
	case "[N]", "[N] ":
		if f.Argument == "optional" {
			return argOptIndex
		}
		return argIndex
	case ".KEY":
		return argWord
	case "[N or PATH]":
		return argMount
	}
	if f.Argument == "required" {
		return argIndex
	}
	return argNone
}

// naField is the extractor of fields that never have a value when reading captures.
func naField(*ext, *Value) bool { return false }

// implementations gathers the extractors of every class.
func implementations() map[string]impl {
	m := make(map[string]impl, len(schema.Fields)+len(extensionFields))
	for _, part := range []map[string]impl{
		evtFields(), argFields(), procFields(), userFields(), containerFields(), fdFields(),
		fdlistFields(), k8sFields(), multiFields(), netFields(), syslogFields(),
		lineageFields(), exeFields(), capFields(), cpuFields(), nameRawFields(), containerExtFields(),
	} {
		for k, v := range part {
			m[k] = v
		}
	}
	return m
}
