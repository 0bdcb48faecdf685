"""Issue 5 (part): duties, units, glossary and the figures the narrative states, with their shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlod.extract import extract_document, extraction_to_graph
from budgetlod.validation import validate_graph
from tests.conftest import HANDAN_PDF, HANDAN_TXT, read_export, run_cli
from tests.mutate import validate_changed

STATED = {
    "income": "5754.70", "expenditure": "5754.70", "basic": "3363.20", "personnel": "2917.06",
    "public-funds": "446.14", "project": "2391.50", "carryover": "0", "change": "1300.12",
    "office-operation": "446.14", "sangong-total": "7.95", "sangong-abroad": "0", "sangong-vehicle": "3.11",
    "sangong-vehicle-purchase": "0", "sangong-vehicle-operation": "3.11", "sangong-reception": "4.84",
    "sangong-change": "2.15", "planned-assets": "20.00", "assets-total": "3957.96",
    "change-basic": "944.62", "change-project": "355.5",
}  # fmt: skip


@pytest.mark.parametrize("src", [HANDAN_TXT, HANDAN_PDF], ids=["txt", "pdf"])
def test_duties_units_glossary(src: Path) -> None:
    x = extract_document(str(src))
    assert len(x.duties) == 14 and x.duties[-1].startswith("完成市委、市政府交办的其他任务")
    assert [u.nature for u in x.units] == ["行政"] + ["事业"] * 5
    assert x.units[0].rank == "正处（县）级" and {u.funding for u in x.units} == {"财政拨款"}
    assert len(x.glossary) == 10 and x.glossary[0].term == "一般公共预算拨款收入"


def test_stated_figures_of_the_text() -> None:
    got = {s.key: s for s in extract_document(str(HANDAN_TXT)).statements}
    assert {k: str(s.value) for k, s in got.items()} == STATED
    assert all(s.unit == "万元" and s.sentence for s in got.values())
    assert "公务接待费4.84万元" in got["sangong-reception"].sentence


def test_narrative_agrees_with_the_tables_and_a_change_is_reported(tmp_path: Path) -> None:
    clean = validate_graph(extraction_to_graph(extract_document(str(HANDAN_TXT))))
    assert not [f for f in clean.findings if "Narrative" in f.shape or "PlannedAssets" in f.shape]
    r = validate_changed(HANDAN_TXT, "其中基本支出3363.20万元", "其中基本支出3363.90万元", tmp_path)
    narrative = [f for f in r.violations if f.shape.endswith("NarrativeShape")]
    # the figure as printed, with its unit, then in 元
    assert len(narrative) == 1 and "基本支出 3363.90 万元，合 33639000 元" in narrative[0].message("zh")
    assert "部门预算支出总表为 3363.20 万元，合 33632000 元" in narrative[0].message("zh")


def test_planned_assets_against_goods(tmp_path: Path) -> None:
    r = validate_changed(
        HANDAN_TXT, "拟购置固定资产总额 20.00 万元", "拟购置固定资产总额 30.00 万元", tmp_path
    )
    warnings = [f for f in r.warnings if f.shape.endswith("PlannedAssetsShape")]
    assert len(warnings) == 1 and "200000" in warnings[0].message("zh")


def test_units_export(tmp_path: Path) -> None:
    graph = tmp_path / "g.ttl"
    assert run_cli("extract", str(HANDAN_TXT), "-o", str(graph), "-q").returncode == 0
    rows = read_export(run_cli("export", "units", str(graph)).stdout)
    assert len(rows) == 6
    assert {(r["name"], r["nature"]) for r in rows if r["nature"] == "行政"} == {
        ("邯郸市行政审批局本级", "行政")
    }
    assert all(r["parent"].endswith("/department/邯郸市行政审批局") for r in rows)


def test_shanghai_narrative_checked_against_the_tables() -> None:
    from rdflib import Literal
    from rdflib.namespace import XSD

    from budgetlod.namespaces import BUD
    from tests.conftest import SAMPLES

    x = extract_document(str(SAMPLES / "shanghai-putuo-shangwuwei-2025-budget.pdf"))
    stated = {s.key: str(s.value) for s in x.statements}
    assert (stated["income"], stated["sangong-total"], stated["office-operation"]) == (
        "37151.47",
        "1.00",
        "171.01",
    )
    g = extraction_to_graph(x)
    assert validate_graph(g).findings == []
    # the 三公 table's 机关运行经费 (printed beside the 三公 figures) no longer agrees with the narrative
    line = next(g.subjects(BUD.item, BUD.OfficeOperation))
    g.set((line, BUD.amountYuan, Literal("1720100", datatype=XSD.decimal)))
    found = [f for f in validate_graph(g).violations if f.shape.endswith("NarrativeShape")]
    assert len(found) == 1 and "机关运行经费 171.01 万元，合 1710100 元" in found[0].message("zh")


def test_change_with_its_parts_and_overall_target(tmp_path: Path) -> None:
    x = extract_document(str(HANDAN_TXT))
    assert x.overall_target and x.overall_target.startswith("2023年，市行政审批局将全面学习贯彻")
    stated = {s.key: s.value for s in x.statements}
    assert stated["change"] == stated["change-basic"] + stated["change-project"]  # 1300.12 = 944.62 + 355.5
    r = validate_changed(HANDAN_TXT, "基本支出增加944.62万元", "基本支出增加954.62万元", tmp_path)
    assert [f.shape.rsplit("#", 1)[1] for f in r.violations if "Narrative" in f.shape] == [
        "NarrativeChangeShape"
    ]


def test_shanghai_project_descriptions() -> None:
    from tests.conftest import SAMPLES

    x = extract_document(str(SAMPLES / "shanghai-putuo-shangwuwei-2025-budget.pdf"))
    names = [d.project for d in x.descriptions]
    assert names[:2] == ["科技创新专项", "生命健康专项（政策资金）"]
    assert x.descriptions[0].overview.startswith("加快推动本区企业创新驱动发展")


def test_final_account_narrative() -> None:
    from tests.conftest import SAMPLES

    x = extract_document(str(SAMPLES / "shanghai-putuo-caizhengju-2024-final-account.pdf"))
    stated = {s.key: str(s.value) for s in x.statements}
    assert stated == {
        "income": "2946.25", "expenditure": "2940.05", "basic": "2336.91", "personnel": "2152.26",
        "public-funds": "184.65", "sangong-total-budget": "0.95",
        "project": "603.14",  # its sentence starts a printed line: read since sentences run on over lines
        "grand-total": "2995.39", "appropriation-grand-total": "0.3",
    }  # fmt: skip
    # all of them agree with the 决算 tables but one: 财政拨款收入支出总计 is printed 0.3 万元 for 2961.68
    (finding,) = validate_graph(extraction_to_graph(x)).findings
    assert finding.shape.endswith("#NarrativeShape") and finding.page == 21
    assert "0.3 万元" in finding.message("zh") and "2,961.68 万元" in finding.message("zh")


def test_narrative_export_and_pdf_duties(tmp_path: Path) -> None:
    # a duty wrapped over printed lines of the PDF comes back whole, as in the text conversion
    pdf, txt = extract_document(str(HANDAN_PDF)), extract_document(str(HANDAN_TXT))
    assert ["".join(d.split()) for d in pdf.duties] == ["".join(d.split()) for d in txt.duties]
    graph = tmp_path / "g.ttl"
    assert run_cli("extract", str(HANDAN_TXT), "-o", str(graph), "-q").returncode == 0
    rows = read_export(run_cli("export", "narrative", str(graph)).stdout)
    kinds = [r["kind"] for r in rows]
    assert (kinds.count("duty"), kinds.count("term"), kinds.count("figure")) == (14, 10, 20)
    reception = next(r for r in rows if r["key"] == "sangong-reception")
    assert (reception["value"], reception["unit"]) == ("4.84", "万元") and "公务接待费4.84万元" in reception[
        "text"
    ]
