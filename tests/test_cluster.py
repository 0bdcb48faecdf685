"""Issue 18 (part): `budgetlod build --scheduler ADDRESS` reads the documents on a Dask cluster (a
scheduler and two workers started here, on this machine) and gives the same store as a local build;
a bad file fails alone; an unreachable scheduler is a clean exit 2."""

from __future__ import annotations

import contextlib
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from budgetlod.store.storedir import DUMPS, StoreDir
from tests.conftest import SAMPLES, run_cli
from tests.dumpcontent import content
from tests.processes import free_port

DASK = Path(sys.executable).parent / "dask"


@contextlib.contextmanager
def cluster() -> Iterator[str]:
    from distributed import Client

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [
        subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                          "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with Client(address, timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        procs.append(
            subprocess.Popen([str(DASK), "worker", address, "--nworkers", "2", "--nthreads", "1",
                              "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        )  # fmt: skip
        with Client(address, timeout=10) as c:
            c.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for p in reversed(procs):
            p.send_signal(signal.SIGINT)
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()


def _documents(store: Path) -> dict[str, tuple[str, int, int, int]]:
    m = StoreDir(store).manifest()
    assert m is not None
    return {e.source: (e.sha256, e.triples, e.violations, e.warnings) for e in m.disclosures()}


def test_a_build_on_a_dask_cluster_is_the_local_build(tmp_path: Path, built_store: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(SAMPLES, docs)
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 this is no PDF")
    local, remote = built_store, tmp_path / "remote"  # the samples built locally with --jobs 2
    with cluster() as address:
        res = run_cli("build", str(docs), "--store", str(remote), "--scheduler", address)
    assert res.returncode == 2, res.stderr
    assert "broken.pdf" in res.stderr and "Traceback" not in res.stderr
    assert "6 documents loaded" in res.stderr + res.stdout and "1 failed" in res.stderr + res.stdout
    assert _documents(remote) == _documents(local) and len(_documents(local)) == 6
    # the same dumps (byte for byte where the order is fixed)
    gen_local, gen_remote = StoreDir(local).current(), StoreDir(remote).current()
    assert gen_local is not None and gen_remote is not None
    ml, mr = StoreDir(local).manifest(), StoreDir(remote).manifest()
    assert ml is not None and mr is not None
    by_source = (
        sorted(ml.disclosures(), key=lambda e: e.source),
        sorted(mr.disclosures(), key=lambda e: e.source),
    )
    for a, b in zip(*by_source, strict=True):
        assert a.dumps == b.dumps
        for rel in a.dumps.values():
            assert content(gen_local / DUMPS / rel) == content(gen_remote / DUMPS / rel), rel


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:1", "not an address"])
def test_an_unreachable_scheduler_is_a_clean_exit_2(tmp_path: Path, address: str) -> None:
    res = run_cli("build", str(SAMPLES), "--store", str(tmp_path / "s"), "--scheduler", address)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "scheduler" in res.stderr.lower() or "address" in res.stderr.lower()
