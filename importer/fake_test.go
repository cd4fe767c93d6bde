package importer

import (
	"context"
	"sync"

	"github.com/kiezgraph/kiezgraph/domain"
	"github.com/kiezgraph/kiezgraph/store"
)

// fakeStore is a database for unit tests: stored records by type and
// key, and the batches written.
type fakeStore struct {
	mu      sync.Mutex
	stored  map[string]map[string]store.KeyedRecord
	tgs     []domain.TargetGroup
	batches []store.ImportBatch
	// failOnce fails the next write, once.
	failOnce error
	// news counts the records written as new.
	news int
}

func (f *fakeStore) ListTargetGroups(context.Context) ([]domain.TargetGroup, error) {
	return f.tgs, nil
}
func (f *fakeStore) ListTopics(context.Context) ([]domain.Topic, error) { return nil, nil }

func (f *fakeStore) RecordsByKey(_ context.Context, typ string, keys []string) (map[string]store.KeyedRecord, error) {
	out := map[string]store.KeyedRecord{}
	for _, k := range keys {
		if r, ok := f.stored[typ][k]; ok {
			out[k] = r
		}
	}
	return out, nil
}

func (f *fakeStore) StoredIDs(_ context.Context, typ string, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, id := range ids {
		for _, r := range f.stored[typ] {
			if r.ID == id {
				out[id] = true
			}
		}
	}
	return out, nil
}

func (f *fakeStore) HasRecords(_ context.Context, typ string) (bool, error) {
	return len(f.stored[typ]) > 0, nil
}

func (f *fakeStore) WriteImportBatch(_ context.Context, b *store.ImportBatch) error {
	if err := store.CheckImport(b); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failOnce; err != nil {
		f.failOnce = nil
		return err
	}
	f.news += len(b.New)
	c := *b
	d := &c.Dataset
	d.TargetGroups, d.Topics, d.Neighbourhoods = clone(d.TargetGroups), clone(d.Topics), clone(d.Neighbourhoods)
	d.Actors, d.People, d.Roles, d.Services = clone(d.Actors), clone(d.People), clone(d.Roles), clone(d.Services)
	d.Needs, d.Cooperations, d.Networks = clone(d.Needs), clone(d.Cooperations), clone(d.Networks)
	d.Memberships, d.Events, c.Participations = clone(d.Memberships), clone(d.Events), clone(c.Participations)
	f.batches = append(f.batches, c)
	return nil
}

func clone[T any](s []T) []T { return append([]T(nil), s...) }
