package importer

import (
	"context"
	"fmt"

	"github.com/kiezgraph/kiezgraph/domain"
)

// actorNamer is what a Store may offer to find look-alike names; without
// it (bulk loads into an empty database) only the import's own names
// count.
type actorNamer interface {
	ActorNames(ctx context.Context) (*domain.LookAlikes, error)
}

// lookAlike warns when an actor row's name looks like a stored actor's
// or an earlier row's without being the same text (domain.LookAlikes).
// A warning is not a problem: the row stays good.
func (r *run) lookAlike(ctx context.Context, fc *fileCheck, rw *row, name string) error {
	if r.names == nil {
		r.names = domain.NewLookAlikes()
		if n, ok := r.st.(actorNamer); ok {
			l, err := n.ActorNames(ctx)
			if err != nil {
				return err
			}
			r.names = l
		}
	}
	for _, n := range r.names.Find(name) {
		if n.ID == rw.id {
			continue
		}
		p := Problem{File: fc.file.Path, Line: rw.line, Column: "name",
			Reason: fmt.Sprintf("warning: looks like %q (%s) without being the same text (look-alike letters or invisible characters?)", n.Name, n.ID)}
		if name, ok := fc.file.ColumnNames[p.Column]; ok {
			p.Column = name
		}
		if len(fc.report.Warnings) < fc.maxProblems {
			fc.report.Warnings = append(fc.report.Warnings, p)
		}
		break
	}
	r.names.Add(rw.id, name)
	return nil
}
