package store

import (
	"testing"

	"github.com/kiezgraph/kiezgraph/domain"
)

// TestOrderByAppliesTheDirectionToEveryKey: a descending order by name
// must reverse the folded name too, not only its tie-breaker.
func TestOrderByAppliesTheDirectionToEveryKey(t *testing.T) {
	fields := map[domain.SortField]string{domain.SortName: orderName, domain.SortCreatedAt: "n.createdAt"}
	tests := []struct {
		o    *domain.Order
		want string
	}{
		{nil, "default"},
		{&domain.Order{Field: domain.SortName, Direction: domain.Asc}, "coalesce(n.searchName, toLower(n.name)) ASC, n.name ASC"},
		{&domain.Order{Field: domain.SortName, Direction: domain.Desc}, "coalesce(n.searchName, toLower(n.name)) DESC, n.name DESC"},
		{&domain.Order{Field: domain.SortCreatedAt, Direction: domain.Desc}, "n.createdAt DESC"},
	}
	for _, tt := range tests {
		got, err := orderBy(tt.o, fields, "default")
		if err != nil || got != tt.want {
			t.Errorf("orderBy(%+v) = %q, %v; want %q", tt.o, got, err, tt.want)
		}
	}
}
