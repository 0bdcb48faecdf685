"""`budgetlod serve` as a user runs it: load, then answer over real HTTP (waitress)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.conftest import DATA, HANDAN_TXT, run_cli
from tests.processes import free_port, wait_for


def test_serve_loads_inputs_and_answers(tmp_path: Path) -> None:
    port = free_port()
    exe = Path(sys.executable).parent / "budgetlod"
    proc = subprocess.Popen(
        [str(exe), "serve", str(HANDAN_TXT), str(DATA / "cofog-sample.ttl"), "--store", str(tmp_path / "s"),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/sparql",
            data=b"SELECT (COUNT(*) AS ?n) WHERE { ?l a <https://w3id.org/budgetlod/ontology#BudgetLine> }",
            headers={"Content-Type": "application/sparql-query"},
        )
        body = json.loads(urllib.request.urlopen(req, timeout=10).read())
        assert body["results"]["bindings"][0]["n"]["value"] == "251"
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert "2 graphs loaded" in err and f"http://127.0.0.1:{port}/" in err


def test_load_only_names_failures_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"")
    res = run_cli("serve", str(HANDAN_TXT), str(bad), "--store", str(tmp_path / "s"), "--load-only")
    assert res.returncode == 2 and "bad.pdf" in res.stderr and "1 graphs loaded" in res.stderr
    res = run_cli("serve", "--store", str(tmp_path / "empty"))
    assert res.returncode == 2 and "no loaded store" in res.stderr
    assert not os.path.exists(tmp_path / "empty" / "current")
