package scap

import "fmt"

// Block type codes (scap_savefile.h).
const (
	BlockSHB          uint32 = 0x0A0D0D0A
	BlockMI           uint32 = 0x201
	BlockMIInt        uint32 = 0x8002ABCD
	BlockPLV1         uint32 = 0x202
	BlockPLV1Int      uint32 = 0x8000ABCD
	BlockPLV2         uint32 = 0x207
	BlockPLV2Int      uint32 = 0x8013ABCD
	BlockPLV3         uint32 = 0x209
	BlockPLV3Int      uint32 = 0x8014ABCD
	BlockPLV4         uint32 = 0x210
	BlockPLV5         uint32 = 0x211
	BlockPLV6         uint32 = 0x212
	BlockPLV7         uint32 = 0x213
	BlockPLV8         uint32 = 0x214
	BlockPLV9         uint32 = 0x215
	BlockFDL          uint32 = 0x203
	BlockFDLInt       uint32 = 0x8001ABCD
	BlockFDLV2        uint32 = 0x218
	BlockIL           uint32 = 0x205
	BlockILInt        uint32 = 0x8011ABCD
	BlockILV2         uint32 = 0x219
	BlockUL           uint32 = 0x206
	BlockULInt        uint32 = 0x8012ABCD
	BlockULV2         uint32 = 0x220
	BlockEV           uint32 = 0x204
	BlockEVInt        uint32 = 0x8010ABCD
	BlockEVF          uint32 = 0x208
	BlockEVV2         uint32 = 0x216
	BlockEVFV2        uint32 = 0x217
	BlockEVV2Large    uint32 = 0x221
	BlockEVFV2Large   uint32 = 0x222
	sectionMagic      uint32 = 0x1A2B3C4D
	maxEventBlockSize        = 65536 // READER_BUF_SIZE: non-large event blocks never exceed it
)

var blockNames = map[uint32]string{
	BlockSHB: "SHB", BlockMI: "MI", BlockMIInt: "MI_INT",
	BlockPLV1: "PL_V1", BlockPLV1Int: "PL_V1_INT", BlockPLV2: "PL_V2", BlockPLV2Int: "PL_V2_INT",
	BlockPLV3: "PL_V3", BlockPLV3Int: "PL_V3_INT", BlockPLV4: "PL_V4", BlockPLV5: "PL_V5",
	BlockPLV6: "PL_V6", BlockPLV7: "PL_V7", BlockPLV8: "PL_V8", BlockPLV9: "PL_V9",
	BlockFDL: "FDL", BlockFDLInt: "FDL_INT", BlockFDLV2: "FDL_V2",
	BlockIL: "IL", BlockILInt: "IL_INT", BlockILV2: "IL_V2",
	BlockUL: "UL", BlockULInt: "UL_INT", BlockULV2: "UL_V2",
	BlockEV: "EV", BlockEVInt: "EV_INT", BlockEVF: "EVF", BlockEVV2: "EV_V2", BlockEVFV2: "EVF_V2",
	BlockEVV2Large: "EV_V2_LARGE", BlockEVFV2Large: "EVF_V2_LARGE",
}

// BlockName returns the short name of a block type (e.g. "PL_V9"), or its hex code.
func BlockName(t uint32) string {
	if n, ok := blockNames[t]; ok {
		return n
	}
	return fmt.Sprintf("0x%X", t)
}

// plVersion returns the process-list layout version of a PL block code, 0 if not a PL.
func plVersion(t uint32) int {
	switch t {
	case BlockPLV1, BlockPLV1Int:
		return 1
	case BlockPLV2, BlockPLV2Int:
		return 2
	case BlockPLV3, BlockPLV3Int:
		return 3
	case BlockPLV4:
		return 4
	case BlockPLV5:
		return 5
	case BlockPLV6:
		return 6
	case BlockPLV7:
		return 7
	case BlockPLV8:
		return 8
	case BlockPLV9:
		return 9
	}
	return 0
}

// eventBlock describes an event block code: whether it carries dump flags, its event
// header version and whether it is a _LARGE code.
func eventBlock(t uint32) (isEvent, hasFlags, v1, large bool) {
	switch t {
	case BlockEV, BlockEVInt:
		return true, false, true, false
	case BlockEVF:
		return true, true, true, false
	case BlockEVV2:
		return true, false, false, false
	case BlockEVFV2:
		return true, true, false, false
	case BlockEVV2Large:
		return true, false, false, true
	case BlockEVFV2Large:
		return true, true, false, true
	}
	return false, false, false, false
}
