"""Issue 14: the commands that do not serve work with Flask not importable at all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import DATA, HANDAN_TXT


def test_extract_export_validate_build_compare_without_flask(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text("import sys\nsys.modules['flask'] = None\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    exe = str(Path(sys.executable).parent / "budgetlod")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([exe, *args], capture_output=True, text=True, env=env, timeout=300)

    check = subprocess.run([sys.executable, "-c", "import flask"], capture_output=True, text=True, env=env)
    assert check.returncode != 0  # the cage holds
    graph = tmp_path / "g.ttl"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / HANDAN_TXT.name).write_bytes(HANDAN_TXT.read_bytes())
    (docs / "cofog-sample.ttl").write_bytes((DATA / "cofog-sample.ttl").read_bytes())
    results = {
        "extract": run("extract", str(HANDAN_TXT), "-o", str(graph), "-q"),
        "export": run("export", "lines", str(graph)),
        "validate": run("validate", str(graph)),
        "build": run("build", str(docs), "--store", str(tmp_path / "store"), "--jobs", "1"),
        "compare": run("compare", "2010301", "--store", str(tmp_path / "store")),
    }
    for name, res in results.items():
        assert "Traceback" not in res.stderr and "flask" not in res.stderr.lower(), (name, res.stderr)
        assert res.returncode == (1 if name == "validate" else 0), (name, res.stderr)  # Handan's defects
    assert "12907100" in results["compare"].stdout
