"""Issue 4: the accounting rules on real documents, one changed figure at a time, and `validate`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH

from budgetlod.extract import extract_document, extraction_to_graph
from budgetlod.validation import Report, validate_graph
from tests.conftest import HANDAN_PDF, HANDAN_TXT, SAMPLES, run_cli
from tests.mutate import bumped, mutate

LABEL_WARNINGS = {"201", "20199", "2019999"}  # 一般公共预算支出 where every other table says 一般公共服务支出


@cache
def report_of(path: str) -> Report:
    return validate_graph(extraction_to_graph(extract_document(path)))


@pytest.mark.parametrize("src", [HANDAN_TXT, HANDAN_PDF], ids=["txt", "pdf"])
def test_handan_reports_only_its_label_mismatch(src: Path) -> None:
    r = report_of(str(src))
    # nothing from the nine tables; the asset table has its known count defect:
    # 1 + 1 + 27 + 8190 = 8219, printed 8222
    assert {f.shape.rsplit("#", 1)[1] for f in r.violations} == {"AssetSumShape"}
    assert all("8222" in f.message("zh") and "8219" in f.message("zh") for f in r.violations)
    assert {f.shape.rsplit("#", 1)[1] for f in r.warnings} == {"LabelConsistencyShape"}
    assert {f.message("en").split()[1] for f in r.warnings} == LABEL_WARNINGS


# every labelled defect of the repository's documents, and nothing else: tests/test_explanations.py


# (what changes, table, 序号, 栏次, new figure) -> rules that must report it, and where
CHANGES = [
    ("a 项 line", "部门预算支出总表", 4, 3, "1290.81",
     {("HierarchySumShape", "序号 3 栏次 3"), ("RowIdentityShape", "序号 4 栏次 3")}),
    ("a 款 subtotal", "部门预算支出总表", 3, 3, "2472.47",
     {("HierarchySumShape", "序号 2 栏次 3"), ("HierarchySumShape", "序号 3 栏次 3"),
      ("RowIdentityShape", "序号 3 栏次 3")}),
    ("a 类 total", "部门预算支出总表", 2, 3, "4863.97",
     {("HierarchySumShape", "序号 2 栏次 3"), ("HierarchySumShape", "序号 1 栏次 3"),
      ("RowIdentityShape", "序号 2 栏次 3"), ("CrossTableShape", "部门预算收支总表 序号 1 栏次 4")}),
    ("a grand total", "部门预算收支总表", 31, 2, "5754.80",
     {("BalanceShape", "序号 31 栏次 2"), ("BalanceShape", "序号 33 栏次 2")}),
    ("a 三公 item", "部门预算财政拨款“三公”经费支出表", 6, 2, "4.94",
     {("SangongSumShape", "序号 1 栏次 2"), ("SangongAboveBasicShape", "序号 6 栏次 2"),
      ("NarrativeShape", "公务接待费4.84万元")}),
    ("a basic-expenditure line", "部门预算一般公共预算财政拨款基本支出表", 3, 3, "698.38",
     {("HierarchySumShape", "序号 2 栏次 3"), ("RowIdentityShape", "序号 3 栏次 3")}),
    ("an income row", "部门预算收入总表", 4, 3, "1290.81",
     {("HierarchySumShape", "序号 3 栏次 3"), ("RowIdentityShape", "序号 4 栏次 3")}),
]  # fmt: skip


@pytest.mark.parametrize("what,title,row,col,new,expected", CHANGES, ids=[c[0] for c in CHANGES])
def test_a_changed_figure_is_reported_where_it_is(
    what: str, title: str, row: int, col: int, new: str, expected: set[tuple[str, str]], tmp_path: Path
) -> None:
    src = tmp_path / "changed.txt"
    src.write_text(mutate(HANDAN_TXT.read_text(encoding="utf-8"), title, row, col, new), encoding="utf-8")
    r = validate_graph(extraction_to_graph(extract_document(str(src))))
    got = {
        (f.shape.rsplit("#", 1)[1], f.message("zh"))
        for f in r.findings
        if "Label" not in f.shape and "AssetSum" not in f.shape
    }
    for shape, place in expected:
        assert any(s == shape and place in m for s, m in got), (shape, place, got)
    assert len(got) == len(expected), got  # and nothing else


def test_rules_run_on_a_yuan_document_too() -> None:
    # change the 收支总表's 一般公共服务支出 in a Shanghai budget: the 支出总表 no longer agrees
    g = extraction_to_graph(extract_document(str(SAMPLES / "shanghai-putuo-shangwuwei-2025-budget.pdf")))
    bumped(g, "table-income-expenditure-summary", 100, column="col-expenditure-budget-amount")
    r = validate_graph(g)
    # against the 支出总表, and against the 财政拨款收支总表 (all income is 财政拨款, so they must be equal)
    assert [f.shape.rsplit("#", 1)[1] for f in r.violations] == ["CrossTableShape", "CrossTableShape"]
    places = sorted(f.message("zh").split(" ")[0] for f in r.violations)
    assert places == ["部门财务收支预算总表", "部门财政拨款收支预算总表"]


def test_validate_cli_exit_codes_and_formats(tmp_path: Path) -> None:
    ok = run_cli("validate", str(SAMPLES / "shanghai-putuo-shangwuwei-2025-budget.pdf"))
    assert ok.returncode == 0 and "conforms, 0 warning(s)" in ok.stdout
    bad = tmp_path / "bad.txt"
    bad.write_text(
        mutate(HANDAN_TXT.read_text(encoding="utf-8"), "部门预算支出总表", 4, 3, "1290.81"), encoding="utf-8"
    )
    res = run_cli("validate", str(bad))
    assert res.returncode == 1 and "序号 3 栏次 3" in res.stdout and "3 violation(s)" in res.stdout
    ttl = run_cli("validate", str(bad), "--format", "ttl")
    g = Graph().parse(data=ttl.stdout, format="turtle")
    report = next(g.subjects(RDF.type, SH.ValidationReport))
    assert g.value(report, SH.conforms) == Literal(False)
    assert len(list(g.objects(report, SH.result))) == 6  # 2 + the asset count, 3 label warnings


def test_validate_a_graph_and_a_batch_with_a_bad_file(tmp_path: Path, handan_graphs: dict[str, Path]) -> None:
    missing = tmp_path / "missing.pdf"
    res = run_cli("validate", str(handan_graphs["pdf"]), str(missing))
    assert res.returncode == 2
    assert str(missing) in res.stderr and "no such file" in res.stderr
    assert f"{handan_graphs['pdf']}: 1 violation(s), 3 warning(s)" in res.stdout  # still checked


def test_html_report_escapes_document_text(tmp_path: Path) -> None:
    text = HANDAN_TXT.read_text(encoding="utf-8")
    evil = text.replace(
        "2\t201\t一般公共服务支出\t4863.87\t2472.37", "2\t201\t<script>alert(1)</script>\t4863.87\t2472.37", 1
    )
    assert evil != text
    src = tmp_path / "evil.txt"
    src.write_text(evil, encoding="utf-8")
    page = tmp_path / "report.html"
    res = run_cli("validate", str(src), "--format", "html", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert res.returncode == 1, res.stderr  # the asset count defect of the text form
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert html.startswith("<!DOCTYPE html>")


def test_documents_together_report_what_each_reports_alone(tmp_path: Path) -> None:
    changed = tmp_path / "changed.txt"
    changed.write_text(
        mutate(HANDAN_TXT.read_text(encoding="utf-8"), "部门预算支出总表", 4, 3, "1290.81"), "utf-8"
    )
    graphs = [
        extraction_to_graph(extract_document(str(HANDAN_TXT)), base="https://example.org/a/"),
        extraction_to_graph(extract_document(str(changed)), base="https://example.org/b/"),
    ]
    alone = [f for g in graphs for f in validate_graph(g).findings]
    together = Graph()
    for g in graphs:
        together += g
    assert sorted(map(repr, validate_graph(together).findings)) == sorted(map(repr, alone))
    assert len(alone) == 4 + 4 + 2  # each: 3 label warnings and the asset count; the change: 2
