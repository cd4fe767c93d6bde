package confinement_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

var (
	seedFlag  = flag.Int64("confinement.seed", 1, "seed of the targets' random choices")
	roundFlag = flag.Int("confinement.rounds", 1, "how often each mutation's generator is asked for targets (each round picks anew)")
)

// home is the district of the coordinator whose writes are tried.
const home = "nbh_nord"

// TestWriteConfinement sends every mutation of the schema, as a
// coordinator of one district, against targets generated from the graph
// (see generators): records inside the district, in another district,
// across both, tied to no district, and own records whose deletion
// cascades into another district. A refused write must change nothing
// at all (records and audit trail); an allowed write must change no
// record that belongs, before or after, to a district other than the
// caller's or to none (city-wide records are admins'). Each case starts
// from the same graph: after a write that changed anything, undo puts
// the graph back (checked against a fresh snapshot; failing that, the
// world is wiped and loaded again). Targets are chosen with a seeded
// random source (-confinement.seed), so a run can be repeated.
func TestWriteConfinement(t *testing.T) {
	needNeo4j(t)
	schema := loadSchema(t)
	base := takeSnapshot(t)
	g := &gen{rng: rand.New(rand.NewSource(*seedFlag)), schema: schema, home: home, pools: pools(base, home)}
	t.Logf("seed %d (-confinement.seed), %d rounds (-confinement.rounds)", *seedFlag, *roundFlag)
	bearer := token(t, "coordinator-nord", domain.RoleCoordinator, home)
	districts := []string{home}

	type outcome struct {
		mutation, target, code string
		foreign                int
	}
	var outcomes []outcome
	cur, dirty, undos := base, false, 0
	start := time.Now()
	for _, f := range mutations(schema) {
		gen := generators[f.Name]
		if gen == nil {
			t.Errorf("mutation %s has no generator", f.Name)
			continue
		}
		var targets []target
		for round := range *roundFlag {
			for _, tg := range gen(g) {
				if round > 0 {
					tg.name = fmt.Sprintf("%s (round %d)", tg.name, round+1)
				}
				targets = append(targets, tg)
			}
		}
		if len(targets) == 0 {
			t.Errorf("mutation %s: the world offers none of its targets", f.Name)
		}
		doc := document(f)
		for _, tg := range targets {
			t.Run(f.Name+"/"+tg.name, func(t *testing.T) {
				if dirty {
					cur, dirty = putBack(t, base, cur), false
					undos++
				}
				dirty = true // until the graph is known to be unchanged
				code, msg := post(t, bearer, doc, tg.vars)
				after := takeSnapshot(t)
				changed := allChanges(cur, after)
				vars, _ := json.Marshal(tg.vars)
				o := outcome{mutation: f.Name, target: tg.name, code: code}
				if code != "" {
					if len(changed) > 0 || after.audit != cur.audit {
						t.Errorf("%s refused (%s: %s) but changed %d records and %d audit entries; variables %s:\n%s",
							f.Name, code, msg, len(changed), after.audit-cur.audit, vars, list(changed))
					}
				} else {
					fc := foreignChanges(cur, after, districts)
					o.foreign = len(fc)
					if len(fc) > 0 {
						t.Errorf("%s allowed, but changed %d records outside %s; variables %s:\n%s",
							f.Name, len(fc), home, vars, list(fc))
					}
				}
				outcomes = append(outcomes, o)
				if len(changed) > 0 || after.audit != cur.audit {
					cur = after
				} else {
					dirty = false
				}
			})
		}
	}
	var b strings.Builder
	violations := 0
	for _, o := range outcomes {
		if o.foreign > 0 {
			violations++
		}
	}
	fmt.Fprintf(&b, "%d cases of %d mutations, %d violations, %d undos, in %v:\n",
		len(outcomes), len(mutations(schema)), violations, undos, time.Since(start).Round(time.Second))
	for _, o := range outcomes {
		res := "refused " + o.code
		if o.code == "" {
			res = "allowed"
			if o.foreign > 0 {
				res = fmt.Sprintf("allowed, VIOLATION: %d foreign records changed", o.foreign)
			}
		}
		fmt.Fprintf(&b, "  %-18s %-55s %s\n", o.mutation, o.target, res)
	}
	t.Log(b.String())
}

// putBack returns the database from the graph of cur to the graph of
// base: by undo, checked by a fresh snapshot, or when that fails by
// wiping and loading the world again. It returns the snapshot of the
// graph it left.
func putBack(t *testing.T, base, cur snapshot) snapshot {
	t.Helper()
	err := undo(t.Context(), base, cur)
	if err == nil {
		s := takeSnapshot(t)
		if len(allChanges(base, s)) == 0 && s.audit == base.audit {
			return s
		}
		err = fmt.Errorf("%d records differ:\n%s", len(allChanges(base, s)), list(allChanges(base, s)))
	}
	t.Logf("undo failed (%v); loading the world again", err)
	if err := restore(t.Context()); err != nil {
		t.Fatal(err)
	}
	return takeSnapshot(t)
}

// list renders changes one a line, at most 25.
func list(cs []change) string {
	var b strings.Builder
	for i, c := range cs {
		if i == 25 {
			fmt.Fprintf(&b, "  … and %d more\n", len(cs)-i)
			break
		}
		fmt.Fprintf(&b, "  %s\n", c)
	}
	return b.String()
}

// post sends a GraphQL request with a bearer token and returns the first
// error's code and message ("" when it succeeded).
func post(t *testing.T, bearer, query string, vars map[string]any) (code, msg string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+bearer)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	var out struct {
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("decode response (status %d): %v", resp.StatusCode, err)
	}
	if len(out.Errors) == 0 {
		return "", ""
	}
	code, _ = out.Errors[0].Extensions["code"].(string)
	if code == "" {
		code = "(no code)"
	}
	return code, out.Errors[0].Message
}
