// Package rules loads Falco rule files and runs their rules over events.
//
// A Ruleset collects the lists, macros and rules of one or more files in load order,
// with Falco's semantics: names may be used before they are defined (anywhere in the
// loaded files), a later definition replaces an earlier one, "append: true" extends a
// list's items, a macro's condition or a rule's condition and exceptions, and
// "override:" appends to or replaces the named keys. A rule item that only sets
// "enabled" toggles an existing rule. Exceptions become "and not (...)" clauses of the
// rule's condition. required_engine_version and required_plugin_versions are read and
// ignored.
//
// Compile parses every macro and rule condition, expands macros and lists, compiles
// each rule of the syscall source with package filter and compiles its output format
// (trimmed of surrounding white space, as Falco does) with package output (fields without a value print <NA>; %container.info stands for
// "container_id=%container.id container_name=%container.name", Falco's default). A
// rule that cannot be compiled (most often because it uses a field scry does not know)
// is reported in a RuleError naming the rule and the field; the other rules still run.
// Disabled rules are compiled too (to check them) but not run; rules of other sources
// (k8s_audit, plugins) are counted and left out.
//
// An Engine evaluates all its rules in one pass over the events: rules are indexed by
// the event types their conditions can match, so an event is only tested against the
// rules that may match its type, and a macro used by several rules is evaluated once per
// event (filter.Memo). Like Falco, by default the first matching rule (in
// load order) raises the alert for an event; Options.AllMatches raises one alert per
// matching rule. Alerts render as Falco's text lines ("HH:MM:SS.nnnnnnnnn: Priority
// output") or as Falco's json_output objects.
//
// # Concurrency
//
// Loading and compiling are not safe for concurrent use on one Ruleset. An Engine keeps
// scratch state in its filters and extractors: use it from one goroutine at a time and
// compile one per goroutine. Alerts are independent values.
package rules
