"""The scale benchmark: build a generated corpus and measure the store, dumps and queries.

    python bench/scale_corpus.py 1000 /tmp/scale/docs --pdf 20
    python bench/scale_bench.py /tmp/scale/docs /tmp/scale/store [--rdflib-docs 20]

Prints, in one run: build time and documents per minute (2 processes), peak memory of the whole
build process tree (sampled every 0.2 s from /proc), store size on disk and triples, the time to
write the corpus dumps again, and for each example query the p50 / p95 latency through HTTP
/sparql, directly on the embedded store, and on rdflib's in-memory evaluator (over the first K
documents only: rdflib cannot hold the whole corpus — see the README table).
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from budgetlod.store.compare import compare_query
from budgetlod.store.dumps import write_corpus_dumps
from budgetlod.store.examples import EXAMPLES
from budgetlod.store.storedir import DUMPS, OXIGRAPH, StoreDir

BIN = Path(sys.executable).parent


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:")) * 1024
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo += [int(c) for c in fh.read().split()]
        except (OSError, StopIteration):
            pass
    return total


def build(docs: Path, store: Path) -> tuple[float, int, str]:
    t = time.perf_counter()
    cmd = [str(BIN / "budgetlod"), "build", str(docs), "--store", str(store), "--jobs", "2"]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:  # a pipe would fill and stall the build
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.2)
        log.seek(0)
        summary = [line for line in log.read().splitlines() if line.startswith("store ")]
    return time.perf_counter() - t, peak, summary[-1] if summary else ""


def direct(store: ox.Store, query: str) -> bytes:
    results = store.query(query, use_default_graph_as_union=True)
    return results.serialize(format=ox.QueryResultsFormat.JSON)  # type: ignore[union-attr]


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times) * 1000, times[int(len(times) * 0.95) - 1] * 1000


def timed(fn, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    fn()
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return percentiles(out)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", type=Path)
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rdflib-docs", type=int, default=20)
    parser.add_argument("--skip-build", action="store_true", help="measure an already built store")
    parser.add_argument(
        "--skip-dumps", action="store_true", help="do not time writing the corpus dumps again"
    )
    args = parser.parse_args(argv)
    n = sum(1 for p in args.docs.iterdir() if p.suffix in (".txt", ".pdf"))
    if args.skip_build:
        seconds, peak, summary = 1.0, 0, "(not built in this run)"
    else:
        seconds, peak, summary = build(args.docs, args.store)
    print(
        f"build: {n} documents in {seconds:.0f} s = {n / seconds * 60:.1f} documents/minute; "
        f"peak RSS {peak / 2**30:.2f} GiB"
    )
    print(f"  {summary}")
    gen = StoreDir(args.store).current()
    m = StoreDir(args.store).manifest()
    assert gen is not None and m is not None
    size = sum(f.stat().st_size for f in (gen / OXIGRAPH).rglob("*") if f.is_file())
    dumps = sum(f.stat().st_size for f in (gen / DUMPS).rglob("*") if f.is_file())
    store = ox.Store.read_only(str(gen / OXIGRAPH))
    print(f"store: {len(store):,} quads, {size / 2**20:.0f} MiB on disk; dumps {dumps / 2**20:.0f} MiB")
    if not args.skip_dumps:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            write_corpus_dumps(Path(tmp), store, {})
            print(
                f"corpus dumps (N-Quads.gz, N-Triples.gz, Turtle, JSON-LD) in {time.perf_counter() - t:.1f} s"
            )
    # rdflib's evaluator on the first K documents' graphs (it cannot hold the whole corpus).
    ds = Dataset(default_union=True)
    first = [e for e in m.disclosures()][: args.rdflib_docs]
    for e in first:
        ds.graph(e.graph).parse(gen / DUMPS / e.dumps["turtle"], format="turtle")
    port = 8700 + os.getpid() % 200
    cmd = [str(BIN / "budgetlod"), "serve", "--store", str(args.store), "--port", str(port)]
    server = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(300):
            try:
                conn.request("GET", "/sparql?query=ASK%7B%7D")
                conn.getresponse().read()
                break
            except OSError:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                time.sleep(0.2)

        def http_query(q: str) -> None:
            conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": q}))
            resp = conn.getresponse()
            resp.read()
            assert resp.status == 200, resp.status

        print(
            f"{'query':26} {'/sparql p50/p95 ms':>20} {'embedded p50/p95':>18} "
            f"{f'rdflib ({len(first)} docs)':>20}"
        )
        queries = [(e.key, e.query) for e in EXAMPLES] + [("compare 2010301", compare_query("2010301"))]
        for key, query in queries:
            h = timed(lambda q=query: http_query(q), args.runs)
            d = timed(lambda q=query: direct(store, q), args.runs)
            r = timed(lambda q=query: ds.query(q).serialize(format="json"), max(3, args.runs // 5))
            print(f"{key:26} {h[0]:9.1f} /{h[1]:8.1f} {d[0]:8.1f} /{d[1]:8.1f} {r[0]:9.1f} /{r[1]:9.1f}")
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(60)


if __name__ == "__main__":
    main(sys.argv[1:])
