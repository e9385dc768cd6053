// Package filter owns the sysdig/Falco filter language: its grammar (parsed with
// participle), the syntax tree, the compiler that type-checks a condition against the
// field table and turns it into an evaluation tree, the evaluator, and the event-type
// prefilter.
//
// # Language
//
// A filter is a boolean expression over checks:
//
//	expr     := or
//	or       := and ( "or" and )*
//	and      := unary ( "and" unary )*
//	unary    := "not"* term
//	term     := "(" expr ")" | check | MACRO
//	check    := operand "exists"
//	          | operand LISTOP "(" [ value ( "," value )* ] ")"
//	          | operand CMPOP value
//	operand  := FIELD | TRANSFORMER operand ")"
//	value    := QUOTED | BARE | "val(" FIELD ")"
//
// CMPOP is one of = == != < <= > >= contains icontains bcontains startswith bstartswith
// endswith glob iglob regex; LISTOP one of in intersects pmatch; TRANSFORMER one of
// tolower( toupper( b64( basename( len(. A FIELD is a dotted name with an optional
// argument: proc.aname[2], evt.arg.fd, k8s.pod.label.app, container.mount[/usr/*]. A
// MACRO is a bare identifier (letters, digits, underscores, no dot); Compile expands it
// through Options.Macros, and bare list items naming an Options.Lists list expand into
// its items.
//
// glob and iglob match like fnmatch(3) without flags (* also matches /); pmatch holds
// when a list entry is a prefix of the value component by component (/var/run matches
// /var/run/docker.sock, not /var/runx); regex takes RE2 syntax and must match the
// whole value; bcontains and bstartswith take hexadecimal bytes; in and intersects
// test membership. IP fields compare with addresses, network fields (and IP fields
// given a/len) with CIDR networks.
//
// Values are lexed by context: after a comparison operator everything up to a blank or a
// parenthesis is one bare value, so paths (/etc), operators used as values (evt.dir=<)
// and words that are also keywords are plain values there. Inside a list a comma also
// ends a bare value. Quoted values use " or ' and may hold blanks; in quoted and bare
// values \\ is a backslash, \" and \' are quotes and \xHH is the byte HH; any other
// backslash is kept as written.
//
// # The two grammars
//
// scry accepts the conditions of sysdig 0.29 (libs of that era) and of current Falco.
// Where they differ scry follows the current grammar:
//
//   - Precedence: not binds tighter than and, and tighter than or, and and/or may be
//     mixed without parentheses. The 0.29 scanner had no precedence and rejected a group
//     that mixed and with or; every filter it accepted means the same here.
//   - "not not X" is X (0.29 OR-ed a NOT bit, so it meant "not X").
//   - == is a synonym of = (0.29 read "evt.type==open" as evt.type = "=open").
//   - A quoted value is closed by the quote that opened it (0.29 closed it with either
//     quote character).
//   - A bare value cannot start with '=' or a quote and cannot hold a parenthesis, so
//     "proc.name = = x" is an error, as it is for current Falco.
//   - "A not B" without and/or, which 0.29 accepted with surprising meaning, is an
//     error, and keywords are whole words (0.29 read "n o t" as not and accepted
//     "andevt.dir=<"); "not(" needs no blank.
//   - intersects, bcontains, bstartswith, iglob, regex, the transformers and val() exist
//     (0.29 lacked them); numeric values may be hexadecimal (0x1f); relative times may
//     carry a unit (5s, 100ms); numbers are accepted for PID, UID, GID, syscall id,
//     signal and double fields, which 0.29 refused.
//
// # Evaluation
//
// A check whose field has no value for an event is false for every operator, != too
// (so "not CHECK" is then true). Fields whose extractor implements MultiExtractor
// (fd.ip, fd.port, fd.proto, fd.net and friends; proc.aname without an index) have
// several values: a check holds when it holds for any value, except that != on a field
// whose StrictInequality is true needs every value to differ.
//
// Some fields compare otherwise than they print, as sysdig does: evt.buffer compares
// the recorded bytes (not the rendering with '.' for other bytes); evt.around[T] = D
// holds within D ms of T; fd.cip.name, fd.sip.name, fd.lip.name and fd.rip.name compare
// the address with what the host name resolves to (resolved at the first socket event);
// "in" on evt.deltatime is an or of = checks, each measuring from the last event it
// saw. Booleans order as 0 and 1.
//
// Compile folds constants (an empty "in ()" list, conditions whose event-type set is
// empty, and/or with constant operands, double negation) and flattens nested and/or;
// evaluation short-circuits, runs the checks an event's type answers first and skips
// the operands of an or that cannot hold for the event's type. Filters compiled with a
// shared Memo evaluate each macro once per event. EventTypes is the set of event
// type ids a filter can match (from its evt.type and evt.dir checks); callers skip
// other events without extracting anything.
//
// # Concurrency
//
// Parse and Compile are safe for concurrent use. A compiled Filter keeps scratch values
// and its fields' extractors keep buffers: a Filter must be used by one goroutine at a
// time; compile one per goroutine.
package filter
