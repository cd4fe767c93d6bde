package analysis

import (
	"context"
	"testing"
)

// TestBetweennessStopsWhenDone: a closed Done stops the computation before
// its next batch of sources (weighted: its next source), so a run whose
// caller has gone does no more work; an open one changes nothing.
func TestBetweennessStopsWhenDone(t *testing.T) {
	g := NewGraph(300, false, SyntheticNetwork(300, 900, 1))
	// (This package's tests declare their own close.)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	done := ctx.Done()
	for _, weighted := range []bool{false, true} {
		full := Betweenness(g, BetweennessOptions{Weighted: weighted})
		open := Betweenness(g, BetweennessOptions{Weighted: weighted, Done: make(chan struct{})})
		stopped := Betweenness(g, BetweennessOptions{Weighted: weighted, Done: done})
		var sumFull, sumStopped float64
		for i := range full {
			if open[i] != full[i] {
				t.Fatalf("weighted=%t: an open Done changed node %d: %v != %v", weighted, i, open[i], full[i])
			}
			sumFull += full[i]
			sumStopped += stopped[i]
		}
		if sumFull == 0 || sumStopped != 0 {
			t.Errorf("weighted=%t: sum %v without Done, %v with a closed one; want > 0 and 0", weighted, sumFull, sumStopped)
		}
	}
}
