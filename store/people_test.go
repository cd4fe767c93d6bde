package store

import (
	"testing"
	"time"

	"github.com/kiezgraph/kiezgraph/domain"
)

func TestPersonRoundTrip(t *testing.T) {
	ctx, s := setupBase(t)
	p, err := s.CreatePerson(ctx, domain.Person{Name: "Jörg Weiß", Email: ptr("j@example.org"),
		Meta: domain.Meta{Source: ptr("survey"), LastConfirmed: day("2024-05-01")}}, nil)
	wantErr(t, err, nil, "")
	got, err := s.People(ctx, []string{p.ID})
	wantErr(t, err, nil, "")
	mustEqual(t, "read back", got[p.ID], p)
	mustEqual(t, "lastConfirmed", *p.LastConfirmed, *day("2024-05-01"))

	for _, q := range []string{"weiss", "JOERG", "Jörg W"} {
		page, err := s.ListPeople(ctx, &domain.PersonFilter{NameContains: ptr(q)}, domain.PageArgs{First: 10})
		wantErr(t, err, nil, "")
		mustEqual(t, "search "+q, idsOf(page.Items), []string{p.ID})
	}

	// Renaming keeps the search name in step.
	up, err := s.UpdatePerson(ctx, p.ID, domain.PersonUpdate{Name: domain.To(ptr("Jörg Schulz")), Email: cleared[*string]()})
	wantErr(t, err, nil, "")
	if up.Email != nil || up.Name != "Jörg Schulz" || !up.CreatedAt.Equal(p.CreatedAt) {
		t.Errorf("update = %+v", up)
	}
	page, _ := s.ListPeople(ctx, &domain.PersonFilter{NameContains: ptr("schulz")}, domain.PageArgs{First: 10})
	mustEqual(t, "renamed found", idsOf(page.Items), []string{p.ID})
	page, _ = s.ListPeople(ctx, &domain.PersonFilter{NameContains: ptr("weiss")}, domain.PageArgs{First: 10})
	mustEqual(t, "old name", page.Total, 0)

	// Deleting a person removes their roles.
	effects, err := s.DeletePerson(ctx, "per_anna")
	wantErr(t, err, nil, "")
	mustEqual(t, "effects", effects, []domain.DeleteEffect{{What: "roles removed", Count: 2}})
	roles, _ := s.RolesOfActors(ctx, []string{"act_school", "act_club"}, nil, domain.PageArgs{First: 10})
	mustEqual(t, "roles left", roles["act_school"].Total+roles["act_club"].Total, 0)
}

func TestPersonErrors(t *testing.T) {
	ctx, s := setupBase(t)
	_, err := s.CreatePerson(ctx, domain.Person{Name: "  "}, nil)
	wantErr(t, err, domain.ErrInvalid, "input.name")
	_, err = s.CreatePerson(ctx, domain.Person{ID: "per_anna", Name: "Anna"}, nil)
	wantErr(t, err, domain.ErrConflict, "")
	_, err = s.CreatePerson(ctx, domain.Person{Name: "A", Meta: domain.Meta{ExternalKey: ptr("p1")}}, nil)
	wantErr(t, err, nil, "")
	_, err = s.CreatePerson(ctx, domain.Person{Name: "B", Meta: domain.Meta{ExternalKey: ptr("p1")}}, nil)
	wantErr(t, err, domain.ErrConflict, "")
	_, err = s.UpdatePerson(ctx, "per_nobody", domain.PersonUpdate{Name: domain.To(ptr("X"))})
	wantErr(t, err, domain.ErrNotFound, "")
	_, err = s.UpdatePerson(ctx, "per_anna", domain.PersonUpdate{Name: cleared[*string]()})
	wantErr(t, err, domain.ErrInvalid, "input.name")
	_, err = s.DeletePerson(ctx, "per_nobody")
	wantErr(t, err, domain.ErrNotFound, "")
}

func TestListPeopleFilters(t *testing.T) {
	ctx, s := setupBase(t)
	// anna: school 2020-01-01..2023-12-31, club from 2024-01-01; ben: amt, open.
	tests := []struct {
		name string
		f    *domain.PersonFilter
		want []string
	}{
		{"all", nil, []string{"per_anna", "per_ben"}},
		{"actor", &domain.PersonFilter{Actor: ptr("act_school")}, []string{"per_anna"}},
		{"actor on last day", &domain.PersonFilter{Actor: ptr("act_school"), AsOf: day("2023-12-31")}, []string{"per_anna"}},
		{"actor after end", &domain.PersonFilter{Actor: ptr("act_school"), AsOf: day("2024-01-01")}, []string{}},
		{"actor on first day", &domain.PersonFilter{Actor: ptr("act_school"), AsOf: day("2020-01-01")}, []string{"per_anna"}},
		{"actor before start", &domain.PersonFilter{Actor: ptr("act_school"), AsOf: day("2019-12-31")}, []string{}},
		{"asOf before any of anna's roles", &domain.PersonFilter{AsOf: day("2019-06-01")}, []string{"per_ben"}},
		{"asOf", &domain.PersonFilter{AsOf: day("2024-06-01")}, []string{"per_anna", "per_ben"}},
		{"name", &domain.PersonFilter{NameContains: ptr("schm")}, []string{"per_ben"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := s.ListPeople(ctx, tt.f, domain.PageArgs{First: 10})
			wantErr(t, err, nil, "")
			mustEqual(t, "people", idsOf(page.Items), tt.want)
			mustEqual(t, "total", page.Total, len(tt.want))
		})
	}
	page, err := s.ListPeople(ctx, nil, domain.PageArgs{First: 1, Offset: 1})
	wantErr(t, err, nil, "")
	mustEqual(t, "second page", idsOf(page.Items), []string{"per_ben"})
	mustEqual(t, "has next", page.HasNext(), false)
	page, err = s.ListPeople(ctx, nil, domain.PageArgs{First: 5, Offset: 5})
	wantErr(t, err, nil, "")
	mustEqual(t, "beyond the end", len(page.Items), 0)
	mustEqual(t, "total beyond the end", page.Total, 2)
}

func TestRoles(t *testing.T) {
	ctx, s := setupBase(t)
	r, err := s.AddRole(ctx, domain.Role{PersonID: "per_ben", ActorID: "act_club", Title: "Ehrenamt",
		Span: domain.Span{ValidFrom: day("2024-02-01")}, Meta: domain.Meta{Source: ptr("interview")}})
	wantErr(t, err, nil, "")
	got, err := s.Roles(ctx, []string{r.ID, "rol_anna_school", "rol_nope"})
	wantErr(t, err, nil, "")
	mustEqual(t, "read back", got[r.ID], r)
	mustEqual(t, "roles read", len(got), 2)
	mustEqual(t, "ends", [2]string{got["rol_anna_school"].PersonID, got["rol_anna_school"].ActorID}, [2]string{"per_anna", "act_school"})

	// By actor: ordered by the person's name; asOf boundaries included.
	byActor, err := s.RolesOfActors(ctx, []string{"act_club", "act_nope"}, nil, domain.PageArgs{First: 10})
	wantErr(t, err, nil, "")
	mustEqual(t, "club roles", idsOf(byActor["act_club"].Items), []string{"rol_anna_club", r.ID})
	mustEqual(t, "unknown actor", byActor["act_nope"].Total, 0)
	byActor, _ = s.RolesOfActors(ctx, []string{"act_club"}, day("2024-01-31"), domain.PageArgs{First: 10})
	mustEqual(t, "club roles before ben", idsOf(byActor["act_club"].Items), []string{"rol_anna_club"})
	byActor, _ = s.RolesOfActors(ctx, []string{"act_club"}, nil, domain.PageArgs{First: 1, Offset: 1})
	mustEqual(t, "second page", idsOf(byActor["act_club"].Items), []string{r.ID})
	mustEqual(t, "second page total", byActor["act_club"].Total, 2)

	// By person: the latest first, open starts last.
	byPerson, err := s.RolesOfPeople(ctx, []string{"per_anna", "per_ben"}, nil, domain.PageArgs{First: 10})
	wantErr(t, err, nil, "")
	mustEqual(t, "anna", idsOf(byPerson["per_anna"].Items), []string{"rol_anna_club", "rol_anna_school"})
	mustEqual(t, "ben", idsOf(byPerson["per_ben"].Items), []string{r.ID, "rol_ben_amt"})
	byPerson, _ = s.RolesOfPeople(ctx, []string{"per_anna"}, day("2023-12-31"), domain.PageArgs{First: 10})
	mustEqual(t, "anna on last school day", idsOf(byPerson["per_anna"].Items), []string{"rol_anna_school"})

	// Update: end the role; an end before the start is invalid.
	up, err := s.UpdateRole(ctx, r.ID, domain.RoleUpdate{SpanUpdate: domain.SpanUpdate{ValidTo: domain.To(day("2024-12-31"))}, Title: domain.To(ptr("Vorstand"))})
	wantErr(t, err, nil, "")
	mustEqual(t, "validTo", *up.ValidTo, *day("2024-12-31"))
	mustEqual(t, "title", up.Title, "Vorstand")
	if up.UpdatedAt.Before(r.UpdatedAt) || !up.CreatedAt.Equal(r.CreatedAt) {
		t.Error("updatedAt went back")
	}
	_, err = s.UpdateRole(ctx, r.ID, domain.RoleUpdate{SpanUpdate: domain.SpanUpdate{ValidTo: domain.To(day("2023-01-01"))}})
	wantErr(t, err, domain.ErrInvalid, "input.validTo")
	_, err = s.UpdateRole(ctx, r.ID, domain.RoleUpdate{Title: domain.To(ptr(""))})
	wantErr(t, err, domain.ErrInvalid, "input.title")
	_, err = s.UpdateRole(ctx, "rol_nope", domain.RoleUpdate{Title: domain.To(ptr("x"))})
	wantErr(t, err, domain.ErrNotFound, "")
	up, err = s.UpdateRole(ctx, r.ID, domain.RoleUpdate{SpanUpdate: domain.SpanUpdate{ValidFrom: cleared[*time.Time]()}})
	wantErr(t, err, nil, "")
	if up.ValidFrom != nil {
		t.Error("validFrom not removed")
	}

	_, err = s.RemoveRole(ctx, r.ID)
	wantErr(t, err, nil, "")
	_, err = s.RemoveRole(ctx, r.ID)
	wantErr(t, err, domain.ErrNotFound, "")
}

func TestAddRoleErrors(t *testing.T) {
	ctx, s := setupBase(t)
	valid := domain.Role{PersonID: "per_ben", ActorID: "act_club", Title: "Helfer"}
	tests := []struct {
		name   string
		change func(r *domain.Role)
		target error
		field  string
	}{
		{"unknown person", func(r *domain.Role) { r.PersonID = "per_x" }, domain.ErrInvalid, "input.person"},
		{"unknown actor", func(r *domain.Role) { r.ActorID = "act_x" }, domain.ErrInvalid, "input.actor"},
		{"empty title", func(r *domain.Role) { r.Title = "" }, domain.ErrInvalid, "input.title"},
		{"span", func(r *domain.Role) { r.ValidFrom, r.ValidTo = day("2024-01-02"), day("2024-01-01") }, domain.ErrInvalid, "input.validTo"},
		{"one-day span", func(r *domain.Role) { r.ValidFrom, r.ValidTo = day("2024-01-01"), day("2024-01-01") }, nil, ""},
		{"bad id", func(r *domain.Role) { r.ID = "rol_Ä" }, domain.ErrInvalid, "input.id"},
		{"duplicate id", func(r *domain.Role) { r.ID = "rol_ben_amt" }, domain.ErrConflict, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := valid
			tt.change(&r)
			_, err := s.AddRole(ctx, r)
			wantErr(t, err, tt.target, tt.field)
		})
	}
}
