"""Issue 12: builds and servers sharing one store folder — one writer at a time, a server that follows
the builds, and no process left behind a killed build."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from budgetlod.store.storedir import StoreDir
from tests.conftest import HANDAN_TXT, SAMPLES, run_cli
from tests.processes import free_port, serving

EXE = str(Path(sys.executable).parent / "budgetlod")
COUNT = "SELECT (COUNT(?d) AS ?n) WHERE { ?d a <https://w3id.org/budgetlod/ontology#Disclosure> }"
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _folder(root: Path, name: str, *files: Path) -> Path:
    folder = root / name
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder)
    return folder


def _variant(folder: Path, n: int) -> Path:
    """The Handan text with a different byte at its end: another document for the store."""
    path = folder / f"handan-{n}.txt"
    path.write_text(HANDAN_TXT.read_text(encoding="utf-8") + "\n" * n, encoding="utf-8")
    return path


def test_two_builds_at_once_both_end_well(tmp_path: Path) -> None:
    a = _folder(tmp_path, "a", HANDAN_TXT)
    b = _folder(tmp_path, "b", SAMPLES / "shanghai-putuo-shangwuwei-2025-budget.pdf")
    store = str(tmp_path / "store")
    procs = [
        subprocess.Popen(
            [EXE, "build", str(f), "--store", store, "--jobs", "1"], stderr=subprocess.PIPE, text=True
        )
        for f in (a, b)
    ]
    outs = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert any("waiting for process" in o for o in outs)  # the second build waited for the first
    m = StoreDir(store).manifest()
    assert m is not None
    assert sorted(e.source for e in m.disclosures()) == [
        HANDAN_TXT.name, "shanghai-putuo-shangwuwei-2025-budget.pdf"
    ]  # fmt: skip
    assert not list((tmp_path / "store" / "generations").glob(".tmp-*"))


def test_a_second_build_can_refuse_at_once(tmp_path: Path) -> None:
    store = StoreDir(tmp_path / "store")
    with store.writer():
        res = run_cli(
            "build", str(_folder(tmp_path, "a", HANDAN_TXT)), "--store", str(store.root), "--no-wait"
        )
    assert res.returncode == 2
    assert f"{store.root}: being loaded by process {os.getpid()}; try again later" in res.stderr


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def _count(base: str) -> int:
    q = urllib.parse.urlencode({"query": COUNT})
    status, body = _get(f"{base}/sparql?{q}&format=json")
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_a_server_keeps_answering_across_builds_and_worker_recycles(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    _variant(docs, 1)
    store = tmp_path / "store"
    assert run_cli("build", str(docs), "--store", str(store)).returncode == 0
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [EXE, "serve", "--store", str(store), "--port", str(port), "--timeout", "1", "--workers", "1"]
    with serving(cmd, f"{base}/sparql?query=ASK%7B%7D"):
        first = StoreDir(store).current()
        assert _count(base) == 1
        for n in (2, 3, 4):
            _variant(docs, n)
            res = run_cli("build", str(docs), "--store", str(store))
            assert res.returncode == 0, res.stderr
            time.sleep(1.2)  # the server looks for a new generation at most once a second
            assert _count(base) == n
            m = StoreDir(store).manifest()
            assert m is not None
            for rel in (m.dumps["nquads-gzip"], m.disclosures()[-1].dumps["turtle"]):
                assert _get(f"{base}/dumps/{rel}")[0] == 200, rel
        assert first is not None and first.exists()  # pinned while its queries may still run
        # a query past its time kills its worker; the replacement answers the next query
        status, _ = _get(f"{base}/sparql?{urllib.parse.urlencode({'query': PATHOLOGICAL})}")
        assert status == 503
        assert _count(base) == 4


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        out |= {int(c) for c in text.split()}
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_no_worker_outlives_a_killed_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(6):
        _variant(docs, n + 1)
    proc = subprocess.Popen(
        [EXE, "build", str(docs), "--store", str(tmp_path / "s"), "--jobs", "2"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stderr is not None
    line = proc.stderr.readline()  # the workers are running documents now
    assert "loaded" in line, line
    workers = _children(proc.pid)
    assert len(workers) >= 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.2)
    assert not [w for w in workers if _alive(w)]


def test_a_failed_worker_replacement_is_retried_and_logged(
    built_store: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from budgetlod.store import pool as pool_module
    from budgetlod.store.pool import WorkerPool

    generation = StoreDir(built_store).current()
    assert generation is not None
    pool = WorkerPool(str(generation / "oxigraph"), 1, timeout=5, queue_timeout=30)
    try:
        dead = pool._idle.get_nowait()
        real_start, calls = pool._start, []

        def flaky() -> object:
            calls.append(1)
            if len(calls) == 1:
                raise RuntimeError("store not there yet")
            return real_start()

        monkeypatch.setattr(pool, "_start", flaky)
        monkeypatch.setattr(pool_module.time, "sleep", lambda s: None)
        with caplog.at_level("ERROR", logger="budgetlod.server"):
            pool._replace(dead)
        assert len(calls) == 2
        assert "query worker replacement failed (attempt 1): store not there yet" in caplog.text
        assert pool._idle.qsize() == 1  # the pool is whole again
    finally:
        pool.close()
