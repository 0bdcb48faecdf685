"""`budgetlod compare CODE` and /compare: one code across departments, regions and years, in 元."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

REQUIRED = (
    "department,department_iri,region,region_code,year,phase,code,name,amount_yuan,document,page".split(",")
)


def rows_of(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_compare_lists_handan_and_every_putuo_document_with_xingzheng_yunxing(built_store: Path) -> None:
    res = run_cli("compare", "2010301", "--store", str(built_store))
    assert res.returncode == 0, res.stderr
    assert res.stdout[1:].split("\n")[0].split(",")[: len(REQUIRED)] == REQUIRED
    keys = ("department", "region_code", "year", "phase", "code", "name", "amount_yuan", "match")
    got = [tuple(r[k] for k in keys) for r in rows_of(res.stdout)]
    handan = (
        "邯郸市行政审批局",
        "130400",
        "2023",
        "预算",
        "2010301",
        "行政运行",
        "12907100",
        "exact",
    )  # 1290.71 万元
    assert got == [
        handan,
        handan,  # its PDF form
        ("上海市普陀区商务委员会", "310107", "2025", "预算", "2011301", "行政运行", "9389913", "item"),
        (
            "上海市普陀区财政局",
            "310107",
            "2024",
            "决算",
            "2010601",
            "行政运行",
            "15118900",
            "item",
        ),  # 1511.89 万元
        ("上海市普陀区财政局", "310107", "2025", "预算", "2010601", "行政运行", "16231840.8", "item"),
    ]
    pages = {r["document"]: r["page"] for r in rows_of(res.stdout)}
    assert sorted(p for p in pages.values() if p) == ["10", "12", "12", "7"]  # the PDFs' pages; text has none


def test_exact_and_other_levels(built_store: Path) -> None:
    res = run_cli("compare", "2010301", "--store", str(built_store), "--exact")
    assert {r["department"] for r in rows_of(res.stdout)} == {"邯郸市行政审批局"}
    lei = rows_of(run_cli("compare", "201", "--store", str(built_store)).stdout)
    assert len(lei) == 5 and {r["name"] for r in lei} == {"一般公共服务支出"}  # 福利院 spends no 201
    assert {r["amount_yuan"] for r in lei if r["department"] == "上海市普陀区财政局"} == {
        "21066600",
        "22186440.8",
    }


@pytest.mark.parametrize("code", ["20", "2010", "abc", "201030101"])
def test_bad_code_exits_2(built_store: Path, code: str) -> None:
    res = run_cli("compare", code, "--store", str(built_store))
    assert res.returncode == 2 and "is not a classification code" in res.stderr


def test_missing_store_exits_2(tmp_path: Path) -> None:
    res = run_cli("compare", "201", "--store", str(tmp_path / "none"))
    assert res.returncode == 2 and "no loaded store" in res.stderr


@pytest.fixture(scope="module")
def built_client(built_store: Path):  # type: ignore[no-untyped-def]
    from budgetlod.server.app import create_app
    from budgetlod.server.settings import Settings

    app = create_app(Settings(store=str(built_store), workers=1))
    yield app.test_client()
    app.extensions["budgetlod"].engine.close()


def test_http_csv_and_json_equal_the_command(built_store: Path, built_client) -> None:  # type: ignore[no-untyped-def]
    cli = run_cli("compare", "2010301", "--store", str(built_store)).stdout
    assert built_client.get("/compare.csv?code=2010301").get_data(as_text=True) == cli
    body = json.loads(built_client.get("/compare.json?code=2010301").get_data())
    assert body["code"] == "2010301" and [r["amount_yuan"] for r in body["rows"]] == [
        r["amount_yuan"] for r in rows_of(cli)
    ]
    assert built_client.get("/compare.json?code=x").status_code == 400


def test_http_page_has_chart_pivot_and_sources(built_client) -> None:  # type: ignore[no-untyped-def]
    html = built_client.get("/compare?code=2010301").get_data(as_text=True)
    assert html.count("<rect ") == 5  # one bar per figure
    pivot = html.split('id="pivot"')[1].split("</table>")[0]
    assert (
        '<td>上海市普陀区财政局</td><td>2024</td><td class="num"></td><td class="num">15,118,900</td>'
        in pivot
    )
    assert '<td>上海市普陀区财政局</td><td>2025</td><td class="num">16,231,840.8</td>' in pivot
    assert (
        '<td>邯郸市行政审批局</td><td>2023</td><td class="num">12,907,100</td>' in pivot
    )  # two forms count once
    figures = html.split('id="rows"')[1]
    assert figures.count('href="/id/doc/') == 2 * 5 and "/line/4-3" in figures  # line and document


def test_keys_are_written_at_load_for_the_compared_lines_only() -> None:
    """Issue 18: a comparison is an index lookup of keys computed once, at load time."""
    from budgetlod.extract import extract_document, extraction_to_graph
    from budgetlod.namespaces import BUD
    from budgetlod.store.compare import comparison_quads
    from budgetlod.terms import to_quads
    from tests.conftest import HANDAN_TXT

    g = extraction_to_graph(extract_document(str(HANDAN_TXT)))
    keys = comparison_quads(to_quads(g))
    keyed = {q.subject.value for q in keys}
    # every line of the 支出总表's 合计 column with a code, and no other line
    expected = {
        str(line)
        for line in g.subjects(BUD.tableKind, BUD["table-expenditure-summary"])
        if (line, BUD.column, BUD["col-total"]) in g and g.value(line, BUD.functionalClassification)
    }
    assert keyed == expected and len(expected) > 10
    items = {q.object.value for q in keys if q.predicate.value == str(BUD.comparedItem)}
    assert "201-行政运行" in items and all(i.split("-", 1)[1] in REPEATED for i in items)


REPEATED = {"行政运行", "一般行政管理事务", "机关服务", "事业运行"}


def test_a_graph_loaded_as_rdf_is_compared_too(tmp_path: Path) -> None:
    """The keys come with loading, so a disclosure's Turtle (from `extract -o`) compares as its PDF."""
    from tests.conftest import HANDAN_TXT

    (tmp_path / "in").mkdir()
    ttl = tmp_path / "in" / "handan.ttl"
    assert run_cli("extract", str(HANDAN_TXT), "-o", str(ttl)).returncode == 0
    store = tmp_path / "store"
    res = run_cli("build", str(ttl.parent), "--store", str(store))
    assert res.returncode == 0 and "1 other graph" in res.stderr, res.stderr
    rows = rows_of(run_cli("compare", "2010601", "--store", str(store)).stdout)
    assert [(r["department"], r["code"], r["amount_yuan"], r["match"]) for r in rows] == [
        ("邯郸市行政审批局", "2010301", "12907100", "item")
    ]


def test_a_store_loaded_before_the_keys_is_still_compared(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A store whose lines carry no comparison keys (loaded by an earlier version) is compared the
    old way, at query time: the same rows, never an empty answer."""
    from budgetlod.namespaces import DEFAULT_BASE
    from budgetlod.store import loading
    from budgetlod.store.compare import compare
    from budgetlod.store.facade import Store
    from budgetlod.store.storedir import StoreDir
    from tests.conftest import HANDAN_TXT

    with_keys, without = tmp_path / "a", tmp_path / "b"
    loading.load(StoreDir(with_keys), [str(HANDAN_TXT)], DEFAULT_BASE)
    monkeypatch.setattr(loading, "comparison_quads", lambda quads: [])
    loading.load(StoreDir(without), [str(HANDAN_TXT)], DEFAULT_BASE)
    fast = [r.values for r in compare(Store(with_keys).selector(), "2010301")]
    slow = [r.values for r in compare(Store(without).selector(), "2010301")]
    assert fast == slow and len(fast) == 1 and fast[0]["amount_yuan"] == "12907100"
