"""Issue 14: one decision of which columns hold figures, for extraction, the strict check, the graph
and the shapes — a misprinted figure can no longer vanish without trace."""

from __future__ import annotations

from pathlib import Path

from budgetlod.extract import extract_document, extraction_to_graph
from budgetlod.validation import validate_graph
from tests.conftest import HANDAN_TXT, run_cli
from tests.mutate import mutate

TABLE = "部门预算支出总表"


def _misprinted(tmp_path: Path) -> Path:
    text = mutate(HANDAN_TXT.read_text(encoding="utf-8"), TABLE, 6, 5, "2391.5O")  # 项目支出, a letter O
    path = tmp_path / "misprint.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_strict_names_the_misprinted_figure(tmp_path: Path) -> None:
    res = run_cli("extract", str(_misprinted(tmp_path)), "-o", str(tmp_path / "out.ttl"), "--strict")
    assert res.returncode == 1
    assert f"unparsed: {TABLE}, 序号 6, 栏次 5: figure '2391.5O' could not be parsed" in res.stderr
    assert not (tmp_path / "out.ttl").exists()


def test_without_strict_it_is_reported_and_the_row_no_longer_adds_up(tmp_path: Path) -> None:
    x = extract_document(str(_misprinted(tmp_path)))
    assert [p.where for p in x.problems] == [f"{TABLE}, 序号 6, 栏次 5"]
    report = validate_graph(extraction_to_graph(x))
    messages = [v.message("zh") for v in report.violations]
    assert [m for m in messages if m.startswith(f"{TABLE} 序号 6 ")], messages


def test_the_handan_document_itself_has_no_unparsed_figure() -> None:
    assert extract_document(str(HANDAN_TXT)).problems == []
