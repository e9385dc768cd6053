// Package chisel runs sysdig's Lua chisels, unmodified, over scry's events.
//
// It owns the embedded Lua 5.1 virtual machine (gopher-lua) and everything a chisel
// sees from it: the chisel, sysdig and evt tables, the callbacks (on_set_arg, on_init,
// on_capture_start, on_event, on_interval, on_capture_end), chisel.exec of other
// chisels, the shared Lua libraries the chisels require (common, ansiterminal, dkjson,
// table_generator ...), which are loaded from the chisel directories as sysdig does,
// and the chisel directories themselves (discovery, listing, descriptions).
//
// The Lua runtime matches the LuaJIT that sysdig embeds where the chisels' output
// depends on it: number to text conversion (%.14g), string.format with C semantics,
// table.sort's algorithm, print, and the iteration order of the thread and fd tables
// the engine hands to Lua.
//
// Events come from a Source (a capture file, a Parquet file or a store range replayed
// through the state engine); fields and filters are compiled through a Toolkit, so
// the package depends only on the state types and field values.
//
// Concurrency: a Runner and its Lua states are confined to one goroutine. Separate
// Runners share nothing and may run in parallel. Discovery functions are safe for
// concurrent use.
package chisel
