#!/usr/bin/env python3
"""Read kiezgraph's researcher exports back with parsers nobody here wrote.

    python3 scripts/readback.py DIR EXPECTED.json

EXPECTED.json (written by export's TestReadBackWithNetworkXAndIgraph) lists
datasets; each names its files in DIR and says what they must hold:

    {"datasets": [{
      "name": "small",
      "files": {"gexf": ..., "graphml": ..., "nodes_csv": ..., "edges_csv": ..., "cytoscape": ...},
      "nodes": {id: {attr: value or null}},   # every node; null = must be absent
      "edges": {id: {attr: value or null}},   # every cooperation, with source and target
      "works_at": [[person, actor], ...],     # every role edge, sorted
      "node_types": {attr: "str"|"bool"|"int"|"float"}, "edge_types": {...},
      "graph": {attr: value},                 # graph metadata (GraphML, Cytoscape)
      "check_scores": true,                   # recompute betweenness and degree (NetworkX, igraph)
      "forbidden": [...]}]}                   # strings no file may contain

GEXF is read with networkx.read_gexf, GraphML with networkx.read_graphml,
Cytoscape JSON with networkx.cytoscape_graph and the CSV lists with the
csv module. Node and edge counts, ids, attribute values and their parsed
types are compared for every format. NetworkX reads the undirected
exports as Graph, or as MultiGraph keyed by edge id when two nodes share
several edges, so edge counts are the same either way. It may swap an
undirected edge's ends, so GEXF and GraphML are checked through their
from and to attributes.

The GraphML file is read a second time with python-igraph
(igraph.Graph.Read_GraphML, igraph's C core, which R's igraph reads
GraphML with too) and checked against the same expectations: counts,
node ids, every attribute's value and parsed type, every edge's ends,
the graph attributes, and degree and betweenness recomputed by igraph.
igraph reads no GEXF or Cytoscape JSON and has no CSV reader of its own.
Its data model differs from NetworkX's (see ig_value and check_igraph):
numbers are doubles, absent values read as "", NaN or False, and igraph
1.0.0 reads edge ids wrong, so its edges are matched by their ends and
values. The summary counts the values compared by the reader of each.

Exits 0 when everything matches, 1 with a list of mismatches, 2 on usage
errors and 3 when the checker itself breaks.
"""

import collections
import csv
import json
import math
import os
import sys
import traceback

import igraph as ig
import networkx as nx

PY_TYPES = {"str": (str,), "bool": (bool,), "int": (int,), "float": (float,)}


class Checker:
    def __init__(self):
        self.failures = []
        # Values compared, by the reader that parsed them (a format read
        # by NetworkX, "csv", "igraph", or "... scores" for recomputed ones).
        self.compared = collections.Counter()

    def fail(self, where, msg):
        self.failures.append(f"{where}: {msg}")

    def same(self, where, want, got, fmt, typ=None):
        """Compare an expected value with a parsed one, recording a mismatch."""
        self.compared[fmt] += 1
        msg = self.differs(want, got, fmt, typ)
        if msg:
            self.fail(where, msg)

    def differs(self, want, got, fmt, typ=None):
        """How a parsed value differs from the expected one, or None.

        CSV cells are text. igraph's absent values arrive here as None
        (see ig_value), except booleans: igraph reads an absent one as
        False, so False stands for absent there too."""
        if want is None:
            if got not in (None, "") and not (fmt == "igraph" and got is False):
                return f"got {got!r}, want it absent"
            return None
        if got is None or (fmt == "csv" and got == "" and want != ""):
            return f"missing, want {want!r}"
        if fmt == "csv":
            if isinstance(want, bool):
                ok = got == ("true" if want else "false")
            elif isinstance(want, (int, float)):
                ok = math.isclose(float(got), want, rel_tol=1e-12, abs_tol=1e-12)
            else:
                ok = got == want
        else:
            if typ is not None and not self.typed(got, typ, fmt):
                return f"{got!r} is a {type(got).__name__}, want {typ}"
            if isinstance(want, bool) or isinstance(got, bool):
                ok = got is want
            elif isinstance(want, (int, float)):
                ok = isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-12)
            else:
                ok = got == want
        return None if ok else f"got {got!r}, want {want!r}"

    @staticmethod
    def typed(value, typ, fmt):
        if typ == "float" and fmt == "cytoscape":
            # JSON writes 1.0 as 1.
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        if typ == "int" and fmt == "igraph":
            # igraph keeps every numeric attribute as a double: a GraphML
            # int must read as a whole float.
            return isinstance(value, float) and value.is_integer()
        if typ == "int" and isinstance(value, bool):
            return False
        return isinstance(value, PY_TYPES[typ])


def edge_records(G):
    """Yield (u, v, key, data) for every edge of a Graph or MultiGraph."""
    if G.is_multigraph():
        for u, v, k, d in G.edges(keys=True, data=True):
            yield u, v, k, d
    else:
        for u, v, d in G.edges(data=True):
            yield u, v, None, d


def read_nx(fmt, path):
    if fmt == "gexf":
        return nx.read_gexf(path)
    if fmt == "graphml":
        return nx.read_graphml(path)
    with open(path, encoding="utf-8") as f:
        return nx.cytoscape_graph(json.load(f))


# How each format names the common attributes.
NODE_NAMES = {
    "gexf": {"validFrom": "start", "validTo": "end"},
    "graphml": {},
    "cytoscape": {},
    "csv": {"label": "Label"},
}
EDGE_NAMES = {
    "gexf": {"validFrom": "start", "validTo": "end", "source": "from", "target": "to"},
    "graphml": {"source": "from", "target": "to"},
    "cytoscape": {},
    "csv": {"source": "Source", "target": "Target", "label": "Label", "weight": "Weight", "type": "Type"},
}
# Attributes a format does not carry.
EDGE_SKIP = {"gexf": {"type"}, "graphml": {"type", "weight"}, "cytoscape": {"type", "weight"}, "csv": set()}


def graph_view(fmt, G):
    """Nodes as {id: data}, edges as {id: (u, v, data)} and the graph data."""
    nodes = {n: d for n, d in G.nodes(data=True)}
    edges = {}
    for u, v, k, d in edge_records(G):
        eid = d.get("id", k)
        edges[eid] = (u, v, d)
    return nodes, edges, G.graph


def csv_view(nodes_path, edges_path):
    with open(nodes_path, newline="", encoding="utf-8") as f:
        node_rows = list(csv.DictReader(f))
    with open(edges_path, newline="", encoding="utf-8") as f:
        edge_rows = list(csv.DictReader(f))
    nodes = {r["Id"]: r for r in node_rows}
    edges = {r["Id"]: (r["Source"], r["Target"], r) for r in edge_rows}
    return nodes, edges, {}, len(node_rows), len(edge_rows)


def check_dataset(c, base, ds):
    name = ds["name"]
    files = ds["files"]
    raw = {}
    for key, fname in files.items():
        with open(os.path.join(base, fname), encoding="utf-8") as f:
            raw[key] = f.read()
    for key, text in raw.items():
        for s in ds.get("forbidden") or []:
            if s in text:
                c.fail(f"{name} {key}", f"contains forbidden {s!r}")

    views = {}
    for fmt in ("gexf", "graphml", "cytoscape"):
        try:
            G = read_nx(fmt, os.path.join(base, files[fmt]))
        except Exception as e:  # the parser's own error is the finding
            c.fail(f"{name} {fmt}", f"NetworkX cannot read it: {type(e).__name__}: {e}")
            continue
        if G.is_directed():
            c.fail(f"{name} {fmt}", "read as directed, want undirected")
        nodes, edges, gdata = graph_view(fmt, G)
        views[fmt] = (nodes, edges, gdata, G.number_of_nodes(), G.number_of_edges())
        if fmt == "gexf" and G.graph.get("mode") != "dynamic":
            c.fail(f"{name} gexf", f"mode {G.graph.get('mode')!r}, want dynamic")
        if fmt == "graphml" and ds.get("check_scores"):
            check_scores(c, f"{name} graphml", G)
    views["csv"] = csv_view(os.path.join(base, files["nodes_csv"]), os.path.join(base, files["edges_csv"]))

    want_nodes, want_edges = ds["nodes"], ds["edges"]
    n_edges = len(want_edges) + len(ds["works_at"])
    for fmt, (nodes, edges, gdata, n_count, e_count) in views.items():
        where = f"{name} {fmt}"
        if n_count != len(want_nodes) or e_count != n_edges:
            c.fail(where, f"{n_count} nodes and {e_count} edges, want {len(want_nodes)} and {n_edges}")
        if set(nodes) != set(want_nodes):
            c.fail(where, f"node ids differ: extra {sorted(set(nodes) - set(want_nodes))[:5]}, "
                          f"missing {sorted(set(want_nodes) - set(nodes))[:5]}")
        for nid, want in want_nodes.items():
            got = nodes.get(nid)
            if got is None:
                continue
            for attr, value in want.items():
                col = NODE_NAMES[fmt].get(attr, attr)
                c.same(f"{where} node {nid} {attr}", value, got.get(col), fmt, ds["node_types"].get(attr))
        works_at = []
        coop_ids = set()
        for eid, (u, v, d) in edges.items():
            kind = d.get("kind")
            if kind == "WORKS_AT":
                src = d.get(EDGE_NAMES[fmt].get("source", "source"))
                dst = d.get(EDGE_NAMES[fmt].get("target", "target"))
                if {u, v} != {src, dst}:
                    c.fail(f"{where} edge {eid}", f"ends {u}, {v} but from {src} to {dst}")
                works_at.append([src, dst])
                continue
            coop_ids.add(eid)
            want = want_edges.get(eid)
            if want is None:
                continue
            if {u, v} != {want["source"], want["target"]}:
                c.fail(f"{where} edge {eid}", f"joins {u} and {v}, want {want['source']} and {want['target']}")
            for attr, value in want.items():
                if attr in EDGE_SKIP[fmt]:
                    continue
                col = EDGE_NAMES[fmt].get(attr, attr)
                c.same(f"{where} edge {eid} {attr}", value, d.get(col), fmt, ds["edge_types"].get(attr))
        if coop_ids != set(want_edges):
            c.fail(where, f"cooperation ids differ: extra {sorted(coop_ids - set(want_edges))[:5]}, "
                          f"missing {sorted(set(want_edges) - coop_ids)[:5]}")
        if sorted(works_at) != sorted(ds["works_at"]):
            c.fail(where, f"WORKS_AT edges {sorted(works_at)[:3]}..., want {ds['works_at'][:3]}...")
        if fmt in ("graphml", "cytoscape"):
            for attr, value in ds.get("graph", {}).items():
                c.same(f"{where} graph {attr}", value, gdata.get(attr), fmt)
        print(f"readback: {name} {fmt}: {n_count} nodes, {e_count} edges", file=sys.stderr)
    check_igraph(c, base, ds)


def check_scores(c, where, G):
    """Recompute betweenness and degree of the actor network with NetworkX."""
    actors = [n for n, d in G.nodes(data=True) if d.get("kind") != "PERSON"]
    H = nx.Graph()
    H.add_nodes_from(actors)
    for u, v, _, d in edge_records(G):
        if d.get("kind") != "WORKS_AT" and u != v:
            H.add_edge(u, v)
    bc = nx.betweenness_centrality(H, normalized=True)
    for n in actors:
        d = G.nodes[n]
        if "betweenness" not in d:
            c.fail(f"{where} node {n}", "no betweenness")
            continue
        c.compared["networkx scores"] += 2
        if not math.isclose(d["betweenness"], bc[n], rel_tol=1e-9, abs_tol=1e-12):
            c.fail(f"{where} node {n}", f"betweenness {d['betweenness']} but NetworkX computes {bc[n]}")
        if d.get("degree") != H.degree(n):
            c.fail(f"{where} node {n}", f"degree {d.get('degree')} but NetworkX counts {H.degree(n)}")


def ig_value(value):
    """An igraph attribute value, with absent values as None.

    igraph gives every vertex (edge) every attribute some vertex (edge)
    has: a string one absent reads as "", a numeric one as NaN (and a
    boolean one as False, which Checker.differs takes as absent too)."""
    if value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def check_igraph(c, base, ds):
    """Read the dataset's GraphML file with igraph and compare it with ds.

    igraph keeps node ids in the vertex attribute "id". It would keep
    edge ids in the edge attribute "id", but python-igraph 1.0.0 fills
    that with the first vertex ids instead (a bug of igraph's C core
    1.0.0, which it bundles; fixed by igraph/igraph#2894, after C core
    1.0.1), so edges are not identified by id here: each expected
    cooperation must match its own igraph edge between the same two
    nodes with equal values, each WORKS_AT pair its own edge, and no edge
    may be left over. NetworkX checks the ids."""
    name = ds["name"]
    where = f"{name} igraph graphml"
    try:
        g = ig.Graph.Read_GraphML(os.path.join(base, ds["files"]["graphml"]))
    except Exception as e:  # the parser's own error is the finding
        c.fail(where, f"igraph cannot read it: {type(e).__name__}: {e}")
        return
    if g.is_directed():
        c.fail(where, "read as directed, want undirected")
    want_nodes, want_edges = ds["nodes"], ds["edges"]
    n_edges = len(want_edges) + len(ds["works_at"])
    if g.vcount() != len(want_nodes) or g.ecount() != n_edges:
        c.fail(where, f"{g.vcount()} nodes and {g.ecount()} edges, want {len(want_nodes)} and {n_edges}")

    ids = g.vs["id"]
    if set(ids) != set(want_nodes):
        c.fail(where, f"node ids differ: extra {sorted(set(ids) - set(want_nodes))[:5]}, "
                      f"missing {sorted(set(want_nodes) - set(ids))[:5]}")
    vertex = {nid: g.vs[i].attributes() for i, nid in enumerate(ids)}
    for nid, want in want_nodes.items():
        got = vertex.get(nid)
        if got is None:
            continue
        for attr, value in want.items():
            c.same(f"{where} node {nid} {attr}", value, ig_value(got.get(attr)), "igraph",
                   ds["node_types"].get(attr))

    # Edges by their ends (sorted, as igraph may swap an undirected
    # edge's), each checked against its from and to attributes.
    between = collections.defaultdict(list)
    works_at = []
    for e in g.es:
        d = {k: ig_value(v) for k, v in e.attributes().items()}
        u, v = ids[e.source], ids[e.target]
        if {u, v} != {d.get("from"), d.get("to")}:
            c.fail(f"{where} edge {u}-{v}", f"from {d.get('from')} to {d.get('to')}")
        if d.get("kind") == "WORKS_AT":
            works_at.append([d.get("from"), d.get("to")])
        else:
            between[tuple(sorted((u, v)))].append(d)
    col = EDGE_NAMES["graphml"]
    wanted = {eid: {attr: value for attr, value in want.items() if attr not in EDGE_SKIP["graphml"]}
              for eid, want in want_edges.items()}

    def mismatches(want, d):
        """How many of an expected cooperation's values edge data d misses."""
        return sum(c.differs(value, d.get(col.get(attr, attr)), "igraph", ds["edge_types"].get(attr)) is not None
                   for attr, value in want.items())

    # First every cooperation takes an edge between its nodes that holds
    # all its values; then each left takes the closest edge left there,
    # whose differences are reported.
    matched = {}
    for exact in (True, False):
        for eid, want in sorted(wanted.items()):
            if eid in matched:
                continue
            candidates = between.get(tuple(sorted((want["source"], want["target"]))), [])
            if not candidates:
                if not exact:
                    c.fail(f"{where} edge {eid}",
                           f"no igraph edge (left) between {want['source']} and {want['target']}")
                continue
            best = min(candidates, key=lambda d: mismatches(want, d))
            if exact and mismatches(want, best):
                continue
            candidates.remove(best)
            matched[eid] = best
    for eid, d in sorted(matched.items()):
        for attr, value in wanted[eid].items():
            c.same(f"{where} edge {eid} {attr}", value, d.get(col.get(attr, attr)), "igraph",
                   ds["edge_types"].get(attr))
    left = [(u, v, d.get("kind")) for (u, v), rest in between.items() for d in rest]
    if left:
        c.fail(where, f"{len(left)} edges match no cooperation, e.g. {left[:3]}")
    if sorted(works_at) != sorted(ds["works_at"]):
        c.fail(where, f"WORKS_AT edges {sorted(works_at)[:3]}..., want {ds['works_at'][:3]}...")

    for attr, value in ds.get("graph", {}).items():
        got = g[attr] if attr in g.attributes() else None
        c.same(f"{where} graph {attr}", value, ig_value(got), "igraph")
    if ds.get("check_scores"):
        check_scores_igraph(c, where, g)
    print(f"readback: {where}: {g.vcount()} nodes, {g.ecount()} edges", file=sys.stderr)


def check_scores_igraph(c, where, g):
    """Recompute betweenness and degree of the actor network with igraph.

    The actor network is check_scores': actors only, no WORKS_AT edges,
    parallel cooperations as one tie, no loops. igraph's betweenness of
    an undirected graph counts each pair of other nodes once, unscaled;
    the export's is NetworkX's normalised one, which divides that by the
    (n-1)(n-2)/2 pairs of other nodes (and leaves it for n <= 2)."""
    actors = [v.index for v in g.vs if v["kind"] != "PERSON"]
    H = g.subgraph_edges([e.index for e in g.es if e["kind"] != "WORKS_AT"], delete_vertices=False)
    H = H.induced_subgraph(actors)
    H.simplify(multiple=True, loops=True)
    n = H.vcount()
    scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 1
    bc = [b * scale for b in H.betweenness(directed=False)]
    deg = H.degree()
    for i, v in enumerate(H.vs):
        nid, btw, degree = v["id"], ig_value(v["betweenness"]), ig_value(v["degree"])
        if btw is None:
            c.fail(f"{where} node {nid}", "no betweenness")
            continue
        c.compared["igraph scores"] += 2
        if not math.isclose(btw, bc[i], rel_tol=1e-9, abs_tol=1e-12):
            c.fail(f"{where} node {nid}", f"betweenness {btw} but igraph computes {bc[i]}")
        if degree != deg[i]:
            c.fail(f"{where} node {nid}", f"degree {degree} but igraph counts {deg[i]}")


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    base, expected_path = argv[1], argv[2]
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    c = Checker()
    try:
        for ds in expected["datasets"]:
            check_dataset(c, base, ds)
    except Exception:  # a bug here, not a mismatch: keep the exit codes apart
        traceback.print_exc()
        return 3
    for msg in c.failures[:200]:
        print("readback: FAIL " + msg, file=sys.stderr)
    if c.failures:
        print(f"readback: {len(c.failures)} mismatches", file=sys.stderr)
        return 1
    by = ", ".join(f"{k} {v}" for k, v in sorted(c.compared.items()))
    print(f"readback: OK, {sum(c.compared.values())} values compared ({by}; networkx {nx.__version__}, "
          f"igraph {ig.__version__})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
