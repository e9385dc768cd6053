package scap

import (
	"encoding/binary"
	"fmt"
	"io"
)

// readMetadata reads a section: its SHB and every metadata block up to the first event
// block, which is left unread.
func (r *Reader) readMetadata() error {
	typ, total, err := r.peekHeader()
	if err != nil {
		if err == io.EOF {
			return r.fail(0, "a section header block, got an empty stream", ErrTruncated)
		}
		return err
	}
	if typ != BlockSHB {
		return r.fail(typ, "a section header block (type 0x0A0D0D0A)", ErrCorrupt)
	}
	start := r.off
	b, err := r.readBlock(typ, total)
	if err != nil {
		return err
	}
	if len(b) < 8+16+4 {
		r.off = start
		return r.fail(typ, fmt.Sprintf("a 16-byte section header body, got a block of %d bytes", len(b)), ErrCorrupt)
	}
	h, magic, _ := parseSectionHeader(b[8:])
	if magic != sectionMagic {
		r.off = start
		return r.fail(typ, fmt.Sprintf("byte-order magic 0x1A2B3C4D, got 0x%08X", magic), ErrCorrupt)
	}
	if h.Major > 1 {
		r.off = start
		return r.fail(typ, fmt.Sprintf("major version 1, got %d.%d", h.Major, h.Minor), ErrVersion)
	}
	idx := 0
	if r.section != nil {
		idx = r.section.Index + 1
	}
	r.section = &Section{Index: idx, Offset: start, Header: h}
	r.eventRuns = -1
	r.count(typ, false)
	var arena metaArena
	for {
		typ, total, err := r.peekHeader()
		if err == io.EOF {
			return r.enteredSection() // a section without events
		}
		if err != nil {
			return err
		}
		if isEvent, _, _, _ := eventBlock(typ); isEvent || typ == BlockSHB {
			return r.enteredSection()
		}
		if err := r.readMetaBlock(&arena, typ, total); err != nil {
			return err
		}
	}
}

// skipBlock consumes a block without holding it whole, checking its trailer.
func (r *Reader) skipBlock(typ, total uint32) error {
	if total < 12 {
		return r.fail(typ, fmt.Sprintf("a block length of at least 12, got %d", total), ErrCorrupt)
	}
	left := int(total) - 4
	for left > 0 {
		b, err := r.in.peek(min(left, readBufferSize))
		if len(b) == 0 {
			return r.fail(typ, fmt.Sprintf("%d block bytes, got %d", total, int(total)-4-left), ioErr(err))
		}
		r.in.discard(len(b))
		left -= len(b)
	}
	t, err := r.in.peek(4)
	if len(t) < 4 {
		return r.fail(typ, fmt.Sprintf("%d block bytes, got %d", total, int(total)-4+len(t)), ioErr(err))
	}
	if trailer := binary.LittleEndian.Uint32(t); trailer != total {
		return r.fail(typ, fmt.Sprintf("a trailer equal to the block length %d, got %d", total, trailer), ErrCorrupt)
	}
	r.in.discard(4)
	r.off += int64(total)
	r.count(typ, false)
	return nil
}

// knownMetaBlock reports whether the reader parses blocks of type t.
func knownMetaBlock(t uint32) bool {
	switch t {
	case BlockMI, BlockMIInt, BlockFDL, BlockFDLInt, BlockFDLV2, BlockIL, BlockILInt, BlockILV2,
		BlockUL, BlockULInt, BlockULV2:
		return true
	}
	return plVersion(t) != 0
}

// enteredSection reports a section whose metadata has been read to OnSection's callback.
func (r *Reader) enteredSection() error {
	if r.onSection == nil {
		return nil
	}
	if err := r.onSection(r.section); err != nil {
		r.err = err
		return err
	}
	return nil
}

// readMetaBlock parses one metadata block into the current section, its strings and fd
// entries into arena; unknown block types are skipped.
func (r *Reader) readMetaBlock(arena *metaArena, typ, total uint32) error {
	if !knownMetaBlock(typ) {
		return r.skipBlock(typ, total)
	}
	start := r.off
	b, err := r.readBlock(typ, total)
	if err != nil {
		return err
	}
	if trailer := binary.LittleEndian.Uint32(b[len(b)-4:]); trailer != total {
		r.off = start
		return r.fail(typ, fmt.Sprintf("a trailer equal to the block length %d, got %d", total, trailer), ErrCorrupt)
	}
	s := r.section
	body := b[8 : len(b)-4]
	var perr error
	switch typ {
	case BlockMI, BlockMIInt:
		s.Machine, perr = parseMachineInfo(body)
	case BlockFDL, BlockFDLInt, BlockFDLV2:
		var l FDList
		l, perr = parseFDList(arena, body, typ == BlockFDLV2)
		if perr == nil {
			s.FDLists = append(s.FDLists, l)
		}
	case BlockIL, BlockILInt, BlockILV2:
		s.Interfaces, perr = parseInterfaceList(arena, body, typ == BlockILV2)
		s.HasInterfaces = true
	case BlockUL, BlockULInt, BlockULV2:
		s.Users, s.Groups, perr = parseUserList(arena, body, typ == BlockULV2)
		s.HasUsers = true
	default:
		if v := plVersion(typ); v != 0 {
			s.Processes, perr = parseProcessList(arena, s.Processes, body, v)
		}
	}
	r.count(typ, false)
	if perr != nil {
		r.off = start
		return r.fail(typ, perr.Error(), ErrCorrupt)
	}
	return nil
}
