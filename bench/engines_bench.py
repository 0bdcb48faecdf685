"""Virtuoso against the embedded store, on a built store: the example queries and comparisons.

    python bench/engines_bench.py STORE [--runs 20] [--no-virtuoso]

Starts a Virtuoso of its own (store/virtuoso.py write_ini; scripts/install-virtuoso installs it),
bulk-loads the store's current generation into it (timed), then for each example query and a set
of comparisons prints p50 / p95 ms on the embedded store (pyoxigraph, in this process) and on
Virtuoso (through budgetlod's RemoteEngine: the SPARQL protocol over loopback), in one run, with
the ratio. Without Virtuoso (or with --no-virtuoso) only the embedded column is measured.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox

from budgetlod.store.compare import compare_query
from budgetlod.store.engine import RemoteEngine
from budgetlod.store.examples import EXAMPLES
from budgetlod.store.results import take_solutions
from budgetlod.store.storedir import OXIGRAPH, StoreDir
from budgetlod.store.virtuoso import write_ini

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_bench import timed

#: Comparisons measured: a 项 matched exactly and by name, a 款, a 类, a code no one spends on.
CODES = ("2010301", "2080505", "20103", "201", "2130199", "2240199")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-virtuoso", action="store_true")
    args = parser.parse_args(argv)
    sd = StoreDir(args.store)
    gen, manifest = sd.current(), sd.manifest()
    assert gen is not None and manifest is not None, f"{args.store}: not a built store"
    store = ox.Store.read_only(str(gen / OXIGRAPH))
    print(f"{len(manifest.disclosures())} documents, {len(store):,} quads")

    def embedded(q: str) -> object:
        return take_solutions(store.query(q, use_default_graph_as_union=True), 100_000)  # type: ignore[arg-type]

    queries = [(e.key, e.query) for e in EXAMPLES] + [(f"compare {c}", compare_query(c)) for c in CODES]
    exe = shutil.which("virtuoso-t")
    proc = None
    remote: RemoteEngine | None = None
    tmp = tempfile.mkdtemp(prefix="virtuoso-bench-")
    try:
        if exe and not args.no_virtuoso:
            sql, http = free_port(), free_port()
            ini = write_ini(Path(tmp), sql, http, [args.store], 60)
            proc = subprocess.Popen([exe, "+foreground", "+configfile", str(ini)], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, cwd=tmp)  # fmt: skip
            endpoint = f"http://127.0.0.1:{http}/sparql"
            for _ in range(600):
                try:
                    urllib.request.urlopen(
                        endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}"})
                    ).read()
                    break
                except OSError:
                    time.sleep(0.2)
            os.environ.setdefault("BUDGETLOD_VIRTUOSO_PASSWORD", "dba")  # a new database's own
            remote = RemoteEngine(endpoint, f"virtuoso-isql://127.0.0.1:{sql}", 60.0)
            t = time.perf_counter()
            n = remote.sync(gen, manifest)
            print(f"Virtuoso bulk load: {n} graphs in {time.perf_counter() - t:.1f} s")
        print(f"{'query':26} {'embedded p50/p95 ms':>20} {'Virtuoso p50/p95 ms':>20} {'ratio p50':>10}")
        for key, query in queries:
            e = timed(lambda q=query: embedded(q), args.runs)  # type: ignore[misc]
            line = f"{key:26} {e[0]:9.1f} /{e[1]:8.1f}"
            if remote is not None:
                r = timed(lambda q=query: remote.select(q), args.runs)  # type: ignore[union-attr, misc]
                line += f" {r[0]:9.1f} /{r[1]:8.1f} {r[0] / e[0]:10.2f}"
            print(line, flush=True)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(60)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
