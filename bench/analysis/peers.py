"""Time python-igraph and NetworkX on an edge list written by analysisbench.

    python3 peers.py EDGES N IMPL [SAMPLE]

IMPL is igraph (exact betweenness + constraint) or networkx. NetworkX's
exact betweenness is far too slow for these sizes, so it runs from SAMPLE
sources (nx.betweenness_centrality(k=SAMPLE)) and constraint on SAMPLE
nodes, and the times are scaled to all n nodes: both costs are linear in
the number of sources / nodes. Prints one JSON object.
"""
import json
import random
import sys
import time


def main():
    path, n, impl = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    sample = int(sys.argv[4]) if len(sys.argv) > 4 else 100
    edges = [tuple(map(int, line.split())) for line in open(path)]
    out = {"impl": impl, "n": n, "m": len(edges)}
    if impl == "igraph":
        import igraph
        g = igraph.Graph(n=n, edges=edges, directed=False)
        t = time.perf_counter()
        g.betweenness(directed=False)
        out["betweenness_s"] = time.perf_counter() - t
        t = time.perf_counter()
        g.constraint()
        out["constraint_s"] = time.perf_counter() - t
        out["version"] = igraph.__version__
    elif impl == "networkx":
        import networkx as nx
        g = nx.Graph()
        g.add_nodes_from(range(n))
        g.add_edges_from(edges)
        t = time.perf_counter()
        nx.betweenness_centrality(g, k=sample, seed=1)
        out["betweenness_s"] = (time.perf_counter() - t) * n / sample
        nodes = random.Random(1).sample(range(n), sample)
        t = time.perf_counter()
        nx.constraint(g, nodes=nodes)
        out["constraint_s"] = (time.perf_counter() - t) * n / sample
        out["extrapolated_from"] = sample
        out["version"] = nx.__version__
    else:
        sys.exit("unknown impl " + impl)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
