"""`budgetlod build`: a folder of documents into the store — incremental, failures named, and a
killed build leaves the old store serving."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from budgetlod.store.storedir import StoreDir
from tests.conftest import DATA, HANDAN_TXT, SAMPLES, run_cli


def test_build_reports_what_it_loaded(built_store: Path) -> None:
    m = StoreDir(built_store).manifest()
    assert m is not None
    assert sorted(e.source for e in m.disclosures()) == sorted(
        p.name for p in SAMPLES.iterdir() if p.suffix in (".pdf", ".txt")
    )
    # as many violations as the documents have labelled defects at that severity
    labelled = Counter(
        row["document"]
        for row in csv.DictReader((DATA / "labelled-defects.csv").open(encoding="utf-8"))
        if row["severity"] == "Violation"
    )
    assert {(e.source, e.violations) for e in m.disclosures() if e.violations} == set(labelled.items())


def test_second_build_reads_nothing_again(built_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "copy"
    shutil.copytree(built_store, store, symlinks=True)
    before = StoreDir(store).current()
    res = run_cli("build", str(SAMPLES), "--store", str(store))
    assert res.returncode == 0, res.stderr
    assert "0 documents loaded" in res.stderr and "6 already in the store (not read again)" in res.stderr
    after = StoreDir(store).current()
    assert after is not None and before is not None and after != before
    m = StoreDir(store).manifest()
    assert m is not None
    for e in m.disclosures():  # the dumps are the earlier files, linked, not written again
        rel = e.dumps["turtle"]
        assert os.stat(after / "dumps" / rel).st_ino == os.stat(before / "dumps" / rel).st_ino


def test_a_corrupt_pdf_is_named_and_the_others_load(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(HANDAN_TXT, docs)
    shutil.copy(DATA / "cofog-sample.ttl", docs)
    (docs / "corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage")
    res = run_cli("build", str(docs), "--store", str(tmp_path / "s"))
    assert res.returncode == 2
    assert "1 documents loaded" in res.stderr and "1 failed" in res.stderr
    assert "failed: " in res.stderr and "corrupt.pdf" in res.stderr.split("1 failed")[1]
    m = StoreDir(tmp_path / "s").manifest()
    assert m is not None and [e.source for e in m.disclosures()] == [HANDAN_TXT.name]


def test_not_a_folder_is_refused(tmp_path: Path) -> None:
    res = run_cli("build", str(tmp_path / "missing"), "--store", str(tmp_path / "s"))
    assert res.returncode == 2 and "missing: not a folder" in res.stderr


def test_killing_a_build_midway_leaves_the_old_store(built_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "copy"
    shutil.copytree(built_store, store, symlinks=True)
    before = StoreDir(store).current()
    old = StoreDir(store).manifest()
    exe = Path(sys.executable).parent / "budgetlod"
    proc = subprocess.Popen(
        [str(exe), "build", str(SAMPLES), "--store", str(store), "--force", "--jobs", "1"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stderr is not None
    line = proc.stderr.readline()  # the first document is in the new generation: kill now
    assert "loaded" in line, line
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert StoreDir(store).current() == before
    assert StoreDir(store).manifest() == old
    assert list((store / "generations").glob(".tmp-*"))  # the half-built generation, never served
    # The old store still serves.
    from budgetlod.server.app import create_app
    from budgetlod.server.settings import Settings

    app = create_app(Settings(store=str(store), workers=1))
    try:
        resp = app.test_client().get(
            "/sparql", query_string={"query": "ASK { ?s a <https://w3id.org/budgetlod/ontology#Disclosure> }"}
        )
        assert resp.status_code == 200 and b"true" in resp.get_data()
    finally:
        app.extensions["budgetlod"].engine.close()
    # And the next build clears the leftover.
    time.sleep(0.1)
    res = run_cli("build", str(DATA), "--store", str(store))
    assert not list((store / "generations").glob(".tmp-*")), res.stderr
