"""The extract command: report, --strict, stdout, and the packaged resources."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from budgetlod.resources import load_ontology, ontology_text
from tests.conftest import HANDAN_TXT, run_cli


def _variant(tmp: Path, name: str, old: str, new: str) -> Path:
    text = HANDAN_TXT.read_text(encoding="utf-8")
    assert old in text
    path = tmp / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_report_names_tables(tmp_path: Path) -> None:
    res = run_cli("extract", str(HANDAN_TXT), "-o", str(tmp_path / "g.ttl"))
    assert res.returncode == 0
    assert "7 tables read (534 cells), 2 declared empty, 0 missing" in res.stderr


def test_strict_fails_on_a_missing_table_and_writes_nothing(tmp_path: Path) -> None:
    src = _variant(tmp_path, "no-sangong.txt", "## 部门预算财政拨款“三公”经费支出表", "## 其他说明")
    out = tmp_path / "g.ttl"
    res = run_cli("extract", str(src), "-o", str(out), "--strict")
    assert res.returncode == 1
    assert "missing: 财政拨款“三公”经费支出表" in res.stderr
    assert not out.exists()
    # without --strict the graph holds what was read, and the report lists the rest
    res = run_cli("extract", str(src), "-o", str(out))
    assert res.returncode == 0 and out.exists()
    assert "1 missing" in res.stderr


def test_strict_fails_on_an_unparsed_figure(tmp_path: Path) -> None:
    src = _variant(
        tmp_path,
        "typo.txt",
        "6\t20199\t其他一般公共服务支出\t2391.50",
        "6\t20199\t其他一般公共服务支出\t2391.5O",
    )
    res = run_cli("extract", str(src), "-o", str(tmp_path / "g.ttl"), "--strict")
    assert res.returncode == 1
    assert "'2391.5O' could not be parsed" in res.stderr and "序号 6, 栏次 3" in res.stderr


def test_gb18030_text_is_read(tmp_path: Path) -> None:
    src = tmp_path / "gbk.txt"
    src.write_bytes(HANDAN_TXT.read_text(encoding="utf-8").encode("gb18030"))
    res = run_cli("extract", str(src), "-o", str(tmp_path / "g.ttl"))
    assert res.returncode == 0 and "534 cells" in res.stderr


def test_output_to_stdout(tmp_path: Path) -> None:
    res = run_cli("extract", str(HANDAN_TXT), "-o", "-", "-q")
    assert res.returncode == 0 and res.stderr == ""
    assert len(Graph().parse(data=res.stdout, format="turtle")) > 5000


def test_resources_load_from_any_directory(tmp_path: Path) -> None:
    # the ontology ships inside the package: it loads whatever the working directory
    res = run_cli("--version", cwd=tmp_path)
    assert res.returncode == 0 and "budgetlod" in res.stdout
    assert "bud:BudgetLine" in ontology_text()
    assert len(load_ontology()) > 500


def test_output_file_has_the_usual_mode(tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    assert run_cli("extract", str(HANDAN_TXT), "-o", str(out), "-q").returncode == 0
    assert out.stat().st_mode & 0o044 == 0o044  # readable by group and others, as with umask 022
