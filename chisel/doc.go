// Package chisel runs sysdig's Lua chisels, unmodified, over scry's events.
//
// It owns the embedded Lua 5.1 virtual machine (gopher-lua) and everything a chisel
// sees from it: the chisel, sysdig and evt tables, the callbacks (on_set_arg, on_init,
// on_capture_start, on_event, on_interval, on_capture_end), chisel.exec of other
// chisels, the shared Lua libraries the chisels require (common, ansiterminal, dkjson,
// table_generator ...), which are loaded from the chisel directories as sysdig does,
// and the chisel directories themselves (discovery, listing, descriptions). Indexing
// an API table with a name scry does not provide fails with an UnsupportedCallError
// naming the call.
//
// The Lua runtime matches the LuaJIT that sysdig embeds where the chisels' output
// depends on it: tostring (%.14g), string.format with C semantics and LuaJIT's
// rounding, the %g pattern class, table.sort's algorithm, print and io.write, and the
// iteration order of the thread and fd tables the engine hands to Lua (the reference
// fills them from C++ hash maps into LuaJIT tables; stdHashOrder and luajitOrder
// replay both). Tables the chisels build with string keys iterate in insertion order:
// sysdig's LuaJIT seeds string hashing randomly, so their order (and the order of
// rows with equal values in the top-N chisels) changes from one sysdig run to the next.
//
// Events come from a Source: CaptureSource replays a scap capture, a Parquet file or
// a store's segments over a time range through the state engine. Fields, filters and
// formats are compiled through a Toolkit (DefaultToolkit: scry's field table, filter
// language and output formats).
//
// Intervals follow event time, as sysdig's do when reading a file: the first event
// arms the clock and each event entering a new interval calls on_interval.
//
// Concurrency: a Runner, its Lua states and its Source are confined to one goroutine.
// Separate Runners share nothing and may run in parallel. Discovery functions are safe
// for concurrent use.
package chisel
