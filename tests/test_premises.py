"""Issue 16: every rule declares its premise and checks it on the document; `--explain` says which
rules a failed premise silenced; findings about the document are kept apart from doubts about our
reading; the HTML report anchors each finding and links it to its page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from budgetlod.extract import extract_document, extraction_to_graph
from budgetlod.premises import BSH, PremiseError, expand
from budgetlod.resources import load_shapes
from budgetlod.validation import validate_graph
from tests.conftest import HANDAN_TXT, ROOT, SAMPLES, run_cli
from tests.mutate import bumped

RULE_FILES = ("cross-table.ttl", "narrative.ttl", "explanations.ttl", "claims.ttl")
SHANGWUWEI = SAMPLES / "shanghai-putuo-shangwuwei-2025-budget.pdf"


@pytest.mark.parametrize("name", RULE_FILES)
def test_every_cross_table_and_narrative_rule_declares_its_premise(name: str) -> None:
    g = Graph().parse(ROOT / "shapes" / name)
    constraints = list(g.subjects(RDF.type, SH.SPARQLConstraint))
    assert constraints
    for c in constraints:
        declared = set(g.objects(c, BSH.premise))
        used = set(re.findall(r"PREMISE\(bsh:(\w+)\)", str(g.value(c, SH.select))))
        assert declared and {BSH[u] for u in used} == declared, (name, declared, used)


def _shapes(select: str, premise: str | None) -> Graph:
    g = Graph()
    g.parse(data=(ROOT / "shapes" / "premises.ttl").read_text(encoding="utf-8"), format="turtle")
    declared = f"bsh:premise {premise} ;" if premise else ""
    g.parse(
        data=f"""
        @prefix bsh: <https://w3id.org/budgetlod/shapes#> . @prefix sh: <http://www.w3.org/ns/shacl#> .
        bsh:T a sh:NodeShape ; sh:sparql [ a sh:SPARQLConstraint ; {declared} sh:select "{select}" ] .""",
        format="turtle",
    )
    return g


def test_a_premise_used_but_not_declared_or_unknown_is_refused() -> None:
    with pytest.raises(PremiseError, match="declares"):
        expand(_shapes("SELECT $this WHERE { FILTER (PREMISE(bsh:YearKnown)) }", None))
    with pytest.raises(PremiseError, match="declares"):
        expand(_shapes("SELECT $this WHERE { }", "bsh:YearKnown"))
    with pytest.raises(PremiseError, match="unknown"):
        expand(_shapes("SELECT $this WHERE { FILTER (PREMISE(bsh:Nonesuch)) }", "bsh:Nonesuch"))
    # and the loaded shapes carry no PREMISE(…) left to run
    assert "PREMISE(" not in "".join(str(o) for o in load_shapes().objects(None, SH.select))


def test_other_money_in_the_totals_silences_the_all_appropriation_rule() -> None:
    # the false violation of the issue: the 收支总表 spends more on a 类 than the 财政拨款收支总表
    # because money other than appropriation (年初结转和结余) paid for it
    g = extraction_to_graph(extract_document(str(SHANGWUWEI)))
    bumped(g, "table-income-expenditure-summary", 100, column="col-expenditure-budget-amount")
    both = [f for f in validate_graph(g).violations if f.shape.endswith("#CrossTableShape")]
    assert len(both) == 2  # all the money is appropriation here: the two must agree
    bumped(g, "table-income-expenditure-summary", 100, item="IncomeGrandTotal")  # other money came in
    report = validate_graph(g, shapes=load_shapes(explain=True))
    crossed = [f for f in report.violations if f.shape.endswith("#CrossTableShape")]
    # the 收支总表 against the 支出总表 still fires; against the 财政拨款收支总表 it no longer may
    assert len(crossed) == 1 and "财政拨款支出" not in crossed[0].message("zh")
    (info,) = [
        f for f in report.findings if f.severity == "Info" and "全部资金均为财政拨款" in f.message("zh")
    ]
    assert info.shape.endswith("CrossTableShape-premise-AllAppropriation")
    assert "收入总计" in info.message("zh")  # the evidence: the two totals as printed
    # without --explain, nothing says so
    assert not [f for f in validate_graph(g).findings if f.severity == "Info"]


def test_explain_in_ttl_and_the_two_engines_agree(tmp_path: Path) -> None:
    out = tmp_path / "r.ttl"
    res = run_cli("validate", str(HANDAN_TXT), "--format", "ttl", "--explain", "-o", str(out))
    assert res.returncode == 1, res.stderr  # the asset count defect
    report = Graph().parse(out)
    infos = set(report.subjects(SH.resultSeverity, SH.Info))
    shapes = {str(report.value(r, SH.sourceShape)).rsplit("#", 1)[1] for r in infos}
    # Handan's narrative explains no line one by one, names no change in money nor an empty reason
    assert "ExplanationShape-premise-ExplainsLines" in shapes
    # the Info shapes alone (pySHACL takes a minute over every rule of a whole document)
    explained = load_shapes(explain=True)
    for shape in set(explained.subjects(RDF.type, SH.NodeShape)):
        if explained.value(shape, SH.severity) != SH.Info:
            explained.remove((shape, None, None))
    g = extraction_to_graph(extract_document(str(HANDAN_TXT)))
    ox = {(f.shape, f.severity, f.focus) for f in validate_graph(g, shapes=explained).findings}
    py = {(f.shape, f.severity, f.focus) for f in validate_graph(g, "pyshacl", shapes=explained).findings}
    assert ox == py and any(sev == "Info" for _s, sev, _f in ox)


def test_doubts_about_our_reading_are_no_findings(tmp_path: Path) -> None:
    # a table of no known kind: the document is not at fault, our reading is
    text = HANDAN_TXT.read_text(encoding="utf-8")
    src = tmp_path / "renamed.txt"
    src.write_text(
        text.replace("# 部门预算财政拨款“三公”经费支出表", "# 部门预算某某情况表", 1), encoding="utf-8"
    )
    assert src.read_text(encoding="utf-8") != text
    res = run_cli("validate", str(src))
    out = res.stdout
    doubts = out.split("doubts about our reading", 1)
    assert len(doubts) == 2 and "not read" in doubts[1] and "某某情况表" in doubts[1]
    assert "1 violation(s)" in out.split("\n", 1)[0]  # the asset defect only: a doubt is not counted
    assert res.returncode == 1


def test_html_findings_have_anchors_and_links_to_their_pages(tmp_path: Path) -> None:
    out = tmp_path / "reports" / "r.html"
    out.parent.mkdir()
    src = SAMPLES / "shanghai-putuo-fuliyuan-2024-unit-budget.pdf"
    res = run_cli("validate", str(src), "--format", "html", "-o", str(out))
    assert res.returncode == 1
    page = out.read_text(encoding="utf-8")
    anchors = re.findall(r'<tr id="(d1-f\d+)"><td><a href="#\1">', page)
    assert len(anchors) == 7 and len(set(anchors)) == 7  # its seven labelled defects
    links = set(re.findall(r'href="([^"]+\.pdf)#page=(\d+)"', page))
    assert {p for _h, p in links} == {"6", "9", "11", "16"}
    assert all((out.parent / h).resolve() == src.resolve() for h, _p in links)
    # and the figures as printed with their unit come first, 元 second
    assert "738.66 万元" in page and "6,964,796 元" in page
