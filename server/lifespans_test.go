package server_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/seed"
)

const recordChangesSel = `{ actors(first: 100) { totalCount edges { node { id } } } services(first: 100) { edges { node { id } } }
  cooperations(first: 100) { edges { node { id kind validTo } } } memberships(first: 100) { edges { node { id } } }
  roles(first: 100) { totalCount edges { node { id } } }
  totals { actors services cooperations memberships roles all } }`

// seedDay is the day the demo was seeded on (seed.Today), as a Date.
func seedDay() string { return seed.Today().Format(time.DateOnly) }

// moved is the day a demo record that ends on end (in the demo's tables)
// ends in the demo this process seeded (seed.MovedEnd).
func moved(end string) string { return seed.MovedEnd(end, seed.Today()) }

// What ends within 90 days of the day the demo was seeded? On the
// demo's reference day (2026-11-25, so up to 2027-02-23), worked out
// from the demo's tables: six fundings the rules end on 2026-12-31 (LWB
// → Stadtteiltreff Lindenpark and → Nachbarschaftshaus Bahnhofsviertel,
// Büro für Integration → Kulturverein Jasmin and → Freundeskreis Asyl
// Ziegelei, the two quarter managements → their tenants' groups), the
// mentors' single parents' meeting (2027-01-31) and the parents' group's
// guest seat in the AG 78 (2027-02-15); no actor and no role ends then.
// The next fundings end on 2027-12-31, outside the window. Seeded later,
// every ending from the reference day on has moved by as many days
// (seed.MovedEnd), so the same records end within 90 days of the seeding
// day, on their moved days.
func TestEndingWithin90Days(t *testing.T) {
	needNeo4j(t)
	today := seed.Today()
	d := mustPost(t, `query($day: Date) { ending(from: $day) { from to ending `+recordChangesSel+` } }`,
		map[string]any{"day": seedDay()})
	e := get(d, "ending")
	if to := today.AddDate(0, 0, 90).Format(time.DateOnly); get(e, "from") != seedDay() || get(e, "to") != to {
		t.Errorf("window %v–%v, want %s–%s (P90D by default)", get(e, "from"), get(e, "to"), seedDay(), to)
	}
	wantCoops := []string{
		"coo_buero-integration--freundeskreis-asyl-ziegelei--funding", "coo_buero-integration--kulturverein-jasmin--funding",
		"coo_lwb--nachbarschaftshaus-bahnhofsviertel--funding", "coo_lwb--stadtteiltreff-lindenpark--funding",
		"coo_qm-bahnhofsviertel--mieterinitiative-gleisdreieck--funding", "coo_qm-lindenpark--mieterbeirat-lindenpark--funding",
	}
	got := get(e, "ending")
	if c := nodeIDs(get(got, "cooperations")); !slices.Equal(c, wantCoops) {
		t.Errorf("ending cooperations %v, want %v (same day, by id)", c, wantCoops)
	}
	for i := 0; i < count(get(got, "cooperations", "edges")); i++ {
		if c := get(got, "cooperations", "edges", i, "node"); get(c, "kind") != "FUNDING" || get(c, "validTo") != moved("2026-12-31") {
			t.Errorf("cooperation %v", c)
		}
	}
	if s := nodeIDs(get(got, "services")); !slices.Equal(s, []string{seed.EndingServiceID}) {
		t.Errorf("ending services %v, want %s", s, seed.EndingServiceID)
	}
	if m := nodeIDs(get(got, "memberships")); !slices.Equal(m, []string{seed.EndingMembershipID}) {
		t.Errorf("ending memberships %v, want %s", m, seed.EndingMembershipID)
	}
	if tot := get(got, "totals"); get(tot, "all") != 8.0 || get(got, "actors", "totalCount") != 0.0 || get(got, "roles", "totalCount") != 0.0 {
		t.Errorf("totals %v, want 6 + 1 + 1 = 8", tot)
	}

	// Fundings come first, soonest first: with fourteen months the six of
	// 2026-12-31 lead, the fundings of 2027-12-31 follow, and only then
	// any other kind.
	d = mustPost(t, `query($day: Date) { ending(from: $day, within: "P14M") { ending { cooperations(first: 100) { edges { node { kind validTo } } } } } }`,
		map[string]any{"day": seedDay()})
	coops := get(d, "ending", "ending", "cooperations", "edges")
	seenOther, lastFunding := false, ""
	for i := 0; i < count(coops); i++ {
		k, to := get(coops, i, "node", "kind").(string), get(coops, i, "node", "validTo").(string)
		switch {
		case k != "FUNDING":
			seenOther = true
		case seenOther:
			t.Errorf("funding %d after another kind", i)
		case to < lastFunding:
			t.Errorf("funding %d ends %s, before the previous one (%s)", i, to, lastFunding)
		default:
			lastFunding = to
		}
	}
	if lastFunding != moved("2027-12-31") {
		t.Errorf("last funding in 14 months ends %q, want %s", lastFunding, moved("2027-12-31"))
	}

	// In Lindenpark alone: the two fundings whose actors are both there,
	// the mentors' meeting and the guest seat.
	d = mustPost(t, `query($day: Date) { ending(scope: "nbh_lindenpark", from: $day) { scope { id } ending { totals { cooperations services memberships all } } } }`,
		map[string]any{"day": seedDay()})
	if tot := get(d, "ending", "ending", "totals"); get(tot, "cooperations") != 2.0 || get(tot, "services") != 1.0 || get(tot, "memberships") != 1.0 || get(tot, "all") != 4.0 {
		t.Errorf("Lindenpark: totals %v, want 2 fundings, 1 service, 1 membership", tot)
	}
}

// What began and ended? In Lindenpark in 2026 up to the reference day
// only finding 6 began: the parents' group, its two ties (the family
// centre's rooms from 2026-03-01, the mentors from 2026-05-01) and its
// guest seat; the mentors' tie to the family centre began in 2025 and
// counts in a report from 2025. Nothing ended there in 2026. Over the
// end of the prevention chain's funding (2024-12-31), the coordination
// office and its twelve cooperations ended.
func TestChangeReport(t *testing.T) {
	needNeo4j(t)
	q := `query($scope: ID, $from: Date!, $to: Date) { changeReport(scope: $scope, from: $from, to: $to) { from to scope { id }
	  began ` + recordChangesSel + ` ended ` + recordChangesSel + ` } }`
	d := mustPost(t, q, map[string]any{"scope": seed.BrokerQuarterID, "from": "2026-01-01", "to": seed.ReferenceDay})
	r := get(d, "changeReport")
	began, ended := get(r, "began"), get(r, "ended")
	if a := nodeIDs(get(began, "actors")); !slices.Equal(a, []string{seed.ParentsGroupID}) {
		t.Errorf("began actors %v", a)
	}
	wantCoops := []string{"coo_familienzentrum-lindenpark--elterngruppe-lindenpark--shared-rooms",
		"coo_familienpaten-lindenpark--elterngruppe-lindenpark--information-exchange"}
	if c := nodeIDs(get(began, "cooperations")); !slices.Equal(c, wantCoops) {
		t.Errorf("began cooperations %v, want %v (by first day)", c, wantCoops)
	}
	if m := nodeIDs(get(began, "memberships")); !slices.Equal(m, []string{seed.EndingMembershipID}) {
		t.Errorf("began memberships %v", m)
	}
	if get(began, "totals", "all") != 4.0 || get(ended, "totals", "all") != 0.0 || get(r, "scope", "id") != seed.BrokerQuarterID {
		t.Errorf("totals began %v, ended %v", get(began, "totals"), get(ended, "totals"))
	}

	d = mustPost(t, q, map[string]any{"from": seed.KeyActorCentralDay, "to": "2025-06-01"})
	ended = get(d, "changeReport", "ended")
	if !slices.Contains(nodeIDs(get(ended, "actors")), seed.LostKeyActorID) {
		t.Errorf("the coordination office is not among the ended actors %v", nodeIDs(get(ended, "actors")))
	}
	keyCoops := 0
	for _, id := range nodeIDs(get(ended, "cooperations")) {
		if strings.Contains(id, strings.TrimPrefix(seed.LostKeyActorID, "act_")) {
			keyCoops++
		}
	}
	if keyCoops != 12 {
		t.Errorf("%d of the coordination office's cooperations ended, want its 12", keyCoops)
	}

	// networkStats(compareTo:) links the same report.
	d = mustPost(t, `query($day: Date, $before: Date) { networkStats(network: {scope: "nbh_lindenpark", asOf: $day}, compareTo: $before) {
	  changes { from to began { totals { all } } ended { totals { all } } } } }`,
		map[string]any{"day": seed.ReferenceDay, "before": "2026-01-01"})
	c := get(d, "networkStats", "changes")
	if get(c, "from") != "2026-01-01" || get(c, "to") != seed.ReferenceDay || get(c, "began", "totals", "all") != 4.0 || get(c, "ended", "totals", "all") != 0.0 {
		t.Errorf("networkStats.changes = %v, want the Lindenpark report of 2026", c)
	}
}

// Cooperation lists filter by the first or last day. By hand: the
// coordination office's 12 cooperations all ended on 2024-12-31; in
// Lindenpark, two cooperations began in 2026 (finding 6).
func TestCooperationsStartedAndEndedBetween(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `query($actor: ID, $day: Date!) { cooperations(first: 50, filter: {actor: $actor, endedBetween: {from: $day, to: $day}}) { totalCount } }`,
		map[string]any{"actor": seed.LostKeyActorID, "day": seed.FundingEndedDay})
	if n := get(d, "cooperations", "totalCount"); n != 12.0 {
		t.Errorf("ended on %s: %v, want 12", seed.FundingEndedDay, n)
	}
	d = mustPost(t, `{ cooperations(first: 50, filter: {neighbourhood: "nbh_lindenpark", startedBetween: {from: "2026-01-01", to: "2026-11-25"}}) { totalCount edges { node { id } } } }`, nil)
	if n := get(d, "cooperations", "totalCount"); n != 2.0 {
		t.Errorf("started in Lindenpark in 2026: %v, want 2", get(d, "cooperations"))
	}
	r := post(t, `{ cooperations(filter: {endedBetween: {from: "2026-01-01", to: "2025-01-01"}}) { totalCount } }`, nil)
	if r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "filter.endedBetween.to" {
		t.Errorf("reversed period: %+v", r.Errors)
	}
}

// The reports list only what the caller may read: a viewer of Mitte sees
// the fundings between actors of Mitte (the LWB is active in
// Bahnhofsviertel too) and none of Lindenpark's; the public sees no
// cooperation and no role, and none of finding 6 (an initiative's
// service, a working group's membership).
func TestLifespansAccess(t *testing.T) {
	needNeo4j(t)
	q := `query($day: Date) { ending(from: $day) { ending ` + recordChangesSel + ` } }`
	vars := map[string]any{"day": seedDay()}
	mitte := postAs(t, srv.URL, token(t, "viewer-mitte", domain.RoleViewer, "nbh_mitte"), q, vars)
	public := postAs(t, srv.URL, "", q, vars)
	if len(mitte.Errors) > 0 || len(public.Errors) > 0 {
		t.Fatalf("errors: %v %v", mitte.Errors, public.Errors)
	}
	coops := nodeIDs(get(mitte.Data, "ending", "ending", "cooperations"))
	if !slices.Contains(coops, "coo_lwb--nachbarschaftshaus-bahnhofsviertel--funding") ||
		slices.Contains(coops, "coo_lwb--stadtteiltreff-lindenpark--funding") || slices.Contains(coops, "coo_qm-lindenpark--mieterbeirat-lindenpark--funding") {
		t.Errorf("viewer of Mitte: %v", coops)
	}
	if n := count(get(mitte.Data, "ending", "ending", "services", "edges")) + count(get(mitte.Data, "ending", "ending", "memberships", "edges")); n != 0 {
		t.Errorf("viewer of Mitte sees finding 6 of Nord: %v", get(mitte.Data, "ending", "ending"))
	}
	if tot := get(public.Data, "ending", "ending", "totals"); get(tot, "all") != 0.0 {
		t.Errorf("public: totals %v, want nothing", tot)
	}
	// A hidden scope is refused like a missing one.
	hidden := postAs(t, srv.URL, token(t, "viewer-mitte", domain.RoleViewer, "nbh_mitte"), `{ ending(scope: "nbh_lindenpark") { to } }`, nil)
	missing := postAs(t, srv.URL, token(t, "viewer-mitte", domain.RoleViewer, "nbh_mitte"), `{ ending(scope: "nbh_e2e-missing") { to } }`, nil)
	if hidden.code() != "BAD_USER_INPUT" || missing.code() != "BAD_USER_INPUT" ||
		strings.ReplaceAll(hidden.Errors[0].Message, "nbh_lindenpark", "ID") != strings.ReplaceAll(missing.Errors[0].Message, "nbh_e2e-missing", "ID") {
		t.Errorf("hidden scope %+v, missing scope %+v", hidden.Errors, missing.Errors)
	}
}

// Each kind of a report pages as the other connections do: the six
// fundings ending within 90 days of the seeding day (TestEndingWithin90Days),
// read two at a time through the cursors, are the six of one page of
// 100, in the same order (the same day, then by id), with totalCount 6
// on every page, hasNextPage until the last and the same cursors when a
// page is asked again.
func TestLifespansPage(t *testing.T) {
	needNeo4j(t)
	const q = `query($day: Date, $after: String) { ending(from: $day) { ending {
	  cooperations(first: 2, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } } } } }`
	all := nodeIDs(get(mustPost(t, `query($day: Date) { ending(from: $day) { ending { cooperations(first: 100) { edges { node { id } } } } } }`,
		map[string]any{"day": seedDay()}), "ending", "ending", "cooperations"))
	if len(all) != 6 {
		t.Fatalf("ending fundings %v, want 6", all)
	}
	var paged []string
	var after any
	for page := 1; page <= 3; page++ {
		vars := map[string]any{"day": seedDay(), "after": after}
		c := get(mustPost(t, q, vars), "ending", "ending", "cooperations")
		again := get(mustPost(t, q, vars), "ending", "ending", "cooperations")
		if get(c, "totalCount") != 6.0 || count(get(c, "edges")) != 2 {
			t.Fatalf("page %d: %v", page, c)
		}
		if get(c, "pageInfo", "hasNextPage") != (page < 3) || get(c, "pageInfo", "hasPreviousPage") != (page > 1) {
			t.Errorf("page %d: page info %v", page, get(c, "pageInfo"))
		}
		if end := get(c, "pageInfo", "endCursor"); end != get(again, "pageInfo", "endCursor") || end != get(c, "edges", 1, "cursor") {
			t.Errorf("page %d: end cursor %v, again %v, last edge's %v", page, end, get(again, "pageInfo", "endCursor"), get(c, "edges", 1, "cursor"))
		}
		paged = append(paged, nodeIDs(c)...)
		after = get(c, "pageInfo", "endCursor")
	}
	if !slices.Equal(paged, all) {
		t.Errorf("paged %v, one page %v", paged, all)
	}
	// Past the end: an empty page, still counted.
	c := get(mustPost(t, q, map[string]any{"day": seedDay(), "after": after}), "ending", "ending", "cooperations")
	if count(get(c, "edges")) != 0 || get(c, "totalCount") != 6.0 || get(c, "pageInfo", "hasNextPage") != false {
		t.Errorf("past the end: %v", c)
	}
}

func TestLifespansBadInput(t *testing.T) {
	needNeo4j(t)
	tests := []struct {
		name, query, field string
	}{
		{"not a duration", `{ ending(within: "90 days") { to } }`, "within"},
		{"a time part", `{ ending(within: "PT12H") { to } }`, "within"},
		{"an empty duration", `{ ending(within: "P0D") { to } }`, "within"},
		{"just P", `{ ending(within: "P") { to } }`, "within"},
		{"over ten years", `{ ending(within: "P11Y") { to } }`, "within"},
		{"unknown scope", `{ ending(scope: "nbh_e2e-missing") { to } }`, "scope"},
		{"too many", `{ ending { ending { cooperations(first: 101) { totalCount } } } }`, "first"},
		{"not a cursor", `{ ending { ending { actors(after: "nonsense") { totalCount } } } }`, "after"},
		{"not a cursor of a report", `{ changeReport(from: "2026-01-01") { began { services(after: "MQ") { totalCount } } } }`, "after"},
		{"period reversed", `{ changeReport(from: "2026-01-01", to: "2025-01-01") { to } }`, "to"},
		{"unknown report scope", `{ changeReport(scope: "nbh_e2e-missing", from: "2026-01-01") { to } }`, "scope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := post(t, tt.query, nil)
			if r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != tt.field || r.Data != nil {
				t.Errorf("code %q, errors %+v, data %v; want BAD_USER_INPUT on %s", r.code(), r.Errors, r.Data, tt.field)
			}
		})
	}
}
