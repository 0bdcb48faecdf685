"""Issue 3: the real Shanghai PDFs — every table accounted for, every line, every sum."""

from __future__ import annotations

import csv
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph

from budgetlod.extract import Extraction, extract_document, extraction_to_graph
from budgetlod.extract.catalog import NATIONAL
from budgetlod.extract.figures import table_figures
from budgetlod.namespaces import BUD
from tests.conftest import DATA, HANDAN_PDF, HANDAN_TXT, SAMPLES
from tests.invariants import row_failures, sum_failures

SHANGHAI = sorted(p.name for p in SAMPLES.glob("shanghai-*.pdf"))
EXPECTED = {
    # file: (department, region, year, kind, unit)
    "shanghai-putuo-caizhengju-2024-final-account.pdf": (
        "上海市普陀区财政局",
        "上海市普陀区",
        2024,
        "部门决算",
        "万元",
    ),
    "shanghai-putuo-caizhengju-2025-budget.pdf": (
        "上海市普陀区财政局",
        "上海市普陀区",
        2025,
        "部门预算",
        "元",
    ),
    "shanghai-putuo-fuliyuan-2024-unit-budget.pdf": (
        "上海市普陀区社会福利院",
        "上海市普陀区",
        2024,
        "单位预算",
        "元",
    ),
    "shanghai-putuo-shangwuwei-2025-budget.pdf": (
        "上海市普陀区商务委员会",
        "上海市普陀区",
        2025,
        "部门预算",
        "元",
    ),
}


@cache
def extraction(name: str) -> Extraction:
    return extract_document(str(SAMPLES / name))


@cache
def graph(name: str) -> Graph:
    return extraction_to_graph(extraction(name))


def test_all_four_are_covered() -> None:
    assert SHANGHAI == sorted(EXPECTED)


@pytest.mark.parametrize("name", SHANGHAI)
def test_all_nine_tables_accounted_for(name: str) -> None:
    x = extraction(name)
    assert x.absent == []
    assert x.template.key == "national-2020"
    # the document's own 目录 lists the nine
    assert {e.kind.key for e in x.listed if e.kind} == set(NATIONAL.kinds) and len(x.listed) == 9
    assert {t.kind.key for t in x.tables} == set(NATIONAL.kinds)
    for t in x.tables:
        assert t.rows or t.declared_empty, t.kind.key
    assert x.problems == []


@pytest.mark.parametrize("name", SHANGHAI)
def test_document_metadata(name: str) -> None:
    meta = extraction(name).metadata
    assert (meta.department, meta.region, meta.year, meta.document_kind, meta.unit) == EXPECTED[name]
    assert meta.phase == ("决算" if "决算" in EXPECTED[name][3] else "预算")


def _ground_truth_lines() -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    with open(DATA / "shanghai-expenditure-lines.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["file"], []).append(row)
    return out


@pytest.mark.parametrize("name", SHANGHAI)
def test_every_expenditure_line_in_the_graph(name: str) -> None:
    expected = _ground_truth_lines()[name]
    q = f"""PREFIX bud: <{BUD}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?code ?amount ?unit WHERE {{
      ?line bud:tableKind bud:table-expenditure-summary ; bud:column bud:col-total ;
            bud:functionalClassification ?c ; bud:amount ?amount ; bud:printedUnit ?unit .
      ?c skos:notation ?code }}"""
    got = {str(code): (Decimal(str(amount)), str(unit)) for code, amount, unit in graph(name).query(q)}
    want = {r["code"]: (Decimal(r["amount"]), r["unit"]) for r in expected}
    assert got == want


@pytest.mark.parametrize("name", SHANGHAI)
def test_general_budget_lines_carry_full_codes(name: str) -> None:
    table = next(t for t in extraction(name).tables if t.kind.key == "general-expenditure")
    xiang = {f.code for f in table_figures(table) if f.code and len(f.code) == 7}
    assert xiang, "项-level lines"
    q = f"""PREFIX bud: <{BUD}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT DISTINCT ?code WHERE {{ ?line bud:tableKind bud:table-general-expenditure ;
      bud:functionalClassification/skos:notation ?code . FILTER(STRLEN(?code) = 7) }}"""
    assert {str(c) for (c,) in graph(name).query(q)} == xiang


@pytest.mark.parametrize("name", [*SHANGHAI, HANDAN_PDF.name, HANDAN_TXT.name])
def test_sums_hold_in_every_table(name: str) -> None:
    x = extraction(name)
    checked = [t for t in x.tables if table_figures(t)]
    assert checked
    failures = [f for t in checked for f in sum_failures(t) + row_failures(t)]
    assert failures == []


def test_misprinted_code_is_not_invented() -> None:
    # 福利院 prints 事业单位医疗 as `7 11 02`: the line keeps its name and no code is made up
    table = next(
        t
        for t in extraction("shanghai-putuo-fuliyuan-2024-unit-budget.pdf").tables
        if t.kind.key == "expenditure-summary"
    )
    figures = [f for f in table_figures(table) if f.label == "事业单位医疗"]
    assert figures and all(f.code is None for f in figures)


def test_three_public_printed_across() -> None:
    # Shanghai prints the 三公 table across: items are columns, a blank cell leaves a gap
    fuliyuan = next(
        t
        for t in extraction("shanghai-putuo-fuliyuan-2024-unit-budget.pdf").tables
        if t.kind.key == "three-public"
    )
    items = {f.item_key: f.amount.value for f in table_figures(fuliyuan)}
    assert items["合计"] == Decimal("6.4") == items["公务用车购置及运行维护费"] == items["公务用车运行维护费"]
    assert "公务用车购置费" not in items  # printed blank
    final = next(
        t
        for t in extraction("shanghai-putuo-caizhengju-2024-final-account.pdf").tables
        if t.kind.key == "three-public"
    )
    assert {(f.item_key, f.role) for f in table_figures(final)} == {
        ("合计", "budget-amount"),
        ("公务接待费", "budget-amount"),
    }


def test_basic_expenditure_in_two_halves() -> None:
    table = next(
        t
        for t in extraction("shanghai-putuo-caizhengju-2024-final-account.pdf").tables
        if t.kind.key == "general-basic-expenditure"
    )
    codes = {f.code: f.amount.value for f in table_figures(table) if f.code}
    assert codes["301"] == Decimal("2082.85") and codes["302"] == Decimal("171.07")
    assert codes["30299"] == Decimal("11.53") and codes["31002"] == Decimal("13.58")


def test_a_changed_figure_breaks_the_sums(tmp_path: Path) -> None:
    text = HANDAN_TXT.read_text(encoding="utf-8").replace(
        "2010301\t行政运行\t1290.71", "2010301\t行政运行\t1290.91", 1
    )
    src = tmp_path / "changed.txt"
    src.write_text(text, encoding="utf-8")
    x = extract_document(str(src))
    failures = [f for t in x.tables for f in sum_failures(t) + row_failures(t)]
    assert any("20103" in f for f in failures) and any("2010301" in f for f in failures)


def test_duties_numbered_1_2_3_after_an_introduction() -> None:
    # `主要职能包括：` then `1、…` items: the introduction first, then every item to the last
    duties = extraction("shanghai-putuo-shangwuwei-2025-budget.pdf").duties
    assert duties[0].startswith("上海市普陀区商务委员会是主管全区产业经济的区政府工作部门")
    assert (
        duties[1].startswith("贯彻执行国家和本市有关工商业")
        and duties[-1] == "完成区委、区政府交办的其他任务。"
    )
