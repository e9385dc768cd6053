// Package ring reads BPF ring buffers without copying: a sample is handed out as a view
// over the ring's shared memory and stays valid until the reader moves past it and
// commits, which is when the kernel may reuse that memory.
//
// A Reader is not safe for concurrent use: one goroutine drains it. Poller waits for
// several rings at once.
package ring
