package rules

import (
	"github.com/scrylabs/scry/formats/schema"
	"github.com/scrylabs/scry/query/filter"
	"github.com/scrylabs/scry/state"
)

// compiledRule is a rule ready to run.
type compiledRule struct {
	rule     *Rule
	filter   *filter.Filter
	out      *ruleOutput
	priority Priority
	hits     uint64
}

// Engine runs compiled rules over events.
type Engine struct {
	opts   Options
	rules  []*compiledRule
	byType [][]*compiledRule // rules whose condition may hold, per event type bit
	memo   *filter.Memo      // macro results shared by the rules, per event
	stats  Stats
}

// Stats counts an engine's work.
type Stats struct {
	Events    uint64 // events processed
	Evaluated uint64 // rule conditions evaluated
	Alerts    uint64 // alerts raised
}

func (e *Engine) add(r *compiledRule) {
	e.rules = append(e.rules, r)
	types := r.filter.EventTypes()
	for id := 0; id <= schema.NumEvents; id++ {
		if types.Has(uint16(id)) {
			e.byType[id] = append(e.byType[id], r)
		}
	}
}

// Rules names the compiled rules, in load order.
func (e *Engine) Rules() []string {
	out := make([]string, len(e.rules))
	for i, r := range e.rules {
		out[i] = r.rule.Name
	}
	return out
}

// RulesFor is the number of rules an event of type id is tested against.
func (e *Engine) RulesFor(id uint16) int { return len(e.byType[typeIndex(id)]) }

func typeIndex(id uint16) int {
	if int(id) >= schema.NumEvents {
		return schema.NumEvents
	}
	return int(id)
}

// Process tests the event of ctx against the rules that may match its type, in load
// order, and calls emit for the alert of the first matching rule (of every matching
// rule with Options.AllMatches). Events the state engine hides are skipped. It returns
// the number of alerts raised. Only raising an alert allocates.
func (e *Engine) Process(ctx *state.EventContext, view state.View, emit func(*Alert)) int {
	if ctx.Hidden || ctx.Ev == nil {
		return 0
	}
	e.stats.Events++
	e.memo.Next()
	n := 0
	for _, r := range e.byType[typeIndex(ctx.Ev.Type())] {
		e.stats.Evaluated++
		if !r.filter.Match(ctx, view) {
			continue
		}
		r.hits++
		n++
		a := r.alert(ctx, view)
		emit(&a)
		if !e.opts.AllMatches {
			break
		}
	}
	e.stats.Alerts += uint64(n)
	return n
}

// Stats returns the counters so far.
func (e *Engine) Stats() Stats { return e.stats }

// Hits returns how many alerts each rule raised, by rule name.
func (e *Engine) Hits() map[string]uint64 {
	out := make(map[string]uint64, len(e.rules))
	for _, r := range e.rules {
		if r.hits > 0 {
			out[r.rule.Name] = r.hits
		}
	}
	return out
}

func (r *compiledRule) alert(ctx *state.EventContext, view state.View) Alert {
	text, fs := r.out.render(ctx, view)
	return Alert{
		Time:     ctx.Ev.Ts(),
		Rule:     r.rule.Name,
		Priority: r.priority,
		Source:   r.rule.Source,
		Tags:     r.rule.Tags,
		Output:   text,
		Fields:   fs,
	}
}
