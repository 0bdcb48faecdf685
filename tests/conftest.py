"""Shared fixtures: the bundled sample documents and a helper that runs the CLI."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"
HANDAN_TXT = SAMPLES / "handan-2023-xingzheng-shenpi-ju.txt"
HANDAN_PDF = SAMPLES / "handan-2023-xingzheng-shenpi-ju.pdf"
HANDAN_CELLS = DATA / "handan-2023-xingzheng-shenpi-ju.cells.csv"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `budgetlod` command as a user would, capturing its output."""
    exe = Path(sys.executable).parent / "budgetlod"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "budgetlod"]
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd, env={**os.environ}
    )


def ground_truth() -> set[tuple[str, int, int, str]]:
    with open(HANDAN_CELLS, encoding="utf-8") as fh:
        return {
            (r["table"], int(r["row"]), int(r["col"]), "".join(r["value"].split()))
            for r in csv.DictReader(fh)
        }


def read_export(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "exports start with a UTF-8 byte-order mark for Excel"
    return list(csv.DictReader(text[1:].splitlines()))


@pytest.fixture(scope="session")
def handan_graphs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both Handan forms extracted once per session with the real CLI."""
    out = tmp_path_factory.mktemp("handan")
    graphs = {}
    for form, src in (("txt", HANDAN_TXT), ("pdf", HANDAN_PDF)):
        target = out / f"handan-{form}.ttl"
        res = run_cli("extract", str(src), "-o", str(target))
        assert res.returncode == 0, res.stderr
        graphs[form] = target
    return graphs


SHANGHAI_BUDGET = SAMPLES / "shanghai-putuo-caizhengju-2025-budget.pdf"
SERVED_INPUTS = (
    HANDAN_TXT,
    SHANGHAI_BUDGET,
    DATA / "protocol-dataset.trig",
    DATA / "cofog-sample.ttl",
    DATA / "hostile-labels.ttl",
)


@pytest.fixture(scope="session")
def served_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store loaded once per session: two disclosures and two RDF files."""
    from budgetlod.namespaces import DEFAULT_BASE
    from budgetlod.store.loading import load
    from budgetlod.store.storedir import StoreDir

    root = tmp_path_factory.mktemp("store")
    summary = load(StoreDir(root), [str(p) for p in SERVED_INPUTS], DEFAULT_BASE)
    assert not summary.failed, summary.failed
    return root


@pytest.fixture(scope="session")
def app(served_store: Path):  # type: ignore[no-untyped-def]
    """The application over the session store, 2 query workers, a 3 s timeout for the tests."""
    from budgetlod.server.app import create_app
    from budgetlod.server.settings import Settings

    application = create_app(Settings(store=str(served_store), timeout=3.0, workers=2))
    yield application
    application.extensions["budgetlod"].engine.close()


@pytest.fixture(scope="session")
def live_server(served_store: Path):  # type: ignore[no-untyped-def]
    """`budgetlod serve` over the session store on a free loopback port: its root URL, no slash."""
    from tests.processes import free_port, serving

    port = free_port()
    exe = Path(sys.executable).parent / "budgetlod"
    with serving(
        [str(exe), "serve", "--store", str(served_store), "--port", str(port)], f"http://127.0.0.1:{port}/"
    ):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture()
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled samples built once with the real `budgetlod build` (2 processes)."""
    root = tmp_path_factory.mktemp("built") / "store"
    res = run_cli("build", str(SAMPLES), "--store", str(root), "--jobs", "2")
    assert res.returncode == 0, res.stderr
    return root
