package store

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Profile adds up the work Neo4j did for the statements run with its
// context, as Neo4j's PROFILE counts it: database hits and rows per
// operator. Tests use it to show that a question about a quarter costs
// the same in a small city and in a large one, in units that do not
// depend on the machine's speed or load.
type Profile struct {
	mu         sync.Mutex
	statements int
	dbHits     int64
	operators  map[string]int
	scans      []string
	// costs lists each statement (shortened) with its database hits.
	costs []string
}

type profileKey struct{}

// WithProfile returns ctx whose statements are profiled into the
// returned Profile. Profiling costs Neo4j extra work: never in serving.
func WithProfile(ctx context.Context) (context.Context, *Profile) {
	p := &Profile{operators: map[string]int{}}
	return context.WithValue(ctx, profileKey{}, p), p
}

func profileFrom(ctx context.Context) *Profile {
	p, _ := ctx.Value(profileKey{}).(*Profile)
	return p
}

// Statements is the number of statements profiled.
func (p *Profile) Statements() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.statements
}

// DBHits is the sum of the database hits of all profiled statements.
func (p *Profile) DBHits() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.dbHits
}

// Operators counts the plan operators of all profiled statements by name
// (e.g. "NodeByLabelScan"), without Neo4j's "@database" suffix.
func (p *Profile) Operators() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]int, len(p.operators))
	for k, v := range p.operators {
		out[k] = v
	}
	return out
}

// Scans lists the statements (shortened) whose plans scan every node of
// a label or of the database.
func (p *Profile) Scans() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.scans)
}

// Costs lists each profiled statement, shortened, with its database hits,
// to tell which statement of a question costs what.
func (p *Profile) Costs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.costs)
}

// add records the profiled plan of one statement.
func (p *Profile) add(cypher string, plan neo4j.ProfiledPlan) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.statements++
	var walk func(neo4j.ProfiledPlan)
	walk = func(n neo4j.ProfiledPlan) {
		p.dbHits += n.DbHits()
		op := n.Operator()
		for i := range op {
			if op[i] == '@' {
				op = op[:i]
				break
			}
		}
		p.operators[op]++
		if op == "NodeByLabelScan" || op == "AllNodesScan" {
			p.scans = append(p.scans, statementHead(cypher))
		}
		for _, c := range n.Children() {
			walk(c)
		}
	}
	before := p.dbHits
	if plan != nil {
		walk(plan)
	}
	p.costs = append(p.costs, fmt.Sprintf("%d db hits: %s", p.dbHits-before, statementHead(cypher)))
}
