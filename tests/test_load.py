"""The load test in its short form (issue 8): 8 clients for 8 s against a real server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_short_load_run_has_no_unexpected_errors_and_stable_memory(built_store: Path) -> None:
    res = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load_test.py"), "--store", str(built_store), "--seconds", "8",
         "--clients", "8", "--json"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["unexpected_errors"] == 0, report["statuses"]
    assert report["requests"] > 200
    assert all(k.split()[1] in ("200", "503") for k in report["statuses"]), report["statuses"]
    assert all(k == "pathological 503" for k in report["statuses"] if k.endswith(" 503")), report["statuses"]
    rss = report["rss_mib"]
    assert rss["end"] < rss["start"] * 1.5 + 50, rss  # no growth beyond caches: stable
