package resolvers

import (
	"errors"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/insights"
)

// maxRemoved bounds the actors one what-if question takes out: the
// question is "what if this family centre closes", not a bulk delete, and
// the cache keeps one entry per set.
const maxRemoved = 20

// whatIfOptions checks whatIf's arguments; every bad one is reported.
func whatIfOptions(remove []string, candidates, topBrokers *int) (insights.WhatIfOptions, error) {
	opt := insights.WhatIfOptions{Candidates: 3, TopBrokers: 10}
	var errs []error
	if len(remove) < 1 || len(remove) > maxRemoved {
		errs = append(errs, domain.Invalid("remove", "must name 1 to %d actors", maxRemoved))
	}
	if candidates != nil {
		if *candidates < 0 || *candidates > 20 {
			errs = append(errs, domain.Invalid("candidates", "must be between 0 and 20"))
		}
		opt.Candidates = *candidates
	}
	if topBrokers != nil {
		if *topBrokers < 1 || *topBrokers > 100 {
			errs = append(errs, domain.Invalid("topBrokers", "must be between 1 and 100"))
		}
		opt.TopBrokers = *topBrokers
	}
	return opt, errors.Join(errs...)
}

// rankOrNil is a 1-based rank, or nil for 0 (not ranked).
func rankOrNil(rank int) *int {
	if rank == 0 {
		return nil
	}
	return &rank
}
