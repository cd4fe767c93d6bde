package domain

import (
	"slices"
	"testing"
)

func TestRecordStatus(t *testing.T) {
	for _, c := range []struct {
		asked []RecordStatus
		want  []string
	}{
		{nil, []string{"ACTIVE"}},
		{[]RecordStatus{}, []string{"ACTIVE"}},
		{[]RecordStatus{StatusDraft}, []string{"DRAFT"}},
		{[]RecordStatus{StatusArchived, StatusActive}, []string{"ARCHIVED", "ACTIVE"}},
	} {
		if got := ListedStatuses(c.asked); !slices.Equal(got, c.want) {
			t.Errorf("ListedStatuses(%v) = %v, want %v", c.asked, got, c.want)
		}
	}
	for s, want := range map[string]RecordStatus{"": StatusActive, "DRAFT": StatusDraft, "ARCHIVED": StatusArchived, "ACTIVE": StatusActive} {
		if got := StatusOf(s); got != want {
			t.Errorf("StatusOf(%q) = %s, want %s", s, got, want)
		}
	}
	var s RecordStatus
	if err := s.UnmarshalGQL("PUBLISHED"); err == nil {
		t.Error("PUBLISHED accepted as a status")
	}
	if err := s.UnmarshalGQL("DRAFT"); err != nil || s != StatusDraft {
		t.Errorf("DRAFT: %v, %s", err, s)
	}
	var b []byte
	w := writerFunc(func(p []byte) (int, error) { b = append(b, p...); return len(p), nil })
	RecordStatus("").MarshalGQL(w)
	if string(b) != `"ACTIVE"` {
		t.Errorf("a status read without one marshals as %s, want \"ACTIVE\"", b)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
