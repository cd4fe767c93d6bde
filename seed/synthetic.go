package seed

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/importer"
)

// SyntheticOptions sizes a synthetic city.
type SyntheticOptions struct {
	// Actors is the number of actors, at least 20.
	Actors int
	// Links is the number of cooperations (0: five per actor).
	Links int
	// Seed makes the city: the same options give the same files.
	Seed uint64
	// Dir is the directory the import files are written to; it is
	// created when missing, and files of the same names are replaced.
	Dir string
}

// SyntheticStats counts the rows written per file type.
type SyntheticStats map[importer.Kind]int

// Synthetic writes a synthetic city as import files (CSV, one per type,
// named after it) for benchmarks and load tests, which thereby use the
// same import path as users. It streams: cooperations are written as they
// are drawn, quarter by quarter, so memory grows with the number of
// actors, not of links.
//
// The city has a district per eight quarters and a quarter per hundred
// actors. Each district has four district-wide institutions (youth
// office, job centre, health office, social service), the hubs, which
// about 12% of all cooperations reach. Quarters differ in social status;
// the poorest get quarter management. Actors cluster by quarter: 75% of
// the cooperations stay inside one, grown by triadic closure (45%),
// preferential attachment (30%) and chance, and preferring partners of
// the same sector. Brokers (quarter management, family and neighbourhood
// centres, welfare associations) carry 10% of the cooperations to other
// quarters of their district; the rest link hubs and brokers across
// districts. Services follow what each kind of actor offers; needs are
// more and more severe in poorer quarters, and about a quarter of them
// are for target groups and topics no service in reach covers (gaps).
// Networks (working groups, early help, prevention chains, round tables)
// have members and events with participants.
func Synthetic(opts SyntheticOptions) (SyntheticStats, error) {
	if opts.Actors < 20 {
		return nil, errors.New("seed: a synthetic city needs at least 20 actors")
	}
	if opts.Links <= 0 {
		opts.Links = 5 * opts.Actors
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, err
	}
	g := &synth{opts: opts, rng: rand.New(rand.NewPCG(opts.Seed, 0x6b69657a)), stats: SyntheticStats{},
		w: map[importer.Kind]*importer.Writer{}, key: fmt.Sprintf("s%d-", opts.Seed)}
	var files []*os.File
	defer func() {
		for _, f := range files {
			_ = f.Close()
		}
	}()
	for _, kind := range importer.Kinds {
		f, err := os.Create(filepath.Join(opts.Dir, string(kind)+".csv"))
		if err != nil {
			return nil, err
		}
		files = append(files, f)
		if g.w[kind], err = importer.NewWriter(f, kind, synthColumns[kind]...); err != nil {
			return nil, err
		}
	}
	g.generate()
	for i, k := range importer.Kinds {
		g.err = errors.Join(g.err, g.w[k].Flush(), files[i].Close())
	}
	g.err = errors.Join(g.err, g.writePlaces())
	files = nil
	return g.stats, g.err
}

// synthColumns are the columns the generator writes, per file type.
var synthColumns = map[importer.Kind][]string{
	importer.TargetGroups:      {"code", "labelDe", "labelEn", "description"},
	importer.Topics:            {"code", "labelDe", "labelEn", "description"},
	importer.Neighbourhoods:    {"key", "name", "level", "parent", "officialCode", "population", "quarterManagement", "indicators", "source"},
	importer.Actors:            {"key", "name", "kind", "sector", "neighbourhoods", "validFrom", "validTo", "source"},
	importer.People:            {"key", "name", "source"},
	importer.Roles:             {"key", "person", "actor", "title", "validFrom", "source"},
	importer.Services:          {"key", "name", "provider", "targetGroups", "topics", "neighbourhoods", "validFrom", "source"},
	importer.Needs:             {"key", "targetGroup", "topic", "neighbourhood", "severity", "evidenceIndicator", "evidenceValue", "evidenceUnit", "evidenceYear", "validFrom", "source"},
	importer.Cooperations:      {"key", "from", "to", "kind", "strength", "validFrom", "validTo", "source"},
	importer.Networks:          {"key", "name", "kind", "neighbourhoods", "validFrom", "source"},
	importer.Memberships:       {"key", "actor", "network", "role", "validFrom", "source"},
	importer.Events:            {"key", "name", "kind", "date", "organiser", "neighbourhood", "network", "source"},
	importer.EventParticipants: {"event", "actor"},
}

// actorKind is what the generator knows of a kind of actor: how common
// it is in a quarter, whether it brokers between quarters, how many
// services it offers, and for whom (target group indices of
// targetGroups) on what (topic indices of topics).
type actorKind struct {
	kind     domain.ActorKind
	sector   domain.Sector
	weight   int
	name     string
	broker   bool
	services int
	tgs      []int
	topics   []int
}

var (
	hubKinds = []actorKind{
		{domain.KindYouthOffice, domain.SectorPublic, 0, "Jugendamt", false, 2, []int{1, 2, 4, 5}, []int{0, 9}},
		{domain.KindJobCentre, domain.SectorPublic, 0, "Jobcenter", false, 2, []int{9, 3, 5}, []int{1}},
		{domain.KindHealthOffice, domain.SectorPublic, 0, "Gesundheitsamt", false, 1, []int{0, 1}, []int{2}},
		{domain.KindSocialService, domain.SectorPublic, 0, "Sozialamt", false, 1, []int{6, 10, 11}, []int{3, 2}},
	}
	qmKind       = actorKind{domain.KindQuarterManagement, domain.SectorNonProfit, 0, "Quartiersmanagement", true, 1, []int{4}, []int{4, 12, 11}}
	quarterKinds = []actorKind{
		{domain.KindSchool, domain.SectorPublic, 5, "Grundschule", false, 2, []int{1, 2}, []int{0, 6, 8}},
		{domain.KindDaycareCentre, domain.SectorPublic, 7, "Kita", false, 1, []int{0, 4}, []int{0, 6}},
		{domain.KindFamilyCentre, domain.SectorNonProfit, 3, "Familienzentrum", true, 2, []int{4, 5, 0}, []int{0, 2, 4, 1}},
		{domain.KindNeighbourhoodCentre, domain.SectorNonProfit, 3, "Nachbarschaftshaus", true, 2, []int{6, 7, 4}, []int{4, 7, 12}},
		{domain.KindWelfareAssociation, domain.SectorNonProfit, 3, "Wohlfahrtsverband", true, 2, []int{6, 10, 4}, []int{2, 5, 1}},
		{domain.KindYouthClub, domain.SectorNonProfit, 5, "Jugendclub", false, 1, []int{2, 3}, []int{7, 8, 9}},
		{domain.KindCounselling, domain.SectorNonProfit, 5, "Beratungsstelle", false, 1, []int{9, 11, 4, 5}, []int{1, 3, 2}},
		{domain.KindAssociation, domain.SectorNonProfit, 14, "Verein", false, 1, nil, nil},
		{domain.KindInitiative, domain.SectorCivilSociety, 10, "Initiative", false, 1, []int{4, 6}, []int{10, 4, 12}},
		{domain.KindMigrantOrganisation, domain.SectorCivilSociety, 6, "Migrantenverein", false, 1, []int{7, 8}, []int{5, 6, 7}},
		{domain.KindSportsClub, domain.SectorCivilSociety, 6, "Sportverein", false, 1, []int{1, 2, 3}, []int{8}},
		{domain.KindReligiousCommunity, domain.SectorCivilSociety, 4, "Gemeinde", false, 1, []int{6, 4, 8}, []int{4, 5}},
		{domain.KindResidentsGroup, domain.SectorCivilSociety, 5, "Mieterbeirat", false, 0, nil, nil},
		{domain.KindFoodBank, domain.SectorNonProfit, 1, "Tafel", false, 1, []int{9, 11, 5}, []int{3, 2}},
		{domain.KindLibrary, domain.SectorPublic, 1, "Bibliothek", false, 1, []int{1, 7}, []int{0, 7, 6}},
		{domain.KindHousingCompany, domain.SectorPrivate, 2, "Wohnungsbaugesellschaft", false, 1, []int{4, 6}, []int{3}},
		{domain.KindBusiness, domain.SectorPrivate, 8, "Geschäft", false, 0, nil, nil},
		{domain.KindHealthPractice, domain.SectorPrivate, 5, "Praxis", false, 1, []int{0, 6}, []int{2}},
	}
	placeStems   = []string{"Linden", "Birken", "Eichen", "Ulmen", "Erlen", "Weiden", "Rosen", "Tannen", "Kirsch", "Buchen", "Mühl", "Brunnen", "Sonnen", "Wiesen", "Heide", "Feld", "Berg", "Stein", "Bach", "Hafen"}
	placeEnds    = []string{"au", "hof", "grund", "höhe", "viertel", "feld", "hain", "tal", "winkel", "garten", "kamp", "werder"}
	firstNames   = []string{"Anna", "Ben", "Clara", "Deniz", "Elif", "Finn", "Greta", "Hasan", "Ida", "Jonas", "Kim", "Lena", "Malik", "Nora", "Omar", "Paula", "Quang", "Rosa", "Sami", "Tilda", "Umut", "Vera", "Wanda", "Yusuf", "Zoe"}
	lastNames    = []string{"Albers", "Brandt", "Çelik", "Dietz", "Engel", "Frank", "Gül", "Hahn", "Iwanow", "Jansen", "Kaya", "Lorenz", "Marx", "Nowak", "Otto", "Peters", "Roth", "Sommer", "Thiel", "Ulrich", "Vogt", "Weber", "Yıldız", "Ziegler"}
	roleTitles   = []string{"Leitung", "Koordination", "Sozialarbeit", "Projektleitung", "Vorstand (ehrenamtlich)", "Verwaltung", "Beratung", "Ehrenamtskoordination"}
	intraKinds   = coopMix(domain.CoopInformationExchange, 35, domain.CoopJointProject, 20, domain.CoopReferral, 15, domain.CoopJointEvents, 12, domain.CoopSharedRooms, 8, domain.CoopFormalAgreement, 5, domain.CoopSharedStaff, 5)
	hubLinkKinds = coopMix(domain.CoopReferral, 35, domain.CoopFunding, 25, domain.CoopInformationExchange, 25, domain.CoopFormalAgreement, 15)
	reachKinds   = coopMix(domain.CoopJointProject, 40, domain.CoopInformationExchange, 40, domain.CoopJointEvents, 20)
	synthEpoch   = time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC)
	synthToday   = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
)

// coopMix expands value, weight, value, weight … into a list to draw from.
func coopMix(pairs ...any) []domain.CooperationKind {
	var out []domain.CooperationKind
	for i := 0; i < len(pairs); i += 2 {
		for range pairs[i+1].(int) {
			out = append(out, pairs[i].(domain.CooperationKind))
		}
	}
	return out
}

// synth is the state of one generation. Actors are numbered district by
// district (its four hubs first), quarter by quarter; per actor it keeps
// only its kind.
type synth struct {
	opts    SyntheticOptions
	rng     *rand.Rand
	w       map[importer.Kind]*importer.Writer
	stats   SyntheticStats
	err     error
	key     string
	actorK  []*actorKind
	hubs    []int32 // first hub of each district
	quarter []synthQuarter
	links   int // cooperations written
	// offers counts the services of each actor, so that the map can
	// place them.
	offers map[int32]int
}

// synthQuarter is a quarter: its actors are start..end-1.
type synthQuarter struct {
	district   int
	start, end int32
	status     float64
	brokers    []int32
	// covered marks the target group × topic pairs of services in reach.
	covered [numTargetGroups * numTopics]bool
}

// Sizes of the vocabulary tables targetGroups and topics.
const (
	numTargetGroups = 12
	numTopics       = 13
)

// emit writes a row and counts it; the first write error is kept.
func (g *synth) emit(kind importer.Kind, cells ...string) {
	g.stats[kind]++
	if err := g.w[kind].Write(cells...); err != nil && g.err == nil {
		g.err = err
	}
}

func (g *synth) actorKey(i int32) string { return g.key + "a" + strconv.Itoa(int(i)) }
func (g *synth) quarterKey(q int) string { return g.key + "q" + strconv.Itoa(q) }
func (g *synth) serviceKey(a int32, s int) string {
	return g.actorKey(a) + "-s" + strconv.Itoa(s)
}
func (g *synth) districtKey(d int) string { return g.key + "d" + strconv.Itoa(d) }

// pick draws an element of a list.
func pick[T any](g *synth, list []T) T { return list[g.rng.IntN(len(list))] }

// day draws a day between from and to.
func (g *synth) day(from, to time.Time) time.Time {
	return from.AddDate(0, 0, g.rng.IntN(max(1, int(to.Sub(from).Hours()/24))))
}

// placeName names the i-th place from the stems and endings.
func placeName(i int) string {
	n := placeStems[i%len(placeStems)] + placeEnds[(i/len(placeStems))%len(placeEnds)]
	if r := i / (len(placeStems) * len(placeEnds)); r > 0 {
		n += " " + strconv.Itoa(r+1)
	}
	return n
}

// generate writes the whole city, district by district.
func (g *synth) generate() {
	for _, e := range targetGroups {
		g.emit(importer.TargetGroups, e.code, e.de, e.en, e.desc)
	}
	for _, e := range topics {
		g.emit(importer.Topics, e.code, e.de, e.en, e.desc)
	}
	nq := max(2, (g.opts.Actors+50)/100)
	nd := max(1, (nq+4)/8)
	city := g.key + "city"
	g.emit(importer.Neighbourhoods, city, fmt.Sprintf("Synthstadt %d", g.opts.Seed), "CITY", "", "9", "", "", "", src)
	per := float64(g.opts.Actors-4*nd) / float64(nq)
	g.actorK = make([]*actorKind, 0, g.opts.Actors)
	g.quarter = make([]synthQuarter, nq)
	for d := range nd {
		g.emit(importer.Neighbourhoods, g.districtKey(d), "Bezirk "+placeName(d+7), "DISTRICT", city, fmt.Sprintf("9%03d", d), "", "", "", src)
		first := int32(len(g.actorK))
		g.hubs = append(g.hubs, first)
		var reach synthQuarter
		for h := range hubKinds {
			g.addActor(&hubKinds[h], hubKinds[h].name+" "+placeName(d+7), []string{g.districtKey(d)})
			g.services(first+int32(h), g.districtKey(d), &reach)
		}
		qs := []int{d * nq / nd, (d + 1) * nq / nd}
		for q := qs[0]; q < qs[1]; q++ {
			start := int32(len(g.actorK))
			size := int32(math.Round(float64(q+1)*per) - math.Round(float64(q)*per))
			g.quarter[q] = synthQuarter{district: d, start: start, end: start + size,
				status: min(1, max(0, float64(d%5)/5+0.1+g.rng.NormFloat64()*0.2)), covered: reach.covered}
			g.writeQuarter(q)
		}
		for q := qs[0]; q < qs[1]; q++ {
			g.quarterLinks(q, first, qs)
		}
		g.networks(d, qs)
	}
	var hubs []int32
	for _, h := range g.hubs {
		hubs = append(hubs, h, h+1, h+2, h+3)
	}
	g.network(domain.NetworkDistrictConference, "Stadtteilkonferenz Synthstadt", city, hubs)
	g.reach(nq)
}

// src is the source of every synthetic record.
const src = "seed.Synthetic"

// addActor writes an actor and the people working there.
func (g *synth) addActor(k *actorKind, name string, places []string) {
	i := int32(len(g.actorK))
	g.actorK = append(g.actorK, k)
	var from, to string
	if g.rng.IntN(5) == 0 {
		f := g.day(time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), synthToday)
		from = importer.Date(f)
		if g.rng.IntN(6) == 0 && f.Year() < 2022 {
			to = importer.Date(g.day(f.AddDate(2, 0, 0), synthToday))
		}
	}
	g.emit(importer.Actors, g.actorKey(i), name, string(k.kind), string(k.sector), importer.List(places...), from, to, src)
	for range []int{0, 1, 1, 1, 2}[g.rng.IntN(5)] {
		p := g.key + "p" + strconv.Itoa(g.stats[importer.People])
		g.emit(importer.People, p, pick(g, firstNames)+" "+pick(g, lastNames), src)
		g.emit(importer.Roles, p+"-r", p, g.actorKey(i), pick(g, roleTitles), importer.Date(g.day(synthEpoch, synthToday)), src)
	}
}

// drawKind draws the kind of an ordinary actor of a quarter.
func (g *synth) drawKind() *actorKind {
	total := 0
	for _, k := range quarterKinds {
		total += k.weight
	}
	r := g.rng.IntN(total)
	for i := range quarterKinds {
		if r < quarterKinds[i].weight {
			return &quarterKinds[i]
		}
		r -= quarterKinds[i].weight
	}
	return &quarterKinds[0]
}

// writeQuarter writes a quarter, its actors, their services and its needs.
func (g *synth) writeQuarter(q int) {
	qq := &g.quarter[q]
	qm := qq.status < 0.2
	indicators := fmt.Sprintf(`[{"name":"unemployment","value":%.1f,"unit":"%%","year":2023},{"name":"child poverty","value":%.1f,"unit":"%%","year":2023}]`,
		2+14*(1-qq.status)+g.rng.Float64(), 5+50*(1-qq.status)+3*g.rng.Float64())
	g.emit(importer.Neighbourhoods, g.quarterKey(q), placeName(q), "QUARTER", g.districtKey(qq.district),
		fmt.Sprintf("9%03d%04d", qq.district, q), strconv.Itoa(3000+g.rng.IntN(9000)), strconv.FormatBool(qm), indicators, src)
	for a := qq.start; a < qq.end; a++ {
		var k *actorKind
		switch {
		case a == qq.start && qm:
			k = &qmKind
		case a == qq.start:
			k = &quarterKinds[2+g.rng.IntN(2)] // a family or neighbourhood centre
		case a == qq.start+1:
			k = &quarterKinds[0] // a school
		default:
			k = g.drawKind()
		}
		places := []string{g.quarterKey(q)}
		if k.kind == domain.KindWelfareAssociation && q > 0 && g.quarter[q-1].district == qq.district {
			places = append(places, g.quarterKey(q-1))
		}
		if k.broker {
			qq.brokers = append(qq.brokers, a)
		}
		g.addActor(k, fmt.Sprintf("%s %s %d", k.name, placeName(q), a-qq.start+1), places)
		g.services(a, g.quarterKey(q), qq)
	}
	seen := map[int]bool{}
	for range 2 + int(8*(1-qq.status)) {
		pair := g.rng.IntN(len(qq.covered))
		if g.rng.IntN(4) > 0 { // most needs have an offer in reach; the rest are gaps
			for try := 0; try < 30 && !qq.covered[pair]; try++ {
				pair = g.rng.IntN(len(qq.covered))
			}
		}
		if seen[pair] {
			continue
		}
		seen[pair] = true
		sev := domain.Severities[min(3, int((1-qq.status)*4*g.rng.Float64()+0.5))]
		g.emit(importer.Needs, g.key+"n"+strconv.Itoa(g.stats[importer.Needs]), targetGroups[pair/numTopics].code,
			topics[pair%numTopics].code, g.quarterKey(q), string(sev), "child poverty",
			importer.Number(math.Round(500*(1-qq.status))/10), "%", "2023", "2024-01-01", src)
	}
}

// services writes the services of actor a, available in place, and marks
// what they cover.
func (g *synth) services(a int32, place string, reach *synthQuarter) {
	k := g.actorK[a]
	n := g.rng.IntN(k.services + 1)
	if g.offers == nil {
		g.offers = map[int32]int{}
	}
	g.offers[a] = n
	for s := range n {
		tgs, tops := k.tgs, k.topics
		if tgs == nil {
			tgs, tops = []int{g.rng.IntN(numTargetGroups)}, []int{g.rng.IntN(numTopics)}
		}
		tg, top := pick(g, tgs), pick(g, tops)
		reach.covered[tg*numTopics+top] = true
		g.emit(importer.Services, g.serviceKey(a, s), "Angebot: "+topics[top].de, g.actorKey(a),
			targetGroups[tg].code, topics[top].code, place, importer.Date(g.day(synthEpoch, synthToday)), src)
	}
}

// link writes a cooperation; a quarter of them have ended.
func (g *synth) link(from, to int32, kinds []domain.CooperationKind, strength float64) {
	start := g.day(synthEpoch, synthToday)
	end := ""
	if g.rng.IntN(4) == 0 {
		if e := start.AddDate(1+g.rng.IntN(5), 0, -1); e.Before(synthToday) {
			end = importer.Date(e)
		}
	}
	g.links++
	g.emit(importer.Cooperations, g.key+"c"+strconv.Itoa(g.links), g.actorKey(from), g.actorKey(to), string(pick(g, kinds)),
		importer.Number(math.Round(strength*100)/100), importer.Date(start), end, src)
}

// quota is how many of the city's links of a share fall to actors
// start..end-1, rounded so that the quotas add up exactly.
func (g *synth) quota(share float64, start, end int32) int {
	n := float64(g.opts.Links) * share / float64(g.opts.Actors)
	return int(math.Round(n*float64(end))) - int(math.Round(n*float64(start)))
}

// quarterLinks writes the cooperations inside quarter q, to the hubs of
// its district (from hub) and from its brokers to other quarters of the
// district (qs, first and end).
func (g *synth) quarterLinks(q int, hub int32, qs []int) {
	qq := &g.quarter[q]
	n := qq.end - qq.start
	adj := make([][]int32, n)
	var ends []int32
	var edges [][2]int32
	seen := map[[2]int32]bool{}
	for made, tries := 0, 0; made < g.quota(0.75, qq.start, qq.end); tries++ {
		u, v := g.rng.Int32N(n), g.rng.Int32N(n)
		switch r := g.rng.Float64(); {
		case r < 0.45 && len(edges) > 0: // close a triangle
			e := pick(g, edges)
			u, v = e[0], pick(g, adj[e[1]])
		case r < 0.75 && len(ends) > 0: // prefer the well-connected
			v = pick(g, ends)
		}
		pair := [2]int32{min(u, v), max(u, v)}
		if u == v || tries < 30 && (seen[pair] || g.actorK[qq.start+u].sector != g.actorK[qq.start+v].sector && g.rng.IntN(3) == 0) {
			continue
		}
		seen[pair] = true
		adj[u], adj[v] = append(adj[u], v), append(adj[v], u)
		ends, edges = append(ends, u, v), append(edges, [2]int32{u, v}, [2]int32{v, u})
		g.link(qq.start+u, qq.start+v, intraKinds, 0.2+0.8*g.rng.Float64())
		made, tries = made+1, 0
	}
	for range g.quota(0.12, qq.start, qq.end) {
		h := hub + []int32{0, 0, 0, 1, 1, 2, 3, 3}[g.rng.IntN(8)] // the youth office most
		g.link(h, qq.start+g.rng.Int32N(n), hubLinkKinds, 0.3+0.7*g.rng.Float64())
	}
	for range g.quota(0.10, qq.start, qq.end) {
		from := qq.start + g.rng.Int32N(n)
		if len(qq.brokers) > 0 && g.rng.IntN(5) > 0 {
			from = pick(g, qq.brokers)
		}
		other := &g.quarter[qs[0]+g.rng.IntN(qs[1]-qs[0])]
		if other != qq && len(other.brokers) > 0 {
			g.link(from, pick(g, other.brokers), reachKinds, 0.2+0.6*g.rng.Float64())
		}
	}
}

// reach writes the rest of the links, up to Links, between hubs and
// brokers anywhere in the city: the city-wide ties.
func (g *synth) reach(nq int) {
	draw := func() int32 {
		qq := &g.quarter[g.rng.IntN(nq)]
		if len(qq.brokers) == 0 || g.rng.IntN(3) == 0 {
			return g.hubs[qq.district] + g.rng.Int32N(4)
		}
		return pick(g, qq.brokers)
	}
	for g.links < g.opts.Links {
		if a, b := draw(), draw(); a != b {
			g.link(a, b, reachKinds, 0.2+0.6*g.rng.Float64())
		}
	}
}

// networks writes the networks of district d (quarters qs[0]..qs[1]-1):
// a youth-welfare working group and an early-help network of its hubs and
// public and non-profit actors, a prevention chain in every other
// district, and a round table in each quarter under quarter management.
func (g *synth) networks(d int, qs []int) {
	hub := g.hubs[d]
	members := func(from, to int32, n int, first ...int32) []int32 {
		seen := map[int32]bool{}
		out := first
		for _, m := range first {
			seen[m] = true
		}
		for range 4 * n {
			if a := from + g.rng.Int32N(to-from); !seen[a] && g.actorK[a].sector != domain.SectorPrivate && len(out) < len(first)+n {
				seen[a] = true
				out = append(out, a)
			}
		}
		return out
	}
	from, to := g.quarter[qs[0]].start, g.quarter[qs[1]-1].end
	name := placeName(d + 7)
	g.network(domain.NetworkWorkingGroup, "AG 78 "+name, g.districtKey(d), members(from, to, 12, hub, hub+3))
	g.network(domain.NetworkEarlyHelp, "Netzwerk Frühe Hilfen "+name, g.districtKey(d), members(from, to, 10, hub, hub+2))
	if d%2 == 0 {
		g.network(domain.NetworkPreventionChain, "Präventionskette "+name, g.districtKey(d), members(from, to, 15, hub, hub+1))
	}
	for q := qs[0]; q < qs[1]; q++ {
		if qq := &g.quarter[q]; qq.status < 0.2 {
			g.network(domain.NetworkRoundTable, "Kiezrunde "+placeName(q), g.quarterKey(q), members(qq.start+1, qq.end, 12, qq.start))
		}
	}
}

// network writes a network, its memberships (the first member
// coordinates), and a few meetings with some of the members.
func (g *synth) network(kind domain.NetworkKind, name, place string, members []int32) {
	key := g.key + "w" + strconv.Itoa(g.stats[importer.Networks])
	start := g.day(synthEpoch, time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC))
	g.emit(importer.Networks, key, name, string(kind), place, importer.Date(start), src)
	for i, a := range members {
		role := ""
		if i == 0 {
			role = "Koordination"
		}
		g.emit(importer.Memberships, key+"-m"+strconv.Itoa(i), g.actorKey(a), key, role, importer.Date(g.day(start, synthToday)), src)
	}
	ek := domain.EventNetworkMeeting
	if kind == domain.NetworkRoundTable {
		ek = domain.EventRoundTable
	}
	for e := range 2 + g.rng.IntN(4) {
		day := g.day(time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), synthToday)
		event := key + "-e" + strconv.Itoa(e)
		g.emit(importer.Events, event, name+" "+importer.Date(day), string(ek), importer.Date(day), g.actorKey(members[0]), place, key, src)
		for _, a := range members {
			if g.rng.IntN(5) < 3 {
				g.emit(importer.EventParticipants, event, g.actorKey(a))
			}
		}
	}
}
