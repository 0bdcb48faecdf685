"""Issue 12: one document's failure is never the batch's; hostile and odd files cost seconds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetlod.cli import cli
from budgetlod.extract import InputError, ReaderFailure, extract_document
from budgetlod.store.storedir import StoreDir
from tests.conftest import DATA, HANDAN_TXT, SAMPLES, run_cli
from tests.hostile import doubling_forms, inflating_page, page_box

HUGE = b"1" + b"0" * 30  # 1e30 points, written as PDF numbers are
ABSURD_BOX = b"[-" + HUGE + b" -" + HUGE + b" " + HUGE + b" " + HUGE + b"]"


# A reader with a planted bug, in every process of a run (build workers are spawned processes):
# `sitecustomize` is imported by every Python that finds it on its path.
PLANTED = """
import os, time
if os.environ.get("BUDGETLOD_PLANT"):
    import budgetlod.extract.textgrid as tg
    real = tg.region_to_table
    def planted(region):
        if "支出总表" in region.title_line.text and "planted" in os.environ["BUDGETLOD_PLANT"]:
            raise ZeroDivisionError("planted bug")
        return real(region)
    tg.region_to_table = planted
    if os.environ["BUDGETLOD_PLANT"] == "slow":
        import budgetlod.extract.document as d
        real_extract = d._extract
        def slow(path, limits):
            if "slow" in os.path.basename(path):
                time.sleep(600)
            return real_extract(path, limits)
        d._extract = slow
"""


def planted_env(tmp_path: Path, mode: str) -> dict[str, str]:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(PLANTED, encoding="utf-8")
    path = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "BUDGETLOD_PLANT": mode}


def run(args: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "budgetlod"
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=timeout)


def test_a_reader_bug_is_the_documents_failure_in_extract(tmp_path: Path) -> None:
    res = run(["extract", str(HANDAN_TXT), "-o", str(tmp_path / "out.ttl")], planted_env(tmp_path, "planted"))
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    (line,) = [x for x in res.stderr.splitlines() if x.startswith("budgetlod: error:")]
    assert str(HANDAN_TXT) in line and "ZeroDivisionError: planted bug" in line
    assert "部门预算支出总表" in line  # the table being read
    log = Path(line.rsplit("traceback in ", 1)[1].rstrip(")"))
    assert "Traceback" in log.read_text(encoding="utf-8") and "planted" in log.read_text(encoding="utf-8")
    assert not (tmp_path / "out.ttl").exists()


def test_a_reader_bug_names_the_page_of_a_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    import budgetlod.extract.pdfgrid as pg

    real = pg.region_to_table

    def planted(region, rules=None):  # type: ignore[no-untyped-def]
        if "三公" in region.title_line.text:
            raise KeyError("planted")
        return real(region, rules)

    monkeypatch.setattr(pg, "region_to_table", planted)
    with pytest.raises(ReaderFailure) as e:
        extract_document(str(SAMPLES / "handan-2023-xingzheng-shenpi-ju.pdf"))
    assert e.value.where is not None and e.value.where.startswith("page ")
    assert "三公" in e.value.where and "KeyError" in str(e.value) and "planted" in e.value.details


def test_a_reader_bug_in_build_loads_the_others(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(HANDAN_TXT, docs / "planted.txt")
    shutil.copy(SAMPLES / "shanghai-putuo-shangwuwei-2025-budget.pdf", docs)
    shutil.copy(DATA / "cofog-sample.ttl", docs)
    store = tmp_path / "store"
    res = run(["build", str(docs), "--store", str(store), "--jobs", "2"], planted_env(tmp_path, "planted"))
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr
    assert "1 documents loaded" in res.stderr and "1 failed" in res.stderr
    failed = res.stderr.split("1 failed", 1)[1]
    assert "planted.txt" in failed and "ZeroDivisionError: planted bug" in failed
    log = (store / "build.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "planted" in log
    m = StoreDir(store).manifest()
    assert m is not None
    assert [e.source for e in m.disclosures()] == ["shanghai-putuo-shangwuwei-2025-budget.pdf"]


def test_a_document_past_its_time_is_stopped_and_its_worker_replaced(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(HANDAN_TXT, docs / "a-slow.txt")
    shutil.copy(HANDAN_TXT, docs / "b.txt")
    (docs / "b.txt").write_text(HANDAN_TXT.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    store = tmp_path / "store"
    args = ["build", str(docs), "--store", str(store), "--jobs", "1", "--doc-timeout", "1"]
    res = run(args, planted_env(tmp_path, "slow"), timeout=120)
    assert res.returncode == 2, res.stderr
    assert "a-slow.txt: took longer than 1 s to read (stopped)" in res.stderr
    m = StoreDir(store).manifest()
    assert m is not None and [e.source for e in m.disclosures()] == ["b.txt"]  # read by the new worker


def _odd_files(folder: Path) -> dict[str, str]:
    """Files no reader can open, each with the reason the build must give."""
    os.mkfifo(folder / "pipe.pdf")
    (folder / "dangling.pdf").symlink_to(folder / "nowhere.pdf")
    (folder / "loop.pdf").symlink_to(folder / "loop.pdf")
    page_box(folder / "box.pdf", ABSURD_BOX)
    return {
        "pipe.pdf": "is a named pipe (FIFO), not a regular file",
        "dangling.pdf": "is a dangling symbolic link",
        "loop.pdf": "is a symbolic link loop",
        "box.pdf": "is not a readable PDF",
    }


def test_a_page_box_that_is_no_box_is_not_a_readable_pdf(tmp_path: Path) -> None:
    path = page_box(tmp_path / "box.pdf", b"[-1e30 -1e30 1e30 1e30]")  # not even numbers in PDF syntax
    res = run_cli("extract", str(path), "-o", str(tmp_path / "out.ttl"))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert f"budgetlod: error: {path}: is not a readable PDF (MalformedPDFException" in res.stderr


@pytest.mark.parametrize("name", ["pipe.pdf", "dangling.pdf", "loop.pdf", "box.pdf"])
def test_odd_files_are_refused_by_extract(tmp_path: Path, name: str) -> None:
    why = _odd_files(tmp_path)[name]
    res = run_cli("extract", str(tmp_path / name), "-o", str(tmp_path / "out.ttl"))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert res.stderr.strip().splitlines()[-1].startswith(f"budgetlod: error: {tmp_path / name}")
    assert why in res.stderr


def test_an_unreadable_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # tests run as root, whom no permission bit stops: the check itself is what is tested
    path = tmp_path / "secret.txt"
    shutil.copy(HANDAN_TXT, path)
    monkeypatch.setattr(os, "access", lambda p, mode: False)
    with pytest.raises(InputError, match="cannot be read \\(permission denied\\)"):
        extract_document(str(path))


def test_build_over_odd_files_loads_the_good_one_and_does_not_hang(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    reasons = _odd_files(docs)
    shutil.copy(HANDAN_TXT, docs)
    res = run_cli_timeout(["build", str(docs), "--store", str(tmp_path / "s")], 120)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert f"{len(reasons)} failed" in res.stderr
    for name, why in reasons.items():
        assert f"{docs / name}" in res.stderr and why in res.stderr
    m = StoreDir(tmp_path / "s").manifest()
    assert m is not None and [e.source for e in m.disclosures()] == [HANDAN_TXT.name]


def run_cli_timeout(args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    return run(args, dict(os.environ), timeout=timeout)


@pytest.mark.parametrize(
    ("maker", "why"),
    [
        (inflating_page, "inflates to more than 4 MB of content on one page"),
        (doubling_forms, "draws more than 20,000 content streams on one page"),
    ],
    ids=["inflating-stream", "doubling-forms"],
)
def test_hostile_pdfs_are_stopped_by_their_limit(tmp_path: Path, maker, why: str) -> None:  # type: ignore[no-untyped-def]
    path = maker(tmp_path / "hostile.pdf")
    assert path.stat().st_size < 300_000
    res = run_cli_timeout(["extract", str(path), "-o", str(tmp_path / "out.ttl")], 100)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert f"{path} (page 1): is past a work limit: {why}" in res.stderr


def test_a_build_beside_hostile_pdfs_commits_the_good_documents(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    inflating_page(docs / "inflating.pdf")
    doubling_forms(docs / "forms.pdf")
    page_box(docs / "box.pdf", ABSURD_BOX)
    shutil.copy(HANDAN_TXT, docs)
    res = run_cli_timeout(["build", str(docs), "--store", str(tmp_path / "s"), "--jobs", "2"], 300)
    assert res.returncode == 2 and "3 failed" in res.stderr and "1 documents loaded" in res.stderr
    m = StoreDir(tmp_path / "s").manifest()
    assert m is not None and [e.source for e in m.disclosures()] == [HANDAN_TXT.name]


def test_cli_reader_failure_is_reported_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import budgetlod.extract.textgrid as tg

    monkeypatch.setattr(tg, "region_to_table", lambda region: 1 / 0)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = CliRunner().invoke(cli, ["extract", str(HANDAN_TXT), "-o", str(tmp_path / "o.ttl")])
    assert result.exit_code == 2
    assert list(tmp_path.glob("budgetlod-error-*.log"))
