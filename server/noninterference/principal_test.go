package noninterference_test

import "github.com/kiezgraph/kiezgraph/domain"

// principal is a caller the test reads as.
type principal struct {
	name      string
	role      domain.AccessRole
	districts []string
}
