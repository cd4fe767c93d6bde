#!/usr/bin/env python3
"""Read kiezgraph's researcher exports back with parsers nobody here wrote.

    python3 scripts/readback.py DIR EXPECTED.json

EXPECTED.json (written by export's TestReadBackWithNetworkX) lists
datasets; each names its files in DIR and says what they must hold:

    {"datasets": [{
      "name": "small",
      "files": {"gexf": ..., "graphml": ..., "nodes_csv": ..., "edges_csv": ..., "cytoscape": ...},
      "nodes": {id: {attr: value or null}},   # every node; null = must be absent
      "edges": {id: {attr: value or null}},   # every cooperation, with source and target
      "works_at": [[person, actor], ...],     # every role edge, sorted
      "node_types": {attr: "str"|"bool"|"int"|"float"}, "edge_types": {...},
      "graph": {attr: value},                 # graph metadata (GraphML, Cytoscape)
      "check_scores": true,                   # recompute betweenness and degree with NetworkX
      "forbidden": [...]}]}                   # strings no file may contain

GEXF is read with networkx.read_gexf, GraphML with networkx.read_graphml,
Cytoscape JSON with networkx.cytoscape_graph and the CSV lists with the
csv module. Node and edge counts, ids, attribute values and their parsed
types are compared for every format. NetworkX reads the undirected
exports as Graph, or as MultiGraph keyed by edge id when two nodes share
several edges, so edge counts are the same either way. It may swap an
undirected edge's ends, so GEXF and GraphML are checked through their
from and to attributes.

Exits 0 when everything matches, 1 with a list of mismatches, 2 on usage
errors and 3 when the checker itself breaks.
"""

import csv
import json
import math
import os
import sys
import traceback

import networkx as nx

PY_TYPES = {"str": (str,), "bool": (bool,), "int": (int,), "float": (float,)}


class Checker:
    def __init__(self):
        self.failures = []
        self.compared = 0

    def fail(self, where, msg):
        self.failures.append(f"{where}: {msg}")

    def same(self, where, want, got, fmt, typ=None):
        """Compare an expected value with a parsed one; CSV cells are text."""
        self.compared += 1
        if want is None:
            if got not in (None, ""):
                self.fail(where, f"got {got!r}, want it absent")
            return
        if got is None or (fmt == "csv" and got == "" and want != ""):
            self.fail(where, f"missing, want {want!r}")
            return
        if fmt == "csv":
            if isinstance(want, bool):
                ok = got == ("true" if want else "false")
            elif isinstance(want, (int, float)):
                ok = math.isclose(float(got), want, rel_tol=1e-12, abs_tol=1e-12)
            else:
                ok = got == want
        else:
            if typ is not None and not self.typed(got, typ, fmt):
                self.fail(where, f"{got!r} is a {type(got).__name__}, want {typ}")
                return
            if isinstance(want, bool) or isinstance(got, bool):
                ok = got is want
            elif isinstance(want, (int, float)):
                ok = isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-12)
            else:
                ok = got == want
        if not ok:
            self.fail(where, f"got {got!r}, want {want!r}")

    @staticmethod
    def typed(value, typ, fmt):
        if typ == "float" and fmt == "cytoscape":
            # JSON writes 1.0 as 1.
            return isinstance(value, (int, float)) and not isinstance(value, bool)
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
        if not math.isclose(d["betweenness"], bc[n], rel_tol=1e-9, abs_tol=1e-12):
            c.fail(f"{where} node {n}", f"betweenness {d['betweenness']} but NetworkX computes {bc[n]}")
        if d.get("degree") != H.degree(n):
            c.fail(f"{where} node {n}", f"degree {d.get('degree')} but NetworkX counts {H.degree(n)}")


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
    print(f"readback: OK, {c.compared} values compared (networkx {nx.__version__})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
