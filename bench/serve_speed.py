"""Serving speed: /sparql latency against the embedded store directly, and throughput.

    python bench/serve_speed.py [--store PATH] [--runs N] [--seconds S] [--clients C]

Loads the bundled samples into a store (unless --store names a loaded one), starts
`budgetlod serve` on loopback and, in the same run:
  * for each example query, the median time of the query run directly on the embedded store
    (pyoxigraph, results serialised to SPARQL JSON) and through HTTP /sparql (same JSON), and their
    ratio (target <= 1.5);
  * simple queries per second with C concurrent keep-alive clients (target >= 200 with 8 on 2 cores).
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

from budgetlod.namespaces import DEFAULT_BASE
from budgetlod.store.examples import EXAMPLES, SIMPLE_QUERY
from budgetlod.store.loading import load
from budgetlod.store.storedir import OXIGRAPH, StoreDir

ROOT = Path(__file__).resolve().parent.parent


def direct(store: ox.Store, query: str) -> bytes:
    return store.query(query, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)  # type: ignore[union-attr]


def over_http(conn: http.client.HTTPConnection, query: str) -> bytes:
    conn.request(
        "GET",
        "/sparql?" + urllib.parse.urlencode({"query": query}),
        headers={"Accept": "application/sparql-results+json"},
    )
    resp = conn.getresponse()
    body = resp.read()
    assert resp.status == 200, body[:300]
    return body


def paired_medians(a, b, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median seconds of a() and b(), alternated run by run so both see the same machine state."""
    a(), b()  # warm-up
    ta, tb = [], []
    for _ in range(runs):
        for fn, times in ((a, ta), (b, tb)):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
    return statistics.median(ta), statistics.median(tb)


def throughput(port: int, clients: int, seconds: float) -> tuple[float, float]:
    counts, latencies = [0] * clients, []
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < stop:
            t = time.perf_counter()
            over_http(conn, SIMPLE_QUERY)
            mine.append(time.perf_counter() - t)
            counts[i] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    latencies.sort()
    return sum(counts) / elapsed, latencies[int(len(latencies) * 0.95)]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store")
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args(argv)
    store_path = args.store or tempfile.mkdtemp(prefix="budgetlod-bench-")
    sd = StoreDir(store_path)
    if sd.current() is None:
        load(sd, [str(ROOT / "samples")], DEFAULT_BASE)
    gen = sd.current()
    assert gen is not None
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).parent / "budgetlod"
    server = subprocess.Popen(
        [str(exe), "serve", "--store", store_path, "--port", str(port)], stderr=subprocess.DEVNULL
    )
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(300):
            try:
                over_http(conn, "ASK {}")
                break
            except OSError:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                time.sleep(0.1)
        store = ox.Store.read_only(str(gen / OXIGRAPH))
        print(f"store {store_path}: {os.cpu_count()} CPUs")
        print(f"{'query':28} {'direct ms':>10} {'/sparql ms':>11} {'ratio':>6}")
        for ex in EXAMPLES:
            d, h = paired_medians(
                lambda q=ex.query: direct(store, q), lambda q=ex.query: over_http(conn, q), args.runs
            )
            print(f"{ex.key:28} {d * 1000:10.2f} {h * 1000:11.2f} {h / d:6.2f}")
        qps, p95 = throughput(port, args.clients, args.seconds)
        print(
            f"simple query, {args.clients} clients, {args.seconds:g} s: "
            f"{qps:.0f} queries/s, p95 {p95 * 1000:.1f} ms"
        )
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(30)


if __name__ == "__main__":
    main(sys.argv[1:])
