package seed

import (
	"math"
	"slices"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Monitoring indicators of the demo city, in the order of the quarter
// table's columns. The first three are MSS index indicators (status and,
// with the 2021 values, dynamic); the rest are context indicators.
var indicatorNames = []string{
	"unemployment", "transfer benefits", "child poverty",
	"single parents", "children under 6", "residents 65+", "migration background", "residential stability",
}

const indexIndicators = 3 // the first three indicators have MSS 2021 values too

// place is a row of the district and quarter tables.
type place struct {
	slug, name, code string
	district         string // parent district slug; "" for a district
	pop              int
	qm               bool
	street, zip      string // for the addresses of actors there
	desc             string
	mss2023          [8]float64 // indicatorNames
	mss2021          [indexIndicators]float64
}

var city = place{slug: "lindenbrueck", name: "Lindenbrück", code: "11", street: "Rathausmarkt", zip: "31100",
	desc: "Fiktive Mittelstadt an der Wisse mit vier Bezirken und achtzehn Quartieren; Demo-Stadt von kiezgraph."}

var districts = []place{
	{slug: "nord", name: "Nord", code: "1101", street: "Nordplatz", zip: "31100",
		desc: "Ehemaliger Industrie- und Hafenbezirk mit der Großsiedlung Lindenpark und ruhigen Siedlungsgebieten im Norden."},
	{slug: "mitte", name: "Mitte", code: "1102", street: "Rathausmarkt", zip: "31200",
		desc: "Innenstadtbezirk zwischen Altstadt, Dom und Hauptbahnhof."},
	{slug: "sued", name: "Süd", code: "1103", street: "Südring", zip: "31300",
		desc: "Wohnbezirk mit Einfamilienhausgebieten am Sonnenhang und einer Gemeinschaftsunterkunft an der alten Ziegelei."},
	{slug: "ost", name: "Ost", code: "1104", street: "Ostallee", zip: "31400",
		desc: "Bezirk mit der Plattenbausiedlung Eschenried, Neubaugebieten und dörflich geprägter Feldmark."},
}

var quarters = []place{
	{"lindenpark", "Lindenpark", "110101", "nord", 11800, true, "Lindenparkring", "31101",
		"Großsiedlung der 1970er Jahre mit vielen Familien und alt gewordenen Erstmieterinnen und -mietern; Quartiersmanagement seit 2012. Status niedrig, Dynamik negativ.",
		[8]float64{13.8, 24.5, 52.3, 41.0, 8.4, 26.8, 58.5, 52.1}, [3]float64{12.6, 22.1, 47.9}},
	{"hafenviertel", "Hafenviertel", "110102", "nord", 9400, false, "Kaistraße", "31102",
		"Altes Arbeiterquartier am Binnenhafen; Speicher werden zu Wohnungen umgebaut. Status niedrig, Dynamik stabil.",
		[8]float64{10.4, 18.2, 36.1, 36.4, 7.2, 18.5, 44.0, 55.3}, [3]float64{10.9, 18.9, 37.5}},
	{"kastanienhoehe", "Kastanienhöhe", "110103", "nord", 8300, false, "Kastanienallee", "31103",
		"Genossenschaftssiedlung der 1950er Jahre mit hohem Anteil älterer Menschen. Status mittel, Dynamik stabil.",
		[8]float64{5.4, 9.6, 15.8, 24.1, 4.9, 29.4, 27.5, 74.0}, [3]float64{5.6, 9.9, 16.4}},
	{"muehlgraben", "Am Mühlgraben", "110104", "nord", 7200, false, "Mühlgrabenweg", "31104",
		"Gemischtes Wohnquartier entlang des Mühlgrabens. Status mittel, Dynamik stabil.",
		[8]float64{7.1, 12.3, 22.4, 28.0, 6.3, 20.1, 35.2, 63.8}, [3]float64{7.4, 12.8, 23.5}},
	{"gartenstadt", "Gartenstadt", "110105", "nord", 6100, false, "Rosenweg", "31105",
		"Gartenstadt der 1920er Jahre mit Ein- und Zweifamilienhäusern. Status hoch, Dynamik stabil.",
		[8]float64{2.9, 4.8, 6.2, 17.5, 5.8, 24.0, 18.9, 78.4}, [3]float64{3.0, 5.1, 6.8}},

	{"altstadt", "Altstadt", "110201", "mitte", 8900, false, "Marktstraße", "31201",
		"Historische Altstadt mit Markt, Kulturhaus und Einzelhandel. Status hoch, Dynamik stabil.",
		[8]float64{4.2, 7.5, 11.0, 22.3, 5.1, 19.8, 31.0, 58.0}, [3]float64{4.5, 7.9, 11.6}},
	{"bahnhofsviertel", "Bahnhofsviertel", "110202", "mitte", 10600, true, "Gleisstraße", "31202",
		"Dicht bebautes Gründerzeitquartier am Hauptbahnhof mit hoher Fluktuation; Quartiersmanagement seit 2016. Status niedrig, Dynamik negativ.",
		[8]float64{15.2, 27.8, 48.6, 38.5, 7.9, 14.2, 67.3, 41.8}, [3]float64{13.9, 25.0, 44.2}},
	{"schillerviertel", "Schillerviertel", "110203", "mitte", 9800, false, "Schillerstraße", "31203",
		"Gründerzeitquartier im Wandel: junge Familien ziehen zu, die Mieten steigen. Status mittel, Dynamik positiv.",
		[8]float64{6.8, 11.9, 21.7, 29.5, 7.6, 12.4, 42.6, 47.2}, [3]float64{8.1, 13.5, 25.4}},
	{"domviertel", "Domviertel", "110204", "mitte", 5700, false, "Domplatz", "31204",
		"Ruhiges Quartier rund um den Dom mit Praxen und Kanzleien. Status hoch, Dynamik stabil.",
		[8]float64{2.4, 3.9, 4.8, 16.0, 5.3, 21.7, 24.4, 69.5}, [3]float64{2.5, 4.0, 5.1}},
	{"uferstadt", "Uferstadt", "110205", "mitte", 7400, false, "Uferpromenade", "31205",
		"Wohnquartier an der Wisse mit Genossenschaftswohnungen und Bootshäusern. Status mittel, Dynamik stabil.",
		[8]float64{6.1, 10.8, 19.5, 27.2, 6.8, 17.3, 38.1, 60.2}, [3]float64{6.3, 11.0, 19.9}},

	{"wiesengrund", "Wiesengrund", "110301", "sued", 8700, false, "Wiesenweg", "31301",
		"Familienquartier der 1960er Jahre mit Schulzentrum. Status mittel, Dynamik stabil.",
		[8]float64{6.5, 11.2, 20.3, 30.1, 6.6, 19.4, 33.7, 66.1}, [3]float64{6.6, 11.5, 20.8}},
	{"sonnenhang", "Sonnenhang", "110302", "sued", 6400, false, "Sonnenhangstraße", "31302",
		"Villen- und Einfamilienhausgebiet mit Seniorenwohnanlagen. Status hoch, Dynamik stabil.",
		[8]float64{2.6, 4.1, 5.5, 15.2, 4.6, 31.2, 16.8, 81.3}, [3]float64{2.7, 4.3, 5.9}},
	{"ziegelei", "Ziegelei", "110303", "sued", 7900, false, "Ziegeleiweg", "31303",
		"Quartier am alten Ziegeleigelände mit Gemeinschaftsunterkunft und vielen jungen Familien. Status niedrig, Dynamik stabil.",
		[8]float64{9.6, 17.4, 33.8, 34.7, 9.1, 13.1, 55.0, 49.6}, [3]float64{9.2, 16.8, 32.0}},
	{"brunnenviertel", "Brunnenviertel", "110304", "sued", 7600, false, "Brunnenstraße", "31304",
		"Blockrandbebauung mit Innenhöfen und Handwerksbetrieben. Status mittel, Dynamik stabil.",
		[8]float64{5.8, 9.9, 17.6, 26.0, 6.1, 22.5, 29.8, 68.0}, [3]float64{6.0, 10.2, 18.1}},

	{"eschenried", "Eschenried", "110401", "ost", 10200, false, "Eschenring", "31401",
		"Plattenbausiedlung der 1980er Jahre mit lokalem Bildungsverbund. Status niedrig, Dynamik stabil.",
		[8]float64{11.2, 20.1, 40.2, 37.9, 7.8, 23.6, 49.3, 61.5}, [3]float64{11.0, 20.4, 40.5}},
	{"neue-heide", "Neue Heide", "110402", "ost", 8100, false, "Heidering", "31402",
		"Neubaugebiet am Stadtrand mit Gemeinschaftsunterkunft und wenig sozialer Infrastruktur. Status niedrig, Dynamik stabil.",
		[8]float64{8.9, 15.8, 30.4, 31.2, 8.8, 11.0, 52.4, 44.3}, [3]float64{8.4, 15.1, 29.6}},
	{"feldmark", "Feldmark", "110403", "ost", 5300, false, "Feldmarkweg", "31403",
		"Eingemeindetes Dorf mit Kirche, Sportplatz und vielen älteren Menschen. Status hoch, Dynamik stabil.",
		[8]float64{3.1, 5.0, 7.4, 18.2, 4.4, 27.9, 19.5, 79.0}, [3]float64{3.2, 5.2, 7.9}},
	{"am-wasserturm", "Am Wasserturm", "110404", "ost", 7000, false, "Turmstraße", "31404",
		"Wohnquartier rund um den denkmalgeschützten Wasserturm. Status mittel, Dynamik stabil.",
		[8]float64{6.0, 10.3, 18.8, 27.5, 6.0, 20.6, 34.4, 65.0}, [3]float64{6.2, 10.6, 19.4}},
}

// placeBySlug finds the table row of a city, district or quarter slug.
func placeBySlug(slug string) place {
	if slug == city.slug {
		return city
	}
	if i := slices.IndexFunc(districts, func(p place) bool { return p.slug == slug }); i >= 0 {
		return districts[i]
	}
	if i := slices.IndexFunc(quarters, func(p place) bool { return p.slug == slug }); i >= 0 {
		return quarters[i]
	}
	panic("seed: unknown place " + slug)
}

// buildPlaces adds the city, its districts and their quarters, parents
// first. Districts and the city carry population-weighted means of their
// quarters' indicators.
func (b *builder) buildPlaces() {
	cityNbh := b.addPlace(city, domain.LevelCity, nil, quarters)
	for _, d := range districts {
		var in []place
		for _, q := range quarters {
			if q.district == d.slug {
				in = append(in, q)
			}
		}
		b.addPlace(d, domain.LevelDistrict, &cityNbh, in)
	}
	for _, q := range quarters {
		b.addPlace(q, domain.LevelQuarter, ptr(id("nbh", q.district)), []place{q})
	}
}

func (b *builder) addPlace(p place, level domain.Level, parent *string, parts []place) string {
	n := domain.Neighbourhood{
		ID: id("nbh", p.slug), Name: p.name, Level: level, OfficialCode: ptr(p.code),
		QuarterManagement: p.qm, Description: ptr(p.desc), ParentID: parent,
	}
	pop := 0
	for _, q := range parts {
		pop += q.pop
	}
	n.Population = &pop
	for i, name := range indicatorNames {
		n.Indicators = append(n.Indicators, domain.Indicator{Name: name, Value: weighted(parts, func(q place) float64 { return q.mss2023[i] }), Unit: "%", Year: 2023, Source: ptr("MSS 2023")})
	}
	for i, name := range indicatorNames[:indexIndicators] {
		n.Indicators = append(n.Indicators, domain.Indicator{Name: name, Value: weighted(parts, func(q place) float64 { return q.mss2021[i] }), Unit: "%", Year: 2021, Source: ptr("MSS 2021")})
	}
	b.places[n.ID] = len(b.ds.Neighbourhoods)
	b.ds.Neighbourhoods = append(b.ds.Neighbourhoods, n)
	return n.ID
}

// weighted is the population-weighted mean of value over parts, rounded
// to one decimal as the MSS publishes it.
func weighted(parts []place, value func(place) float64) float64 {
	var sum, pop float64
	for _, q := range parts {
		sum += value(q) * float64(q.pop)
		pop += float64(q.pop)
	}
	return math.Round(sum/pop*10) / 10
}

// indicator returns a neighbourhood's MSS 2023 value of the named indicator.
func (b *builder) indicator(nbhID, name string) float64 {
	for _, in := range b.ds.Neighbourhoods[b.places[nbhID]].Indicators {
		if in.Name == name && in.Year == 2023 {
			return in.Value
		}
	}
	panic("seed: no indicator " + name + " in " + nbhID)
}

// reach lists the ids whose services reach nbhID: itself and its
// enclosing neighbourhoods.
func (b *builder) reach(nbhID string) []string {
	out := []string{nbhID}
	for n := b.ds.Neighbourhoods[b.places[nbhID]]; n.ParentID != nil; n = b.ds.Neighbourhoods[b.places[*n.ParentID]] {
		out = append(out, *n.ParentID)
	}
	return out
}
