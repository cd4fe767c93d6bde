package seed

import (
	"fmt"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

// Records to confirm in Lindenpark: the backlog a coordinator of Nord
// finds in staleRecords. stampMeta confirms every other record on or
// after 15 January 2023, so with confirmedBefore 2023-01-15 the list of
// Lindenpark holds exactly these (hand-worked in the server's tests).
const (
	// BacklogBefore is the cut-off under which only the planted backlog
	// is stale.
	BacklogBefore = "2023-01-15"
	// BacklogActorID is the tenants' council, entered by hand and never
	// confirmed.
	BacklogActorID = "act_mieterbeirat-lindenpark"
	// BacklogCooperationID is shared rooms of two migrant communities,
	// never confirmed.
	BacklogCooperationID = "coo_elternverein-koepru--islamische-gemeinde-lindenpark--shared-rooms"
	// BacklogMembershipID is the family centre in the AG 78 of Nord,
	// last confirmed 2021-05-03.
	BacklogMembershipID = "mem_ag78-nord--familienzentrum-lindenpark"
	// BacklogServiceID is the family centre's parent-child group, last
	// confirmed 2022-09-14.
	BacklogServiceID = "svc_familienzentrum-lindenpark--eltern-kind-gruppe"
	// BacklogRoleActorID and BacklogRoleTitle name the family centre's
	// head, whose role was last confirmed 2022-11-02 (role ids are keyed).
	BacklogRoleActorID = "act_familienzentrum-lindenpark"
	BacklogRoleTitle   = "Leiterin"
	// BacklogForeignMembershipID is the housing company's seat at the
	// Kiezrunde Bahnhofsviertel (Mitte), last confirmed 2022-01-10: in
	// Lindenpark's list, since the company works there, but a
	// coordinator of Nord may not change it.
	BacklogForeignMembershipID = "mem_kiezrunde-bahnhofsviertel--lwb"
	// BacklogEndedServiceID is the seniors' club's meeting, ended
	// 2023-03-31 and last confirmed 2022-06-30.
	BacklogEndedServiceID = "svc_seniorenclub-lindenpark--seniorentreff"
	// BacklogMitteServiceID is a service in Mitte, last confirmed
	// 2021-02-01: outside Lindenpark.
	BacklogMitteServiceID = "svc_bibliothek-schillerviertel--lesefoerderung"
)

// NeverConfirmedIDs are the demo's records nobody ever confirmed.
var NeverConfirmedIDs = []string{BacklogActorID, BacklogCooperationID}

// buildRecords plants the confirmation backlog (after stampMeta, whose
// days it overrides).
func (b *builder) buildRecords() {
	ds := b.ds
	confirm := map[string]*time.Time{
		BacklogActorID: nil, BacklogCooperationID: nil,
		BacklogMembershipID: date("2021-05-03"), BacklogServiceID: date("2022-09-14"),
		BacklogForeignMembershipID: date("2022-01-10"), BacklogEndedServiceID: date("2022-06-30"),
		BacklogMitteServiceID: date("2021-02-01"),
	}
	set := func(id string, m *domain.Meta) {
		if d, ok := confirm[id]; ok {
			m.LastConfirmed = d
			delete(confirm, id)
		}
	}
	for i := range ds.Actors {
		set(ds.Actors[i].ID, &ds.Actors[i].Meta)
	}
	for i := range ds.Services {
		set(ds.Services[i].ID, &ds.Services[i].Meta)
	}
	for i := range ds.Cooperations {
		set(ds.Cooperations[i].ID, &ds.Cooperations[i].Meta)
	}
	for i := range ds.Memberships {
		set(ds.Memberships[i].ID, &ds.Memberships[i].Meta)
	}
	role := false
	for i, r := range ds.Roles {
		if r.ActorID == BacklogRoleActorID && r.Title == BacklogRoleTitle {
			ds.Roles[i].LastConfirmed, role = date("2022-11-02"), true
		}
	}
	if len(confirm) > 0 || !role {
		panic(fmt.Sprintf("seed: backlog records missing: %v (role: %v)", confirm, role))
	}
}
