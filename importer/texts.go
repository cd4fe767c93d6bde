package importer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Text is an import file that arrives as text, e.g. through the API.
type Text struct {
	// Name is the file's name, e.g. "actors.csv"; its extension gives the
	// format and, without Kind, its name gives the type.
	Name string
	// Kind is the file's type; empty to tell it from Name.
	Kind string
	// Content is the file's content.
	Content string
}

// RunTexts imports texts as Run imports files: it writes them to a
// temporary directory (so that both passes stream as for files on disk),
// imports them in import order, and names them by their Name in the
// report. Names must be unique; problems with the texts themselves
// (names, types, formats) are *InputError.
func RunTexts(ctx context.Context, st Store, texts []Text, opt Options) (*Report, error) {
	if len(texts) == 0 {
		return nil, &InputError{Field: "files", Reason: "give at least one file"}
	}
	dir, err := os.MkdirTemp("", "kiezgraph-import-")
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	defer func() { _ = os.RemoveAll(dir) }()
	var files []File
	names := map[string]string{} // temporary path → name
	seen := map[string]bool{}
	for i, t := range texts {
		field := fmt.Sprintf("files[%d]", i)
		base := filepath.Base(t.Name)
		if t.Name == "" || base != t.Name || strings.HasPrefix(base, ".") {
			return nil, &InputError{Field: field + ".name", Reason: "must be a plain file name such as actors.csv"}
		}
		if seen[t.Name] {
			return nil, &InputError{Field: field + ".name", Reason: "names a file twice"}
		}
		seen[t.Name] = true
		format := formatOf(base)
		if format == "" {
			return nil, &InputError{Field: field + ".name", Reason: "must end in .csv, .json, .jsonl or .ndjson"}
		}
		var kind Kind
		if t.Kind != "" {
			if kind, err = ParseKind(t.Kind); err != nil {
				return nil, &InputError{Field: field + ".type", Reason: err.Error()}
			}
		} else if kind, err = DetectKind(base); err != nil {
			return nil, &InputError{Field: field + ".name", Reason: fmt.Sprintf("cannot tell the file type from %q; name it after its type or give type", base)}
		}
		path := filepath.Join(dir, fmt.Sprintf("%03d%s", i, filepath.Ext(base)))
		if err := os.WriteFile(path, []byte(t.Content), 0o600); err != nil {
			return nil, fmt.Errorf("import: %w", err)
		}
		names[path] = t.Name
		files = append(files, File{Path: path, Kind: kind, Format: format})
	}
	slices.SortStableFunc(files, func(a, b File) int { return a.Kind.rank() - b.Kind.rank() })
	rep, err := Run(ctx, st, files, opt)
	if rep != nil {
		for i := range rep.Files {
			f := &rep.Files[i]
			f.Path = names[f.Path]
			for j := range f.Problems {
				f.Problems[j].File = names[f.Problems[j].File]
			}
			for j := range f.Warnings {
				f.Warnings[j].File = names[f.Warnings[j].File]
			}
		}
	}
	return rep, err
}

// InputError is a problem with the texts given to RunTexts themselves.
type InputError struct {
	Field, Reason string
}

// Error implements error.
func (e *InputError) Error() string { return e.Field + ": " + e.Reason }
