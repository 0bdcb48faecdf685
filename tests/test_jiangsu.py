"""Issue 15: the 2017-2019 Jiangsu template — twelve tables of their own list, every functional
line, rules that know their template, a publication in two files read as one document."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from budgetlod.exports import lines_rows
from budgetlod.extract import Extraction, extract_document, extract_documents, extraction_to_graph
from budgetlod.namespaces import BUD
from budgetlod.validation import validate_graph
from tests.conftest import DATA, run_cli

JIANGSU = DATA / "jiangsu"
TABLE_FILES = (
    "jiangsu-2017-gaoji-fayuan-budget.pdf",
    "jiangsu-2018-shengwei-bangongting-budget-tables.pdf",
    "jiangsu-2018-zhengxie-bangongting-budget-tables.pdf",
)
NARRATIVE = JIANGSU / "jiangsu-2018-zhengxie-bangongting-budget-narrative.pdf"
EXPECTED = {
    "jiangsu-2017-gaoji-fayuan-budget.pdf": ("江苏省高级人民法院", 2017),
    "jiangsu-2018-shengwei-bangongting-budget-tables.pdf": ("中共江苏省委办公厅", 2018),
    "jiangsu-2018-zhengxie-bangongting-budget-tables.pdf": ("江苏省政协办公厅", 2018),
}
TWELVE = {
    "income-expenditure-summary",
    "income-summary",
    "expenditure-summary",
    "appropriation-summary",
    "appropriation-expenditure",
    "appropriation-basic-expenditure",
    "fund-expenditure",
    "general-expenditure",
    "general-basic-expenditure",
    "office-operation-expenditure",
    "three-public",
    "procurement-budget",
}


@cache
def extraction(name: str) -> Extraction:
    return extract_document(str(JIANGSU / name))


@cache
def graph(name: str) -> Graph:
    return extraction_to_graph(extraction(name))


@pytest.mark.parametrize("name", TABLE_FILES)
def test_every_table_of_the_documents_own_list_is_read(name: str) -> None:
    x = extraction(name)
    assert (x.metadata.department, x.metadata.year, x.metadata.region) == (*EXPECTED[name], "江苏省")
    assert x.template.key == "jiangsu-2017"
    assert len(x.listed) == 12 and {e.kind.key for e in x.listed if e.kind} == TWELVE
    assert {t.kind.key for t in x.tables} == TWELVE
    for t in x.tables:
        assert t.rows or t.declared_empty, t.title
    # the 2017-2019 set has no 国有资本经营预算 table: not in this template, never missing
    assert [(a.kind.key if a.kind else None, a.status) for a in x.absent] == [
        ("state-capital-expenditure", "not-in-template")
    ]
    assert x.missing == []


def test_each_table_ends_where_the_next_title_begins() -> None:
    # 财政拨款收支预算总表 used to swallow the two tables after it
    x = extraction("jiangsu-2018-zhengxie-bangongting-budget-tables.pdf")
    summary = next(t for t in x.tables if t.kind.key == "appropriation-summary")
    assert len(summary.rows) == 4 and summary.pages == [4]


def test_a_cell_merged_over_two_rows_keeps_both_figures() -> None:
    # 物业管理服务 is printed once over its two 组织形式 (430.00 and 40.00): two rows, nothing unparsed
    x = extraction(TABLE_FILES[0])
    procurement = next(t for t in x.tables if t.kind.key == "procurement-budget")
    last = [[c.text for c in r.cells] for r in procurement.rows[-2:]]
    assert last == [["部门集中采购", "430.00"], ["物业管理服务", "分散自行组织", "40.00"]]
    for name in TABLE_FILES:
        assert extraction(name).problems == []


def test_every_functional_line_of_the_ground_truth_is_exported() -> None:
    with (JIANGSU / "jiangsu-functional-lines.csv").open(encoding="utf-8") as fh:
        truth = list(csv.DictReader(fh))
    got: set[tuple[str, str, str, Decimal, str]] = set()
    for name in TABLE_FILES:
        for row in lines_rows(graph(name)):
            _doc, table, _r, _c, code, _n, _col, amount, unit = row[:9]
            if code:
                got.add((name, table, code, Decimal(amount), unit))
    want = {
        (
            r["file"],
            # the ground truth keeps the printed title; extraction drops ordinal and year
            r["table"].split("、", 1)[-1].replace("2017年度", ""),
            r["code"],
            Decimal(r["amount"]),
            r["unit"],
        )
        for r in truth
    }
    assert len(want) == 88
    assert want <= got


@pytest.mark.parametrize("name", TABLE_FILES)
def test_validate_is_silent_where_the_sums_hold(name: str) -> None:
    report = validate_graph(graph(name))
    assert [f.message("en") for f in report.findings] == []


def _with_amount(g: Graph, item: str, new: str) -> Graph:
    copy = Graph()
    for t in g:
        copy.add(t)
    (line,) = list(copy.subjects(BUD.item, BUD[item]))
    old = copy.value(line, BUD.amount)
    copy.set((line, BUD.amount, Literal(Decimal(new), datatype=old.datatype)))
    copy.set((line, BUD.amountYuan, Literal(Decimal(new) * 10000, datatype=old.datatype)))  # printed in 万元
    return copy


def test_the_three_public_rule_knows_meetings_and_training_are_apart() -> None:
    g = graph("jiangsu-2018-zhengxie-bangongting-budget-tables.pdf")
    # 合计 1,656.86 = 三公 675.10 + 会议费 884.16 + 培训费 97.60: a changed 会议费 breaks it …
    findings = validate_graph(_with_amount(g, "Meetings", "884.00")).violations
    assert [f.shape.rsplit("#", 1)[-1] for f in findings] == ["SangongSumShape"]
    # … and the 三公 subtotal is checked against its three items
    findings = validate_graph(_with_amount(g, "SangongReception", "412.00")).violations
    assert {f.shape.rsplit("#", 1)[-1] for f in findings} == {"SangongSumShape"}
    assert any("675.10" in f.message("en") and "674.6" in f.message("en") for f in findings)


def test_the_expenditure_summary_adds_the_reserve_column() -> None:
    g = graph("jiangsu-2018-zhengxie-bangongting-budget-tables.pdf")
    q = f"""PREFIX bud: <{BUD}> SELECT ?amount WHERE {{
        ?l bud:tableKind bud:table-expenditure-summary ; bud:column bud:col-reserve ; bud:amount ?amount }}"""
    assert [Decimal(str(a)) for (a,) in g.query(q)] == [Decimal("1157.63")]


def test_a_narrative_file_alone_is_a_partial_document(tmp_path: Path) -> None:
    out = tmp_path / "n.ttl"
    res = run_cli("extract", str(NARRATIVE), "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "no tables in this file" in res.stderr
    g = Graph().parse(out)
    stated = {str(o) for o in g.objects(None, BUD.statedAmount)} or {
        str(o) for o in g.objects(None, BUD.amount)
    }
    assert "10150.48" in stated
    # its duties are stated in prose under 主要职能 (the heading also stands in the 目录)
    (duties,) = extract_document(str(NARRATIVE)).duties
    assert duties.startswith("省政协是我省最广泛的爱国统一战线组织") and duties.endswith(
        "向党政机关提出意见和建议。"
    )
    res = run_cli("extract", "--strict", str(NARRATIVE), "-o", str(tmp_path / "strict.ttl"))
    assert res.returncode == 1 and not (tmp_path / "strict.ttl").exists()


def test_two_files_of_one_publication_are_one_document(tmp_path: Path) -> None:
    tables = JIANGSU / "jiangsu-2018-zhengxie-bangongting-budget-tables.pdf"
    x = extract_documents([str(NARRATIVE), str(tables)])
    assert len(x.sources) == 2 and {s.tables for s in x.sources} == {0, 12}
    assert {t.kind.key for t in x.tables} == TWELVE and x.missing == [] and x.problems == []
    assert x.statements and x.metadata.year == 2018
    out = tmp_path / "pair.ttl"
    res = run_cli("extract", str(NARRATIVE), str(tables), "-o", str(out), "--strict")
    assert res.returncode == 0, res.stderr
    assert "read as one document from 2 files" in res.stderr
    g = Graph().parse(out)
    files = {str(o) for s in g.subjects(BUD.tableCount, None) for o in g.objects(s, BUD.fileName)}
    assert files == {NARRATIVE.name, tables.name}
    # the narrative's figures (会议费 884.16 stated over two printed lines) meet the other file's tables
    assert {s.key: str(s.value) for s in x.statements}["meetings"] == "884.16"
    joined = extraction_to_graph(x)
    assert validate_graph(joined).findings == []
    shapes = {
        f.shape.rsplit("#", 1)[-1]
        for f in validate_graph(_with_amount(joined, "Meetings", "884.00")).violations
    }
    assert shapes == {"SangongSumShape", "NarrativeShape"}


def test_compare_lists_jiangsu_beside_other_cities(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for src in (
        JIANGSU / TABLE_FILES[2],
        DATA.parent.parent / "samples" / "handan-2023-xingzheng-shenpi-ju.txt",
    ):
        (docs / src.name).write_bytes(src.read_bytes())
    store = tmp_path / "store"
    res = run_cli("build", str(docs), "--store", str(store))
    assert res.returncode in (0, 1), res.stderr  # 1: the Handan document's real defects
    res = run_cli("compare", "2010201", "--store", str(store))
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(res.stdout.lstrip("\ufeff").splitlines()))
    got = {
        (r["department"], r["region"], r["region_code"], r["year"], r["code"], r["amount_yuan"]) for r in rows
    }
    # the Jiangsu template is compared by its 财政拨款支出预算表 (its 支出预算总表 has no code lines)
    assert ("江苏省政协办公厅", "江苏省", "320000", "2018", "2010201", "44327800") in got
    assert any(r["region_code"] == "130400" for r in rows)  # Handan's 行政运行, matched by item


def test_build_pairs_the_files_of_one_publication_by_what_they_print(tmp_path: Path) -> None:
    pair, alone = tmp_path / "docs" / "zhengxie", tmp_path / "alone"
    pair.mkdir(parents=True)
    alone.mkdir()
    tables = JIANGSU / "jiangsu-2018-zhengxie-bangongting-budget-tables.pdf"
    # names that say nothing: the pairing reads department, year and kind from the files
    (pair / "a.pdf").write_bytes(NARRATIVE.read_bytes())
    (pair / "b.pdf").write_bytes(tables.read_bytes())
    store = tmp_path / "store"
    res = run_cli("build", str(tmp_path / "docs"), "--store", str(store))
    assert res.returncode == 0, res.stderr
    assert "one publication in 2 files, read as one document" in res.stderr
    assert "1 documents loaded" in res.stderr
    manifest = json.loads((store / "current" / "manifest.json").read_text(encoding="utf-8"))
    (doc,) = [g for g in manifest["graphs"] if g["kind"] == "disclosure"]
    assert doc["source"] == "b.pdf + a.pdf" and len(doc["files"]) == 2
    # one graph and one set of dumps: the tables file, read alone first, is taken back
    assert len({p.name[:16] for p in (store / "current" / "dumps" / "doc").iterdir()}) == 1
    # built again: both files are known, nothing is read twice
    res = run_cli("build", str(tmp_path / "docs"), "--store", str(store))
    assert res.returncode == 0 and "2 already in the store" in res.stderr, res.stderr
    # a narrative file with no tables file beside it is loaded alone, as a partial document
    (alone / "narrative.pdf").write_bytes(NARRATIVE.read_bytes())
    res = run_cli("build", str(alone), "--store", str(tmp_path / "store2"))
    assert res.returncode == 0 and "1 documents loaded" in res.stderr, res.stderr
