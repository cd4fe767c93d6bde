package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

// TestLookAlikeNamesWarn: an actor row whose name looks like a stored
// actor's or an earlier row's (Unicode TR39 skeletons) without being the
// same text is a warning, FILE:LINE: name: warning: …; the row stays good
// and is written.
func TestLookAlikeNamesWarn(t *testing.T) {
	_, st := setup(t)
	storeRecords(t, st, &domain.Dataset{Actors: []domain.Actor{{ID: "act_jugendamt-nord", Name: "Jugendamt Nord",
		Kind: domain.KindYouthOffice, Sector: domain.SectorPublic, Meta: domain.Meta{ExternalKey: ptr("jugendamt-nord")}}}})
	rows := "key,name,kind,sector\n" +
		"jugendamt-nord,Jugendamt Nord,YOUTH_OFFICE,PUBLIC\n" + // the stored actor again: no warning
		"fake-1,Jugendаmt Nord,ASSOCIATION,NON_PROFIT\n" + // Cyrillic а
		"fake-2,Jugend\u200bamt Nord,ASSOCIATION,NON_PROFIT\n" + // zero-width space
		"club,Sportverein Lindenpark,ASSOCIATION,NON_PROFIT\n" +
		"club-2,Sportverein Lindenpаrk,ASSOCIATION,NON_PROFIT\n" + // like the row before
		"other,Sportverein Hafen,ASSOCIATION,NON_PROFIT\n"
	dir := t.TempDir()
	path := filepath.Join(dir, "actors.csv")
	if err := os.WriteFile(path, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := importPaths(t, st, Options{}, dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Files {
		for _, w := range f.Warnings {
			got = append(got, strings.TrimPrefix(w.String(), dir+"/"))
		}
	}
	want := []string{
		`actors.csv:3: name: warning: looks like "Jugendamt Nord" (act_jugendamt-nord)`,
		`actors.csv:4: name: warning: looks like "Jugendamt Nord" (act_jugendamt-nord)`,
		`actors.csv:6: name: warning: looks like "Sportverein Lindenpark"`,
		// None of the rows says when the actor began: one warning for
		// the file, at the first.
		`actors.csv:2: validFrom: warning: 6 rows have no validFrom (the first on this line)`,
	}
	if len(got) != len(want) {
		t.Fatalf("warnings %q, want %d like %q", got, len(want), want)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("warning %d = %q, want it to start with %q", i, got[i], want[i])
		}
	}
	if rep.Bad() != 0 || rep.Written() != 6 {
		t.Errorf("%d bad, %d written; warnings must not stop rows (want 0 and 6)", rep.Bad(), rep.Written())
	}
}
