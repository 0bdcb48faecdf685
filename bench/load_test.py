"""Load test: concurrent clients drive a running `budgetlod serve` on loopback for a fixed time.

    python bench/load_test.py --store PATH [--seconds 60] [--clients 8] [--json]

Starts the server (2 query workers, a 2 s query timeout) and mixes SPARQL (the example queries and
a simple one), pages (home, query page with a result, a department, a budget line), a compare page,
dump downloads and, now and then, a pathological query that must be stopped at the timeout (503).
Reports requests per second, p50 / p95 / p99 latency, statuses, any 5xx other than those timeouts,
and the server's memory (its process tree) at start, peak and end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_bench import tree_rss  # a sibling script, not a package

from budgetlod.store.examples import EXAMPLES, SIMPLE_QUERY
from budgetlod.store.storedir import StoreDir

PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def requests_for(store: str) -> list[tuple[str, str, int]]:
    """(kind, path, weight) of the mix; paths taken from the store's own manifest."""
    m = StoreDir(store).manifest()
    assert m is not None, f"{store}: not a loaded store"
    doc = m.disclosures()[0]
    base = m.base
    doc_path = (doc.doc or "").removeprefix(base)
    q = lambda text: "/sparql?" + urllib.parse.urlencode({"query": text})  # noqa: E731
    mix = [("sparql", q(SIMPLE_QUERY), 30)] + [("sparql", q(e.query), 6) for e in EXAMPLES]
    mix += [
        ("page", "/", 5),
        ("page", "/query?" + urllib.parse.urlencode({"query": EXAMPLES[2].query}), 3),
        ("page", "/id/" + urllib.parse.quote((doc.department_iri or doc.doc or "").removeprefix(base)), 5),
        ("page", "/id/" + urllib.parse.quote(doc_path) + "/table/expenditure-summary", 5),
        ("page", "/compare?code=2010301", 3),
        ("dump", "/dumps/" + doc.dumps["turtle"], 4),
        ("dump", "/dumps/" + m.dumps["csv-lines"], 2),
        ("pathological", q(PATHOLOGICAL), 1),
    ]  # fmt: skip
    return mix


def run(store: str, seconds: float, clients: int) -> dict[str, object]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).parent / "budgetlod"
    server = subprocess.Popen(
        [str(exe), "serve", "--store", store, "--port", str(port), "--timeout", "2",
         "--threads", str(clients + 4)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    mix = requests_for(store)
    kinds = [r for r in mix for _ in range(r[2])]
    results: list[tuple[str, int, float]] = []
    lock = threading.Lock()
    try:
        for _ in range(300):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=5).request("GET", "/")
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(0.5)
        rss_start, rss_peak = tree_rss(server.pid), 0
        stop = time.monotonic() + seconds

        def client(seed: int) -> None:
            rng = random.Random(seed)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine = []
            while time.monotonic() < stop:
                kind, path, _ = rng.choice(kinds)
                t = time.perf_counter()
                try:
                    conn.request("GET", path)
                    resp = conn.getresponse()
                    resp.read()
                    status = resp.status
                except (OSError, http.client.HTTPException):
                    status = 0
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                mine.append((kind, status, time.perf_counter() - t))
            with lock:
                results.extend(mine)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            rss_peak = max(rss_peak, tree_rss(server.pid))
            time.sleep(0.5)
        rss_end = tree_rss(server.pid)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(30)
    normal = sorted(d for k, s, d in results if k != "pathological")
    statuses: dict[str, int] = {}
    for k, s, _ in results:
        statuses[f"{k} {s}"] = statuses.get(f"{k} {s}", 0) + 1
    unexpected = [(k, s) for k, s, _ in results if s == 0 or (s >= 500 and (k, s) != ("pathological", 503))]
    return {
        "seconds": seconds, "clients": clients, "requests": len(results),
        "requests_per_second": round(len(results) / seconds, 1),
        "p50_ms": round(statistics.median(normal) * 1000, 1),
        "p95_ms": round(normal[int(len(normal) * 0.95) - 1] * 1000, 1),
        "p99_ms": round(normal[int(len(normal) * 0.99) - 1] * 1000, 1),
        "statuses": dict(sorted(statuses.items())), "unexpected_errors": len(unexpected),
        "rss_mib": {"start": rss_start >> 20, "peak": rss_peak >> 20, "end": rss_end >> 20},
    }  # fmt: skip


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = run(args.store, args.seconds, args.clients)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        for k, v in report.items():
            print(f"{k:22} {v}")


if __name__ == "__main__":
    main(sys.argv[1:])
