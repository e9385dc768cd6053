// Package scap reads and writes falcosecurity scap capture files ("savefiles"): the
// pcapng-style block stream of section headers, machine info, process, fd, interface and
// user lists, and events, plain or compressed with gzip or zstd.
//
// Reader streams a capture with memory independent of its size: Next hands out events as
// views over an internal buffer, valid until the following call, with no allocation per
// event in steady state. It accepts every block type and version of the format (section
// header 1.x; PL V1-V9; FDL, IL, UL v1 and v2; EV, EVF, EV_V2, EVF_V2 and their large
// variants; the pre-release _INT codes), skips unknown metadata blocks, and follows
// concatenated sections. Damage yields every good event before it, then a *FormatError.
//
// Writer writes format version 1.2 with the newest block versions (PL V9, FDL/IL/UL v2,
// EV_V2/EVF_V2 and the _LARGE codes), the layout sysdig 0.29.3 reads.
//
// A Reader or Writer is not safe for concurrent use; distinct values are independent.
package scap
