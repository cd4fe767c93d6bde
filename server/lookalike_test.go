package server_test

import (
	"slices"
	"strings"
	"testing"
)

// TestLookAlikeNamesWarn: creating or renaming an actor to a name whose
// Unicode TR39 skeleton equals another actor's, without being the same
// text, succeeds with a LOOK_ALIKE_NAME warning naming that actor.
func TestLookAlikeNamesWarn(t *testing.T) {
	needNeo4j(t)
	d := mustPost(t, `{ actors(first: 5, filter: {nameContains: "Jugendamt Nord"}) { edges { node { id name } } } }`, nil)
	var original string
	for i := 0; i < count(get(d, "actors", "edges")); i++ {
		if get(d, "actors", "edges", i, "node", "name") == "Jugendamt Nord" {
			original = str(get(d, "actors", "edges", i, "node", "id"))
		}
	}
	if original == "" {
		t.Fatal("the demo city has no Jugendamt Nord")
	}
	const sel = `actor { id } warnings { code field message records }`
	tests := []struct {
		name, text string
		warn       bool
	}{
		{"Cyrillic а", "Jugendаmt Nord", true},
		{"Cyrillic о", "Jugendamt Nоrd", true},
		{"zero-width space", "Jugend\u200bamt Nord", true},
		{"rn for m", "Jugendarnt Nord", true},
		{"the same text", "Jugendamt Nord", false},
		{"another name", "Jugendamt Nordost " + uniq("x"), false},
	}
	for _, tc := range tests {
		t.Run("create/"+tc.name, func(t *testing.T) {
			p := mutate(t, "createActor", "CreateActorInput", map[string]any{
				"name": tc.text, "kind": "ASSOCIATION", "sector": "NON_PROFIT", "neighbourhoods": []string{nbhLindenpark},
			}, sel)
			cleanup(t, "deleteActor", str(get(p, "actor", "id")))
			checkLookAlike(t, p, tc.warn, original)
		})
		t.Run("rename/"+tc.name, func(t *testing.T) {
			id := newActor(t, uniq("umbenannt"), nbhLindenpark)
			p := mutate(t, "updateActor", "UpdateActorInput", map[string]any{"id": id, "name": tc.text}, sel)
			checkLookAlike(t, p, tc.warn, original)
		})
	}
	t.Run("importFiles", func(t *testing.T) {
		d := mustPost(t, `mutation($c: String!) { importFiles(input: {files: [{name: "actors.csv", content: $c}], dryRun: true}) {
		  bad warnings { file line column reason } } }`,
			map[string]any{"c": "key,name,kind,sector,validFrom\n" + uniq("k") + ",Jugendаmt Nord,ASSOCIATION,NON_PROFIT,2020-01-01\n"})
		w := get(d, "importFiles", "warnings")
		if num(get(d, "importFiles", "bad")) != 0 || count(w) != 1 || get(w, 0, "file") != "actors.csv" || num(get(w, 0, "line")) != 2 ||
			get(w, 0, "column") != "name" || !strings.Contains(str(get(w, 0, "reason")), original) {
			t.Fatalf("importFiles: %v, want one warning at actors.csv:2 on name naming %s", get(d, "importFiles"), original)
		}
	})
	t.Run("rename to its own name", func(t *testing.T) {
		p := mutate(t, "updateActor", "UpdateActorInput", map[string]any{"id": original, "name": "Jugendamt Nord"}, sel)
		checkLookAlike(t, p, false, original)
	})
}

func checkLookAlike(t *testing.T, payload any, warn bool, original string) {
	t.Helper()
	n := count(get(payload, "warnings"))
	if !warn {
		if n != 0 {
			t.Fatalf("warnings %v, want none", get(payload, "warnings"))
		}
		return
	}
	if n != 1 || get(payload, "warnings", 0, "code") != "LOOK_ALIKE_NAME" || get(payload, "warnings", 0, "field") != "input.name" {
		t.Fatalf("warnings %v, want one LOOK_ALIKE_NAME on input.name", get(payload, "warnings"))
	}
	var records []string
	for i := 0; i < count(get(payload, "warnings", 0, "records")); i++ {
		records = append(records, str(get(payload, "warnings", 0, "records", i)))
	}
	if !slices.Contains(records, original) {
		t.Errorf("warning names %v, want %s among them", records, original)
	}
}
