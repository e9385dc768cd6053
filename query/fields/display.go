package fields

// LookupDisplay resolves a field reference in an output format. It is Lookup with the
// differences of sysdig's formatter: proc.aname and proc.apid without [N] show the
// process itself (level 0) and leave their name in the text, and evt.type.is.TYPE shows
// <NA> and leaves its whole reference in the text. The consumed count is then 0. The
// extension ancestor fields (proc.aexe ...) without [N] show the process itself.
func LookupDisplay(expr string) (*Field, int, error) {
	f, n, err := Lookup(expr)
	if err != nil {
		return nil, 0, err
	}
	switch f.Info.Name {
	case "proc.aname", "proc.apid":
		if f.Arg == "" {
			d := catalogue().byName[f.Info.Name]
			e := &ext{fn: d.fn, b: binding{hasIndex: true}}
			f.Extractor = e
			return f, 0, nil
		}
	case "evt.type.is":
		f.Extractor = &ext{fn: naField}
		return f, 0, nil
	case "proc.aexe", "proc.aexepath", "proc.acmdline":
		// The extensions follow newer libs: without [N], the process itself.
		if f.Arg == "" {
			d := catalogue().byName[f.Info.Name]
			f.Extractor = &ext{fn: d.fn, b: binding{hasIndex: true}}
		}
	}
	return f, n, nil
}

// LookupRecord resolves a field reference for typed records (JSON lines, CSV, columns):
// Lookup, except that the ancestor fields without [N] give the process itself (level
// 0), as one value, rather than every ancestor.
func LookupRecord(expr string) (*Field, int, error) {
	f, n, err := Lookup(expr)
	if err != nil {
		return nil, 0, err
	}
	if isAncestorField(f.Info.Name) && f.Arg == "" {
		d := catalogue().byName[f.Info.Name]
		f.Extractor = &ext{fn: d.fn, b: binding{hasIndex: true}}
	}
	return f, n, nil
}
