"""One graph operation in one peer library, timed in-process.

    python peer.py LIB OP FILE THREADS [--values OUT] [--epsilon E]

LIB is networkx, igraph, networkit or rustworkx; OP as for
`colead-graph-op` (load, betweenness, betweenness_weighted,
approx_betweenness, closeness, closeness_weighted, harmonic, pagerank,
louvain, core_number, components, clustering). FILE is
a plain `u v` edge list, read as an undirected graph with each library's
own edge-list reader (timed as `load`); for the `_weighted` operations a
`u v w` list (w a tie strength; path length Σ 1/w as in colead), read with
Python and passed to the library (igraph, networkit). Prints one JSON line like the Rust
binary: seconds, load seconds, checksum, peak RSS (MiB); exit code 3 when
the library has no such operation.
"""

import json
import os
import resource
import sys
import time

UNSUPPORTED = 3


def preload(lib):
    """Imports the library before any timing starts."""
    import importlib

    importlib.import_module(lib)


def load_weighted(lib, path):
    """An undirected graph with edge lengths 1/w from a `u v w` list."""
    edges, lengths, n = [], [], 0
    with open(path) as fh:
        for line in fh:
            f = line.split()
            if len(f) < 3 or f[0].startswith("#"):
                continue
            u, v, w = int(f[0]), int(f[1]), float(f[2])
            edges.append((u, v))
            lengths.append(1.0 / w)
            n = max(n, u + 1, v + 1)
    if lib == "igraph":
        import igraph as ig

        g = ig.Graph(n=n, edges=edges, directed=False)
        g.es["length"] = lengths
        return g
    if lib == "networkit":
        import networkit as nk

        g = nk.Graph(n, weighted=True, directed=False)
        for (u, v), l in zip(edges, lengths):
            g.addEdge(u, v, l)
        return g
    if lib == "networkx":
        import networkx as nx

        g = nx.Graph()
        g.add_nodes_from(range(n))
        for (u, v), l in zip(edges, lengths):
            g.add_edge(u, v, length=l)
        return g
    return None


def load(lib, path):
    if lib == "networkx":
        import networkx as nx

        return nx.read_edgelist(path, nodetype=int)
    if lib == "igraph":
        import igraph as ig

        return ig.Graph.Read_Edgelist(path, directed=False)
    if lib == "networkit":
        import networkit as nk

        return nk.graphio.EdgeListReader(" ", 0, directed=False, continuous=True).read(path)
    if lib == "rustworkx":
        import rustworkx as rx

        return rx.PyGraph.read_edge_list(path)
    raise SystemExit(f"unknown library {lib}")


def ordered(lib, g, values):
    """Per-node values as a list indexed by node number."""
    if lib == "networkx":
        return [values[v] for v in sorted(g.nodes())]
    if isinstance(values, dict) or hasattr(values, "keys"):
        return [values[v] for v in sorted(values.keys())]
    return list(values)


def run(lib, op, g, threads, epsilon):
    """Returns (values, extra dict) or None when unsupported."""
    if lib == "networkx":
        import networkx as nx

        f = {
            "betweenness": lambda: nx.betweenness_centrality(g, normalized=False),
            "betweenness_weighted": lambda: nx.betweenness_centrality(g, normalized=False, weight="length"),
            "closeness": lambda: nx.closeness_centrality(g),
            "closeness_weighted": lambda: nx.closeness_centrality(g, distance="length"),
            "harmonic": lambda: nx.harmonic_centrality(g),
            "pagerank": lambda: nx.pagerank(g, tol=1e-10, max_iter=10000),
            "core_number": lambda: nx.core_number(g),
            "clustering": lambda: nx.clustering(g),
        }
        if op in f:
            return ordered(lib, g, f[op]()), {}
        if op == "components":
            comps = list(nx.connected_components(g))
            return [len(c) for c in comps], {"count": len(comps)}
        if op == "louvain":
            comms = nx.community.louvain_communities(g, seed=42)
            return [len(c) for c in comms], {
                "modularity": nx.community.modularity(g, comms),
                "communities": len(comms),
            }
        return None
    if lib == "igraph":
        f = {
            "betweenness": lambda: g.betweenness(directed=False),
            "betweenness_weighted": lambda: g.betweenness(directed=False, weights="length"),
            "closeness": lambda: g.closeness(),
            "closeness_weighted": lambda: g.closeness(weights="length"),
            "harmonic": lambda: g.harmonic_centrality(normalized=False),
            "pagerank": lambda: g.pagerank(),
            "core_number": lambda: g.coreness(),
            "clustering": lambda: g.transitivity_local_undirected(mode="zero"),
        }
        if op in f:
            return list(f[op]()), {}
        if op == "components":
            c = g.connected_components()
            return list(c.membership), {"count": len(c)}
        if op == "louvain":
            c = g.community_multilevel()
            return list(c.membership), {"modularity": c.modularity, "communities": len(c)}
        return None
    if lib == "networkit":
        import networkit as nk

        nk.setNumberOfThreads(threads)
        c = nk.centrality
        algos = {
            "betweenness": lambda: c.Betweenness(g, normalized=False),
            "betweenness_weighted": lambda: c.Betweenness(g, normalized=False),
            "approx_betweenness": lambda: c.ApproxBetweenness(g, epsilon=epsilon, delta=0.1),
            "closeness": lambda: c.Closeness(g, True, c.ClosenessVariant.GENERALIZED),
            "closeness_weighted": lambda: c.Closeness(g, True, c.ClosenessVariant.GENERALIZED),
            "harmonic": lambda: c.HarmonicCloseness(g, normalized=False),
            "pagerank": lambda: c.PageRank(g, damp=0.85, tol=1e-10),
            "core_number": lambda: c.CoreDecomposition(g),
            "clustering": lambda: c.LocalClusteringCoefficient(g),
        }
        if op in algos:
            a = algos[op]()
            a.run()
            extra = {}
            if op == "approx_betweenness":
                extra["samples"] = a.numberOfSamples()
            return list(a.scores()), extra
        if op == "components":
            a = nk.components.ConnectedComponents(g)
            a.run()
            return list(a.getPartition().getVector()), {"count": a.numberOfComponents()}
        if op == "louvain":
            a = nk.community.PLM(g)
            a.run()
            p = a.getPartition()
            return list(p.getVector()), {
                "modularity": nk.community.Modularity().getQuality(p, g),
                "communities": p.numberOfSubsets(),
            }
        return None
    if lib == "rustworkx":
        import rustworkx as rx

        f = {
            "betweenness": lambda: rx.betweenness_centrality(g, normalized=False),
            "closeness": lambda: rx.closeness_centrality(g, wf_improved=True),
            "core_number": lambda: rx.core_number(g),
        }
        if op in f:
            return ordered(lib, g, f[op]()), {}
        if op == "components":
            comps = rx.connected_components(g)
            return [len(c) for c in comps], {"count": len(comps)}
        return None
    return None


PEERS = ["igraph", "networkit", "rustworkx", "networkx"]
SINGLE = {"igraph", "networkx"}


def read_values(path):
    try:
        with open(path) as fh:
            return [float(x) for x in fh]
    except OSError:
        return None


def check(out, size, op, nodes):
    """Agreement with igraph (max |difference|), as text."""
    d = f"{out}/{size}"
    mine = read_values(f"{d}/{op}.colead.txt")
    if op == "approx_betweenness":
        exact = read_values(f"{d}/betweenness.igraph.txt") or read_values(f"{d}/betweenness.colead.txt")
        if not exact or not mine:
            return ""
        n = len(exact)
        scale = 2.0 / ((n - 1) * (n - 2))
        err = lambda vals, k: max(abs(a * scale - b * k) for a, b in zip(exact, vals))
        text = f"max err {err(mine, 1.0):.1e}"
        nk = read_values(f"{d}/{op}.networkit.txt")
        if nk:
            text += f" (NetworKit {err(nk, n / (n - 2)):.1e})"
        return text
    if op == "betweenness_weighted":
        # igraph treats path lengths equal within a relative epsilon as
        # ties (1/3 + 1/6 vs 1/2), colead and NetworkX use exact equality:
        # compare with NetworkX where it ran.
        nx_vals = read_values(f"{d}/{op}.networkx.txt")
        if mine and nx_vals and len(mine) == len(nx_vals):
            rel = max(abs(a - b) / max(abs(b), 1.0) for a, b in zip(mine, nx_vals))
            return f"max rel diff vs NetworkX {rel:.1e}"
    other = read_values(f"{d}/{op}.igraph.txt")
    if not mine or not other or op in ("louvain", "components", "load"):
        return ""
    if len(mine) != len(other):
        return "length differs"
    return f"max diff {max(abs(a - b) for a, b in zip(mine, other)):.1e}"


def summarise(out):
    import statistics
    from collections import defaultdict

    runs = defaultdict(list)
    cpu = defaultdict(list)
    rss = defaultdict(list)
    extra = {}
    nodes = {}
    with open(f"{out}/results.jsonl") as fh:
        for line in fh:
            r = json.loads(line)
            k = (r["size"], r["op"], r["lib"], r["threads"])
            runs[k].append(r["seconds"])
            if "cpu_seconds" in r:
                cpu[k].append(r["cpu_seconds"])
            rss[(r["size"], r["op"], r["lib"])].append(r["rss_mib"])
            if "modularity" in r:
                extra[(r["size"], r["op"], r["lib"])] = f"Q={r['modularity']:.4f}"
            if "nodes" in r:
                nodes[r["size"]] = r["nodes"]
    med = {k: statistics.median(v) for k, v in runs.items()}
    cmed = {k: statistics.median(v) for k, v in cpu.items()}
    sizes = sorted({k[0] for k in med}, key=["S", "M", "L", "L2"].index)
    ops = []
    for k in med:
        if k[1] not in ops:
            ops.append(k[1])
    fmt = lambda x: "—" if x is None else (f"{x:.3g}" if x >= 0.001 else f"{x * 1e3:.2g} ms")
    cols = ["colead 1/2 thr", "igraph", "NetworKit 1/2", "rustworkx 1/2", "NetworkX",
            "colead ÷ fastest, 1 thr", "colead ÷ fastest, 2 thr", "CPU time, 1 thr: colead ÷ fastest", "peak RSS colead / min peer (MiB)", "check"]
    print("| size | operation (seconds, median) | " + " | ".join(cols) + " |")
    print("|" + "---|" * (len(cols) + 2))
    for size in sizes:
        for op in ops:
            g = lambda lib, t: med.get((size, op, lib, t))
            if g("colead", 1) is None:
                continue
            pair = lambda lib: f"{fmt(g(lib, 1))} / {fmt(g(lib, 2))}"
            best1 = min([x for x in (g(p, 1) for p in PEERS) if x is not None], default=None)
            best2 = min([x for x in [g(p, 1) for p in SINGLE] + [g(p, 2) for p in PEERS if p not in SINGLE]
                         if x is not None], default=None)
            ratio = lambda a, b: "—" if a is None or b is None else f"{a / b:.2f}"
            peer_rss = [max(v) for (s_, o, lib), v in rss.items() if s_ == size and o == op and lib != "colead"]
            mine_rss = max(rss.get((size, op, "colead"), [0]))
            q = " ".join(f"{lib} {extra[(size, op, lib)]}" for lib in ["colead"] + PEERS if (size, op, lib) in extra)
            cells = [pair("colead"), fmt(g("igraph", 1)), pair("networkit"), pair("rustworkx"), fmt(g("networkx", 1)),
                     ratio(g("colead", 1), best1), ratio(g("colead", 2), best2),
                     ratio(cmed.get((size, op, "colead", 1)),
                           min([x for x in (cmed.get((size, op, p, 1)) for p in PEERS) if x], default=None)),
                     f"{mine_rss:.0f} / {min(peer_rss):.0f}" if peer_rss else "—",
                     (check(out, size, op, nodes.get(size)) + " " + q).strip()]
            print(f"| {size} | {op} | " + " | ".join(cells) + " |")


def main():
    args = sys.argv[1:]
    if args and args[0] == "summarise":
        summarise(args[1])
        return
    lib, op, path, threads = args[0], args[1], args[2], int(args[3])
    opt = lambda name, d: args[args.index(name) + 1] if name in args else d
    values_out = opt("--values", None)
    epsilon = float(opt("--epsilon", "0.01"))
    preload(lib)
    t = time.perf_counter()
    g = load_weighted(lib, path) if op.endswith("_weighted") else load(lib, path)
    if g is None:
        sys.exit(UNSUPPORTED)
    load_s = time.perf_counter() - t
    if op == "load":
        seconds, values, extra = load_s, [0.0], {}
        cpu = time.process_time()
    else:
        t = time.perf_counter()
        c = time.process_time()
        out = run(lib, op, g, threads, epsilon)
        seconds = time.perf_counter() - t
        cpu = time.process_time() - c
        if out is None:
            sys.exit(UNSUPPORTED)
        values, extra = out
    if values_out:
        with open(values_out, "w") as fh:
            fh.write("".join(f"{float(v)!r}\n" for v in values))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    rec = {"lib": lib, "op": op, "threads": threads, "seconds": seconds, "cpu_seconds": cpu, "load_seconds": load_s,
           "checksum": float(sum(values)), "rss_mib": round(rss, 1)}
    rec.update(extra)
    print(json.dumps(rec))


if __name__ == "__main__":
    main()
