package hsds

import (
	"net/url"
	"strings"
)

// OwnTaxonomy is the taxonomy kiezgraph's exports take their terms from:
// its target groups, topics, actor kinds and sectors, each term with the
// code KIND:CODE of ParseTarget (targetGroup:CHILDREN_6_13).
var OwnTaxonomy = Taxonomy{
	ID:   UUID("taxonomy:kiezgraph"),
	Name: "kiezgraph",
	Description: "kiezgraph's managed vocabularies: target groups, topics (fields of action), " +
		"actor kinds and sectors; each term's code is KIND:CODE, e.g. targetGroup:CHILDREN_6_13",
	URI:     "urn:kiezgraph:taxonomy",
	Version: "1",
}

// isOwnTerm reports whether a term is of OwnTaxonomy, by the taxonomy's
// id or name.
func isOwnTerm(t *TaxonomyTerm) bool {
	if t.TaxonomyID == OwnTaxonomy.ID || strings.EqualFold(t.Taxonomy, OwnTaxonomy.Name) {
		return true
	}
	d := t.TaxonomyDetail
	return d != nil && (d.ID == OwnTaxonomy.ID || strings.EqualFold(d.Name, OwnTaxonomy.Name))
}

// ownTerm is the term of OwnTaxonomy for a target, named by its labels.
func ownTerm(t Target, name, description string) *TaxonomyTerm {
	tax := OwnTaxonomy
	return &TaxonomyTerm{ID: UUID("term:" + t.String()), Code: t.String(), Name: name, Description: description,
		Taxonomy: OwnTaxonomy.Name, TaxonomyID: OwnTaxonomy.ID, TaxonomyDetail: &tax}
}

// areaURIPrefix starts the uri of the service areas kiezgraph's exports
// write; the neighbourhood's key follows.
const areaURIPrefix = "urn:kiezgraph:neighbourhood:"

// AreaURI is the uri of the service area that is the neighbourhood with
// the key: a URN that Mapping.Area reads back without a mapping.
func AreaURI(key string) string { return areaURIPrefix + url.PathEscape(key) }
