#!/usr/bin/env python3
"""Generate the NetworkX golden files used by the analysis package tests.

Run from anywhere:  python3 analysis/testdata/gen_golden.py

Requires networkx (3.6.1 was used), numpy and scipy. SciPy matters: with
SciPy installed nx.constraint takes its sparse-matrix path, which treats
in- and out-neighbours alike for directed graphs (a node with only
in-neighbours gets a value, not NaN); the Go code follows that definition.

nx.effective_size is NOT taken from its sparse path: in NetworkX 3.6.1 that
path divides m_vw by the wrong node's maximum mutual weight (broadcast
along the wrong axis; networkx PR #8906), which changes weighted and
directed results. The per-node path (nodes=list(G)) implements the
documented formula and is used instead; for directed nodes that only have
in-neighbours, where that path returns NaN, the same formula is evaluated
with NetworkX's own normalized_mutual_weight helper.

The Go tests only read the JSON files written here and never need Python.

Each file holds one graph: node labels (index = position), the merged edge
list, and NetworkX's values. NaN is written as null.
"""

import json
import math
import os
import random
import sys

import networkx as nx
from networkx.algorithms.structuralholes import normalized_mutual_weight

try:
    import scipy  # noqa: F401  (selects NetworkX's matrix code paths)
except ImportError:
    sys.exit("gen_golden.py needs scipy installed (pip install scipy)")

OUT = os.path.dirname(os.path.abspath(__file__))
LOUVAIN_SEEDS = 20

# String node labels (Florentine, Davis) make set iteration order depend on
# Python's hash seed; fix it so that reruns write identical files.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)


def clean(x):
    """Make values JSON-safe: NaN -> None, numpy scalars -> Python."""
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, float) or hasattr(x, "dtype"):
        x = float(x)
        return None if math.isnan(x) else x
    return x


def vec(G, d):
    return [d[v] for v in G.nodes()]


def membership(G, communities):
    index = {v: i for i, v in enumerate(G.nodes())}
    m = [0] * len(index)
    for c, members in enumerate(communities):
        for v in members:
            m[index[v]] = c
    return m


def articulation(G):
    U = G.to_undirected() if G.is_directed() else G
    out = []
    for v in sorted(nx.articulation_points(U), key=list(U.nodes()).index):
        comp = nx.node_connected_component(U, v)
        H = U.subgraph(comp - {v})
        sizes = sorted((len(c) for c in nx.connected_components(H)), reverse=True)
        out.append({"node": list(U.nodes()).index(v), "part_sizes": sizes})
    return out


def golden(name, G, weighted, extra_partitions=None, sample_seed=7, sample_k=5):
    nodes = list(G.nodes())
    index = {v: i for i, v in enumerate(nodes)}
    n = len(nodes)
    edges = [
        [index[u], index[v], float(d.get("weight", 1)) if weighted else 1.0]
        for u, v, d in G.edges(data=True)
    ]
    H = G
    if not weighted:
        H = G.copy()
        for _, _, d in H.edges(data=True):
            d.pop("weight", None)
    w = "weight" if weighted else None

    g = {
        "name": name,
        "directed": G.is_directed(),
        "weighted": weighted,
        "n": n,
        "nodes": [str(v) for v in nodes],
        "edges": edges,
        "networkx_version": nx.__version__,
    }

    g["betweenness"] = vec(G, nx.betweenness_centrality(H, normalized=True))
    g["betweenness_raw"] = vec(G, nx.betweenness_centrality(H, normalized=False))
    if weighted:
        g["betweenness_weighted"] = vec(G, nx.betweenness_centrality(H, normalized=True, weight="weight"))
        g["betweenness_weighted_raw"] = vec(G, nx.betweenness_centrality(H, normalized=False, weight="weight"))
    # Sampled sources: NetworkX draws them with random.Random(seed).sample.
    sources = random.Random(sample_seed).sample(list(H.nodes()), sample_k)
    g["sample_sources"] = [index[s] for s in sources]
    g["betweenness_sampled"] = vec(G, nx.betweenness_centrality(H, k=sample_k, normalized=True, seed=sample_seed))
    g["betweenness_sampled_raw"] = vec(G, nx.betweenness_centrality(H, k=sample_k, normalized=False, seed=sample_seed))

    g["constraint"] = vec(G, nx.constraint(H))
    g["effective_size"] = vec(G, effective_size(H, None))
    if weighted:
        g["constraint_weighted"] = vec(G, nx.constraint(H, weight="weight"))
        g["effective_size_weighted"] = vec(G, effective_size(H, "weight"))

    g["clustering"] = vec(G, nx.clustering(H))
    if weighted:
        g["clustering_weighted"] = vec(G, nx.clustering(H, weight="weight"))
    g["average_clustering"] = nx.average_clustering(H)
    g["transitivity"] = nx.transitivity(H.to_undirected() if H.is_directed() else H)
    g["density"] = nx.density(H)

    U = H.to_undirected() if H.is_directed() else H
    comps = sorted(nx.connected_components(U), key=len, reverse=True)
    g["components"] = len(comps)
    g["largest_component"] = len(comps[0]) if comps else 0
    g["isolates"] = nx.number_of_isolates(H)
    g["degree_histogram"] = nx.degree_histogram(H)
    if not H.is_directed() and comps:
        g["largest_component_avg_path"] = nx.average_shortest_path_length(H.subgraph(comps[0]))
    g["articulation_points"] = articulation(H)

    partitions = dict(extra_partitions or {})
    louvain = nx.community.louvain_communities(H, weight="weight", seed=42)
    partitions["louvain"] = membership(G, louvain)
    # The modularity (γ = 1) that NetworkX's Louvain reaches with seeds
    # 1..LOUVAIN_SEEDS, for the Go tests' comparison of their Louvain with
    # NetworkX's (analysis/louvain_test.go).
    g["louvain_modularity"] = [
        nx.community.modularity(H, nx.community.louvain_communities(H, weight="weight", seed=s), weight="weight")
        for s in range(1, LOUVAIN_SEEDS + 1)
    ]
    g["partitions"] = []
    for pname, memb in partitions.items():
        comms = {}
        for i, c in enumerate(memb):
            comms.setdefault(c, set()).add(nodes[i])
        comms = list(comms.values())
        for res in (1.0, 0.5, 1.5):
            g["partitions"].append({
                "name": pname,
                "resolution": res,
                "membership": memb,
                "modularity": nx.community.modularity(H, comms, weight="weight", resolution=res),
            })

    pairs = []
    rng = random.Random(11)
    for _ in range(6):
        s, t = rng.randrange(n), rng.randrange(n)
        try:
            paths = sorted([index[v] for v in p] for p in nx.all_shortest_paths(H, nodes[s], nodes[t]))
        except nx.NetworkXNoPath:
            paths = []
        pairs.append({"from": s, "to": t, "paths": paths})
    g["shortest_paths"] = pairs
    ego = []
    for c in (0, n // 2):
        for r in (1, 2):
            members = sorted(index[v] for v in nx.ego_graph(H, nodes[c], radius=r))
            ego.append({"node": c, "radius": r, "members": members})
    g["ego"] = ego
    return g


def effective_size(G, weight):
    """nx.effective_size by its per-node path, completed for in-only nodes."""
    es = nx.effective_size(G, nodes=list(G), weight=weight)
    for u, val in es.items():
        nbrs = set(nx.all_neighbors(G, u)) - {u}
        if math.isnan(val) and nbrs:
            es[u] = sum(
                1
                - sum(
                    normalized_mutual_weight(G, u, w, weight=weight)
                    * normalized_mutual_weight(G, v, w, norm=max, weight=weight)
                    for w in nbrs
                )
                for v in nbrs
            )
    return es


def random_weights(G, seed):
    rng = random.Random(seed)
    for u, v in G.edges():
        G[u][v]["weight"] = rng.randint(1, 5)
    return G


def main():
    files = {}

    K = nx.karate_club_graph()
    club = [0 if K.nodes[v]["club"] == "Mr. Hi" else 1 for v in K.nodes()]
    files["karate"] = golden("karate", K, False, {"club": club})
    files["karate_weighted"] = golden("karate_weighted", K, True, {"club": club})

    files["florentine"] = golden("florentine", nx.florentine_families_graph(), False)

    B = nx.davis_southern_women_graph()
    women = [v for v, d in B.nodes(data=True) if d["bipartite"] == 0]
    events = [v for v, d in B.nodes(data=True) if d["bipartite"] == 1]
    # Rebuild the projection with nodes and edges in a canonical order.
    P0 = nx.bipartite.weighted_projected_graph(B, women)
    P = nx.Graph()
    P.add_nodes_from(women)
    P.add_edges_from(
        sorted(
            ((u, v, d) if women.index(u) < women.index(v) else (v, u, d) for u, v, d in P0.edges(data=True)),
            key=lambda e: (women.index(e[0]), women.index(e[1])),
        )
    )
    d = golden("davis_women", P, True)
    d["participations"] = [[women.index(u), events.index(v)] for u, v in B.edges() if u in women] + [
        [women.index(v), events.index(u)] for u, v in B.edges() if v in women
    ]
    # The projection's own edges, for ProjectTwoMode.
    d["projection"] = sorted(
        [min(women.index(u), women.index(v)), max(women.index(u), women.index(v)), dd["weight"]]
        for u, v, dd in P.edges(data=True)
    )
    files["davis_women"] = d

    files["gnp_undirected"] = golden("gnp_undirected", nx.gnp_random_graph(40, 0.1, seed=1), False)
    files["gnp_directed"] = golden("gnp_directed", nx.gnp_random_graph(40, 0.08, seed=2, directed=True), False)
    files["gnp_weighted"] = golden("gnp_weighted", random_weights(nx.gnp_random_graph(50, 0.12, seed=3), 3), True)
    files["gnp_directed_weighted"] = golden(
        "gnp_directed_weighted",
        random_weights(nx.gnp_random_graph(35, 0.12, seed=4, directed=True), 4),
        True,
    )
    # Sparse: several components and isolates (NaN constraint, path lengths).
    files["gnp_sparse"] = golden("gnp_sparse", nx.gnp_random_graph(60, 0.03, seed=5), False)

    for name, g in files.items():
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(clean(g), f, indent=1, allow_nan=False)
            f.write("\n")
        print("wrote", name + ".json")


if __name__ == "__main__":
    main()
