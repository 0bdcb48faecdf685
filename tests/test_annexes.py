"""Issue 5 (part): procurement and fixed assets of the Handan text conversion."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from budgetlod.extract import extract_document, extraction_to_graph
from budgetlod.validation import validate_graph
from tests.conftest import HANDAN_TXT, read_export, run_cli
from tests.mutate import mutate, validate_changed


def test_procurement_items_and_totals() -> None:
    p = extract_document(str(HANDAN_TXT)).procurement
    assert p is not None and p.unit == "万元"
    assert len(p.items) == 15
    totals = [r for r in p.rows if r.is_total]
    assert [(r.label, r.amount.value if r.amount else None) for r in totals] == [
        ("合计", Decimal("1497.5")),
        ("邯郸市行政审批局本级小计", Decimal("1497.5")),
    ]
    assert sum((i.amount.value for i in p.items if i.amount), Decimal(0)) == Decimal("1497.5")
    first = p.items[0]
    assert (first.item, first.catalog_code, first.catalog_name, first.unit) == (
        "物业服务",
        "C1204",
        "物业管理服务",
        "年",
    )
    assert first.project_budget is not None and first.project_budget.value == Decimal("1594.50")
    assert first.funding["一般公共预算拨款"].value == Decimal("55.50") and first.sme is not None
    chairs = next(i for i in p.items if i.item == "窗口工作椅")
    assert chairs.quantity and chairs.unit_price and chairs.amount
    assert chairs.quantity.value * chairs.unit_price.value == chairs.amount.value  # 40 × 0.045 = 1.80
    assert [i.item for i in p.items if i.catalog_code is None] == ["音响设备", "装订机"]


def test_assets_and_their_known_count_defect() -> None:
    a = extract_document(str(HANDAN_TXT)).assets
    assert a is not None and a.as_of == "2022-12-31"
    categories = [r for r in a.rows if r.level == 1]
    assert len(categories) == 4
    total = next(r for r in a.rows if r.level == 0)
    assert (
        total.count and total.value and (total.count.value, total.value.value) == (8222, Decimal("3957.96"))
    )
    assert sum(c.count.value for c in categories if c.count) == 8219
    assert sum(c.value.value for c in categories if c.value) == Decimal("3957.96")


def test_annex_shapes() -> None:
    r = validate_graph(extraction_to_graph(extract_document(str(HANDAN_TXT))))
    annex = [
        f
        for f in r.violations
        if f.shape.endswith(("AssetSumShape", "ProcurementSumShape", "ProcurementProductShape"))
    ]
    assert [f.message("zh") for f in annex] == ["固定资产“资产总额”数量印出 8222，各类合计 8219，差 3"]


def test_a_wrong_purchase_is_reported(tmp_path: Path) -> None:
    r = validate_changed(HANDAN_TXT, "个\t40\t0.045\t1.80", "个\t40\t0.045\t2.80", tmp_path)
    shapes = sorted(f.shape.rsplit("#", 1)[1] for f in r.violations)
    assert shapes == [
        "AssetSumShape",
        "ProcurementProductShape",
        "ProcurementSumShape",
        "ProcurementSumShape",
    ]
    messages = [f.message("zh") for f in r.violations]
    assert any("窗口工作椅" in m and "= 1.8，印出金额 2.8" in m for m in messages)


def test_exports(tmp_path: Path) -> None:
    graph = tmp_path / "g.ttl"
    assert run_cli("extract", str(HANDAN_TXT), "-o", str(graph), "-q").returncode == 0
    proc = read_export(run_cli("export", "procurement", str(graph)).stdout)
    assert [r["kind"] for r in proc].count("item") == 15 and proc[0][
        "label" if "label" in proc[0] else "project"
    ] == "合计"
    assets = read_export(run_cli("export", "assets", str(graph)).stdout)
    assert (assets[0]["category"], assets[0]["count"], assets[0]["value"]) == ("资产总额", "8222", "3957.96")
    assert len(assets) == 6


def test_mutate_helper_refuses_a_missing_cell() -> None:
    import pytest

    with pytest.raises(ValueError):
        mutate(HANDAN_TXT.read_text(encoding="utf-8"), "部门预算支出总表", 99, 3, "1")


def test_the_pdf_gives_the_same_annexes() -> None:
    # the PDF's ruled annex tables are read by the same readers as the text conversion
    from tests.conftest import HANDAN_PDF

    def norm(text: str) -> str:
        return "".join(text.split())

    pdf, txt = extract_document(str(HANDAN_PDF)), extract_document(str(HANDAN_TXT))
    assert pdf.procurement and txt.procurement and pdf.assets and txt.assets
    assert [(norm(r.label), norm(r.item), r.amount) for r in pdf.procurement.rows] == [
        (norm(r.label), norm(r.item), r.amount) for r in txt.procurement.rows
    ]
    assert [(r.category, r.count, r.value) for r in pdf.assets.rows] == [
        (r.category, r.count, r.value) for r in txt.assets.rows
    ]
    assert pdf.assets.as_of == "2022-12-31"
    indicators = [
        [(norm(i.level3), norm(i.value.printed), i.value.number) for i in t.indicators] for t in pdf.targets
    ]
    assert indicators == [
        [(norm(i.level3), norm(i.value.printed), i.value.number) for i in t.indicators] for t in txt.targets
    ]
    assert [t.project for t in pdf.targets] == [t.project for t in txt.targets]


def test_lines_export(tmp_path: Path) -> None:
    graph = tmp_path / "g.ttl"
    assert run_cli("extract", str(HANDAN_TXT), "-o", str(graph), "-q").returncode == 0
    rows = read_export(run_cli("export", "lines", str(graph)).stdout)
    assert len(rows) == 251  # every printed figure of the nine tables
    line = next(
        r
        for r in rows
        if r["table"] == "部门预算支出总表" and r["code"] == "2010301" and r["column"] == "total"
    )
    assert (line["row"], line["col"], line["amount"], line["unit"], line["amount_yuan"]) == (
        "4", "3", "1290.71", "万元", "12907100"
    )  # fmt: skip


def test_projects_link_targets_to_their_budget() -> None:
    from rdflib.namespace import RDFS

    from budgetlod.namespaces import BUD

    g = extraction_to_graph(extract_document(str(HANDAN_TXT)))
    budgets = {
        str(g.value(p, BUD.projectBudget)): set(map(str, g.objects(p, RDFS.label)))
        for p in g.subjects(BUD.projectBudget, None)
    }
    # the target table and the procurement table name the project differently: one project
    assert budgets["1594.50"] == {
        "行政审批局大楼运行及审批业务经费",
        "邯郸市行政审批局大楼运行及审批业务经费",
    }
    assert any(g.value(t, BUD.project) is not None for t in g.subjects(BUD.hasIndicator, None))
