package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

// TestImportIsInTheAuditTrail imports the example city on the command
// line and checks the audit entry: operation "import", the operating
// system user as subject, the rows of each file; a dry run leaves none.
func TestImportIsInTheAuditTrail(t *testing.T) {
	st := testStore(t)
	t.Setenv("USER", "quartiersmanagement")
	entries := func() []domain.AuditEntry {
		t.Helper()
		op := "import"
		page, err := st.AuditTrail(t.Context(), &domain.AuditFilter{Operation: &op}, domain.PageArgs{First: 100})
		if err != nil {
			t.Fatal(err)
		}
		return page.Items
	}
	if _, _, err := kiezgraph(t, "import", "-dry-run", "../../examples/import"); err != nil {
		t.Fatal(err)
	}
	if n := len(entries()); n != 0 {
		t.Fatalf("a dry run left %d audit entries", n)
	}
	stdout, stderr, err := kiezgraph(t, "import", "../../examples/import")
	if err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	got := entries()
	if len(got) != 1 {
		t.Fatalf("%d audit entries, want 1", len(got))
	}
	e := got[0]
	if e.Subject != "cli:quartiersmanagement" || e.Role != domain.RoleAdmin || e.TargetType != "Import" {
		t.Errorf("entry %+v", e)
	}
	if !strings.Contains(stdout, "recorded in the audit trail as "+e.ID) {
		t.Errorf("the summary does not name the entry %s:\n%s", e.ID, stdout)
	}
	actors := filepath.Join("..", "..", "examples", "import", "actors.csv")
	if _, err := os.Stat(actors); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range e.Changes {
		found = found || (c.Field == actors && c.After != nil && *c.After != "0")
	}
	if !found {
		t.Errorf("no rows recorded for %s: %+v", actors, e.Changes)
	}
}
