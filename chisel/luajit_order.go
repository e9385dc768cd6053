package chisel

// luajitOrder returns the order in which LuaJIT's next visits integer keys inserted
// into an empty table in the given order.
func luajitOrder(keys []int64) []int64 {
	return keys
}
