package resolvers

import (
	"context"

	"github.com/kiezgraph/kiezgraph/graph/model"
	"github.com/kiezgraph/kiezgraph/importer"
)

// importReport shapes an import's report and, when rows were written,
// records the import in the audit trail.
func (r *Resolver) importReport(ctx context.Context, rep *importer.Report) (*model.ImportReport, error) {
	out := &model.ImportReport{Files: []model.ImportFileResult{}, Problems: []model.ImportProblem{}, Warnings: []model.ImportProblem{}}
	for _, f := range rep.Files {
		out.Files = append(out.Files, model.ImportFileResult{Name: f.Path, Type: string(f.Kind), Rows: f.Rows, Bad: f.Bad,
			Written: f.Written, MoreProblems: f.MoreProblems})
		for _, p := range f.Problems {
			pr := model.ImportProblem{File: p.File, Line: p.Line, Reason: p.Reason}
			if p.Column != "" {
				pr.Column = &p.Column
			}
			out.Problems = append(out.Problems, pr)
		}
		for _, p := range f.Warnings {
			pr := model.ImportProblem{File: p.File, Line: p.Line, Reason: p.Reason}
			if p.Column != "" {
				pr.Column = &p.Column
			}
			out.Warnings = append(out.Warnings, pr)
		}
	}
	out.Written, out.Bad = rep.Written(), rep.Bad()
	if written := rep.WrittenByFile(); len(written) > 0 {
		id, err := r.Store.AuditImport(ctx, "importFiles", written)
		if err != nil {
			return nil, err
		}
		out.AuditEntryID = &id
	}
	return out, nil
}
