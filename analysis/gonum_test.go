package analysis

import (
	"gonum.org/v1/gonum/graph"
)

// The adapters below present a *Graph to gonum without copying it, for
// the tests that hold our Louvain to gonum's community.Modularize:
// node IDs are the node indices and weights are looked up by binary
// search in the sorted neighbour lists.

type gNode int64

func (n gNode) ID() int64 { return int64(n) }

type gEdge struct {
	from, to int
	w        float64
}

func (e gEdge) From() graph.Node         { return gNode(e.from) }
func (e gEdge) To() graph.Node           { return gNode(e.to) }
func (e gEdge) ReversedEdge() graph.Edge { return gEdge{e.to, e.from, e.w} }
func (e gEdge) Weight() float64          { return e.w }

// gNodes iterates over a list of node indices, or over 0..n-1 when ids
// is nil.
type gNodes struct {
	ids []int
	n   int
	cur int
}

func (it *gNodes) Next() bool {
	if it.cur >= it.n {
		return false
	}
	it.cur++
	return true
}

func (it *gNodes) Len() int { return it.n - it.cur }

func (it *gNodes) Reset() { it.cur = 0 }

func (it *gNodes) Node() graph.Node {
	if it.cur == 0 || it.cur > it.n {
		return nil
	}
	if it.ids == nil {
		return gNode(it.cur - 1)
	}
	return gNode(it.ids[it.cur-1])
}

// adapterBase holds the methods shared by both adapters. It must not
// gain EdgeBetween: gonum dispatches on graph.Undirected first.
type adapterBase struct{ g *Graph }

// undirectedAdapter implements graph.WeightedUndirected.
type undirectedAdapter struct{ adapterBase }

var (
	_ graph.WeightedUndirected = undirectedAdapter{}
	_ graph.WeightedDirected   = directedAdapter{}
)

func (a adapterBase) valid(id int64) bool { return id >= 0 && id < int64(a.g.n) }

func (a adapterBase) Node(id int64) graph.Node {
	if !a.valid(id) {
		return nil
	}
	return gNode(id)
}

func (a adapterBase) Nodes() graph.Nodes { return &gNodes{n: a.g.n} }

func (a adapterBase) From(id int64) graph.Nodes {
	if !a.valid(id) {
		return &gNodes{ids: []int{}}
	}
	nbrs, _ := a.g.Out(int(id))
	return &gNodes{ids: nbrs, n: len(nbrs)}
}

func (a adapterBase) Weight(xid, yid int64) (float64, bool) {
	if !a.valid(xid) || !a.valid(yid) {
		return 0, false
	}
	return a.g.Weight(int(xid), int(yid))
}

func (a undirectedAdapter) HasEdgeBetween(xid, yid int64) bool {
	_, ok := a.Weight(xid, yid)
	return ok
}

func (a adapterBase) WeightedEdge(uid, vid int64) graph.WeightedEdge {
	w, ok := a.Weight(uid, vid)
	if !ok {
		return nil
	}
	return gEdge{int(uid), int(vid), w}
}

func (a adapterBase) Edge(uid, vid int64) graph.Edge {
	if e := a.WeightedEdge(uid, vid); e != nil {
		return e
	}
	return nil
}

func (a undirectedAdapter) EdgeBetween(xid, yid int64) graph.Edge { return a.Edge(xid, yid) }

func (a undirectedAdapter) WeightedEdgeBetween(xid, yid int64) graph.WeightedEdge {
	return a.WeightedEdge(xid, yid)
}

// directedAdapter implements graph.WeightedDirected.
type directedAdapter struct{ adapterBase }

func (a directedAdapter) To(id int64) graph.Nodes {
	if !a.valid(id) {
		return &gNodes{ids: []int{}}
	}
	nbrs, _ := a.g.In(int(id))
	return &gNodes{ids: nbrs, n: len(nbrs)}
}

func (a directedAdapter) HasEdgeBetween(xid, yid int64) bool {
	return a.HasEdgeFromTo(xid, yid) || a.HasEdgeFromTo(yid, xid)
}

func (a directedAdapter) HasEdgeFromTo(uid, vid int64) bool {
	_, ok := a.Weight(uid, vid)
	return ok
}
