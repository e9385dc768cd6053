package parquet

import "github.com/scrylabs/scry/formats/scap"

// Since version 2 the section encoding stores the process and fd tables column by column
// (every tid, then every pid, ..., every name), ids as differences: similar values sit
// together, which zstd compresses better than one record after another. Version 3 keeps
// the text columns as tables of distinct values (section_values.go).

func (e *enc) processColumns(ps []scap.Process) {
	e.uv(uint64(len(ps)))
	each := func(f func(p *scap.Process)) {
		for i := range ps {
			f(&ps[i])
		}
	}
	var prev int64
	each(func(p *scap.Process) { e.v(p.Tid - prev); prev = p.Tid })
	each(func(p *scap.Process) { e.v(p.Pid - p.Tid) })
	each(func(p *scap.Process) { e.v(p.Ptid - p.Pid) })
	each(func(p *scap.Process) { e.v(p.Sid - p.Pid) })
	each(func(p *scap.Process) { e.v(p.Vpgid - p.Pid) })
	each(func(p *scap.Process) { e.v(p.Vtid - p.Tid) })
	each(func(p *scap.Process) { e.v(p.Vpid - p.Pid) })
	text := func(get func(p *scap.Process) string) {
		var c valueColumn
		each(func(p *scap.Process) { c.add(get(p)) })
		c.appendTo(e)
	}
	text(func(p *scap.Process) string { return p.Comm })
	text(func(p *scap.Process) string { return p.Exe })
	text(func(p *scap.Process) string { return p.ExePath })
	text(func(p *scap.Process) string { return string(p.Args) })
	text(func(p *scap.Process) string { return p.Cwd })
	each(func(p *scap.Process) { e.uv(p.FDLimit) })
	each(func(p *scap.Process) { e.uv(uint64(p.Flags)) })
	each(func(p *scap.Process) { e.uv(uint64(p.UID)) })
	each(func(p *scap.Process) { e.uv(uint64(p.GID)) })
	each(func(p *scap.Process) { e.uv(uint64(p.VMSizeKB)) })
	each(func(p *scap.Process) { e.uv(uint64(p.VMRSSKB)) })
	each(func(p *scap.Process) { e.uv(uint64(p.VMSwapKB)) })
	each(func(p *scap.Process) { e.uv(p.PFMajor) })
	each(func(p *scap.Process) { e.uv(p.PFMinor) })
	text(func(p *scap.Process) string { return string(p.Env) })
	text(func(p *scap.Process) string { return string(p.Cgroups) })
	text(func(p *scap.Process) string { return p.Root })
	each(func(p *scap.Process) { e.v(int64(p.LoginUID)) })
	each(func(p *scap.Process) { e.bool(p.ExeWritable) })
	each(func(p *scap.Process) { e.uv(uint64(p.Tty)) })
	each(func(p *scap.Process) { e.nilBytes(p.Tail) })
}

func (d *dec) processColumns(version uint64) []scap.Process {
	n := d.count()
	if n == 0 {
		return nil
	}
	ps := make([]scap.Process, n)
	each := func(f func(p *scap.Process)) {
		for i := range ps {
			f(&ps[i])
		}
	}
	var prev int64
	each(func(p *scap.Process) { p.Tid = prev + d.v(); prev = p.Tid })
	each(func(p *scap.Process) { p.Pid = p.Tid + d.v() })
	each(func(p *scap.Process) { p.Ptid = p.Pid + d.v() })
	each(func(p *scap.Process) { p.Sid = p.Pid + d.v() })
	each(func(p *scap.Process) { p.Vpgid = p.Pid + d.v() })
	each(func(p *scap.Process) { p.Vtid = p.Tid + d.v() })
	each(func(p *scap.Process) { p.Vpid = p.Pid + d.v() })
	// text reads a text column: a value table since version 3, else one value per row.
	text := func(set func(p *scap.Process, s string), old func(p *scap.Process)) {
		if version < 3 {
			each(old)
			return
		}
		vals := d.valueColumn(n)
		if vals == nil {
			return
		}
		for i := range ps {
			set(&ps[i], vals[i])
		}
	}
	text(func(p *scap.Process, s string) { p.Comm = s }, func(p *scap.Process) { p.Comm = d.str() })
	text(func(p *scap.Process, s string) { p.Exe = s }, func(p *scap.Process) { p.Exe = d.str() })
	text(func(p *scap.Process, s string) { p.ExePath = s }, func(p *scap.Process) { p.ExePath = d.str() })
	text(func(p *scap.Process, s string) { p.Args = bytesOf(s) }, func(p *scap.Process) { p.Args = d.bytes() })
	text(func(p *scap.Process, s string) { p.Cwd = s }, func(p *scap.Process) { p.Cwd = d.str() })
	each(func(p *scap.Process) { p.FDLimit = d.uv() })
	each(func(p *scap.Process) { p.Flags = uint32(d.uv()) })
	each(func(p *scap.Process) { p.UID = uint32(d.uv()) })
	each(func(p *scap.Process) { p.GID = uint32(d.uv()) })
	each(func(p *scap.Process) { p.VMSizeKB = uint32(d.uv()) })
	each(func(p *scap.Process) { p.VMRSSKB = uint32(d.uv()) })
	each(func(p *scap.Process) { p.VMSwapKB = uint32(d.uv()) })
	each(func(p *scap.Process) { p.PFMajor = d.uv() })
	each(func(p *scap.Process) { p.PFMinor = d.uv() })
	text(func(p *scap.Process, s string) { p.Env = bytesOf(s) }, func(p *scap.Process) { p.Env = d.bytes() })
	text(func(p *scap.Process, s string) { p.Cgroups = bytesOf(s) }, func(p *scap.Process) { p.Cgroups = d.bytes() })
	text(func(p *scap.Process, s string) { p.Root = s }, func(p *scap.Process) { p.Root = d.str() })
	each(func(p *scap.Process) { p.LoginUID = int32(d.v()) })
	each(func(p *scap.Process) { p.ExeWritable = d.bool() })
	each(func(p *scap.Process) { p.Tty = uint32(d.uv()) })
	each(func(p *scap.Process) { p.Tail = d.nilBytes() })
	return ps
}

func (e *enc) fdColumns(ls []scap.FDList) {
	e.uv(uint64(len(ls)))
	var fds []*scap.FD
	var prev int64
	for i := range ls {
		e.v(ls[i].Tid - prev)
		prev = ls[i].Tid
		e.uv(uint64(len(ls[i].FDs)))
		for j := range ls[i].FDs {
			fds = append(fds, &ls[i].FDs[j])
		}
	}
	each := func(f func(fd *scap.FD)) {
		for _, fd := range fds {
			f(fd)
		}
	}
	prev = 0
	each(func(f *scap.FD) { e.v(f.Fd - prev); prev = f.Fd })
	each(func(f *scap.FD) { e.uv(f.Ino) })
	each(func(f *scap.FD) { e.uv(uint64(f.Type)) })
	each(func(f *scap.FD) { e.raw(f.SIP[:]) })
	each(func(f *scap.FD) { e.raw(f.DIP[:]) })
	each(func(f *scap.FD) { e.uv(uint64(f.SPort)) })
	each(func(f *scap.FD) { e.uv(uint64(f.DPort)) })
	each(func(f *scap.FD) { e.uv(uint64(f.L4Proto)) })
	each(func(f *scap.FD) { e.uv(f.Source) })
	each(func(f *scap.FD) { e.uv(f.Dest) })
	var names valueColumn
	each(func(f *scap.FD) { names.add(f.Name) })
	names.appendTo(e)
	each(func(f *scap.FD) { e.uv(uint64(f.OpenFlags)) })
	each(func(f *scap.FD) { e.uv(uint64(f.Dev)) })
	each(func(f *scap.FD) { e.bool(f.HasDev) })
	each(func(f *scap.FD) { e.nilBytes(f.Extra) })
}

func (d *dec) fdColumns(version uint64) []scap.FDList {
	n := d.count()
	if n == 0 {
		return nil
	}
	ls := make([]scap.FDList, n)
	var fds []*scap.FD
	var prev int64
	for i := range ls {
		ls[i].Tid = prev + d.v()
		prev = ls[i].Tid
		if m := d.count(); m > 0 {
			ls[i].FDs = make([]scap.FD, m)
			for j := range ls[i].FDs {
				fds = append(fds, &ls[i].FDs[j])
			}
		}
	}
	each := func(f func(fd *scap.FD)) {
		for _, fd := range fds {
			f(fd)
		}
	}
	prev = 0
	each(func(f *scap.FD) { f.Fd = prev + d.v(); prev = f.Fd })
	each(func(f *scap.FD) { f.Ino = d.uv() })
	each(func(f *scap.FD) { f.Type = uint8(d.uv()) })
	each(func(f *scap.FD) { copy(f.SIP[:], d.take(16)) })
	each(func(f *scap.FD) { copy(f.DIP[:], d.take(16)) })
	each(func(f *scap.FD) { f.SPort = uint16(d.uv()) })
	each(func(f *scap.FD) { f.DPort = uint16(d.uv()) })
	each(func(f *scap.FD) { f.L4Proto = uint8(d.uv()) })
	each(func(f *scap.FD) { f.Source = d.uv() })
	each(func(f *scap.FD) { f.Dest = d.uv() })
	if version < 3 {
		each(func(f *scap.FD) { f.Name = d.str() })
	} else if names := d.valueColumn(len(fds)); names != nil {
		for i, f := range fds {
			f.Name = names[i]
		}
	}
	each(func(f *scap.FD) { f.OpenFlags = uint32(d.uv()) })
	each(func(f *scap.FD) { f.Dev = uint32(d.uv()) })
	each(func(f *scap.FD) { f.HasDev = d.bool() })
	each(func(f *scap.FD) { f.Extra = d.nilBytes() })
	return ls
}
