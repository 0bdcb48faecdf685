"""Page latency: the pages people read, served by `budgetlod serve` over loopback.

    python bench/page_speed.py [--store PATH] [--runs N]

Loads the bundled samples into a store (unless --store names a loaded one), starts the server and
reports, per page, the median and worst time of N requests (target: a document page under 300 ms),
and beside them the home page as a baseline measured in the same run (the ratio says what a page
costs over the cheapest one).
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from budgetlod.store.storedir import StoreDir

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timed(conn: http.client.HTTPConnection, path: str, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        conn.request("GET", path, headers={"Accept": "text/html"})
        resp = conn.getresponse()
        resp.read()
        assert resp.status == 200, (path, resp.status)
        times.append(time.perf_counter() - t)
    return statistics.median(times), max(times)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    exe = str(Path(sys.executable).parent / "budgetlod")
    store = args.store or tempfile.mkdtemp(prefix="budgetlod-pages-")
    if not args.store:
        subprocess.run(
            [exe, "build", str(ROOT / "samples"), "--store", store], check=True, capture_output=True
        )
    manifest = StoreDir(Path(store)).manifest()
    assert manifest is not None
    port = free_port()
    server = subprocess.Popen(
        [exe, "serve", "--store", store, "--port", str(port)], stdout=subprocess.DEVNULL
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        conn = http.client.HTTPConnection("127.0.0.1", port)
        base, _ = timed(conn, "/", args.runs)
        print(f"{'page':60} {'median ms':>10} {'worst ms':>9} {'/ home':>7}")
        print(f"{'/ (baseline)':60} {base * 1000:10.1f}")
        docs = manifest.disclosures()
        pages = [(e.title or e.source, "/id/" + e.doc.split("/id/", 1)[1]) for e in docs if e.doc]
        depts = {e.department: e.department_iri for e in docs if e.department_iri}
        pages += [
            (f"department {name}", "/id/" + quote(iri.split("/id/", 1)[1])) for name, iri in depts.items()
        ]
        pages += [("search 行政", "/search?q=" + quote("行政")), ("query page", "/query")]
        for name, path in pages:
            med, worst = timed(conn, path, args.runs)
            print(f"{name[:58]:60} {med * 1000:10.1f} {worst * 1000:9.1f} {med / base:7.1f}")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main(sys.argv[1:])
