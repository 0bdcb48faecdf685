"""Issue 4: the shapes are valid SHACL, the golden files hold, and both engines agree."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from budgetlod.resources import load_shapes, shape_files
from budgetlod.validation import Finding, validate_graph

DASH = "http://datashapes.org/dash#"
GOLDEN = sorted((Path(__file__).parent / "shapes").glob("*.test.ttl"))


def test_shapes_are_valid_shacl() -> None:
    # pySHACL checks the shapes graph itself against SHACL-SHACL (meta_shacl) before validating
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=load_shapes(), meta_shacl=True)
    assert conforms, text


def test_shapes_are_split_by_subject() -> None:
    assert {
        "structure.ttl",
        "hierarchy.ttl",
        "rows.ttl",
        "cross-table.ttl",
        "sangong.ttl",
        "labels.ttl",
    } <= set(shape_files())


def test_every_rule_speaks_chinese_and_english_and_has_a_severity() -> None:
    shapes = load_shapes()
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning), shape
        carriers = list(shapes.objects(shape, SH.sparql)) + list(shapes.objects(shape, SH.property))
        assert carriers, shape
        for node in carriers:
            langs = {m.language for m in shapes.objects(node, SH.message) if isinstance(m, Literal)}
            if not langs:  # a property shape may use its node shape's message
                langs = {m.language for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)}
            assert {"zh", "en"} <= langs, (shape, node)


def expected(path: Path) -> tuple[Graph, Counter[tuple[str, str, str, str]]]:
    g = Graph().parse(path, format="turtle")
    case = next(g.subjects(RDF.type, URIRef(DASH + "GraphValidationTestCase")))
    report = g.value(case, URIRef(DASH + "expectedResult"))
    want: Counter[tuple[str, str, str, str]] = Counter()
    for r in g.objects(report, SH.result):
        value = g.value(r, SH.value)
        want[
            (
                str(g.value(r, SH.focusNode)),
                str(value) if value is not None else "",
                str(g.value(r, SH.sourceShape)),
                str(g.value(r, SH.resultSeverity)).rsplit("#", 1)[1],
            )
        ] += 1
    return g, want


def found(findings: list[Finding], with_value: set[tuple[str, str]]) -> Counter[tuple[str, str, str, str]]:
    out: Counter[tuple[str, str, str, str]] = Counter()
    for f in findings:
        value = f.value if (f.focus, f.shape) in with_value else ""
        out[(f.focus, value or "", f.shape, f.severity)] += 1
    return out


@pytest.mark.parametrize("engine", ["oxigraph", "pyshacl"])
@pytest.mark.parametrize("path", GOLDEN, ids=[p.name for p in GOLDEN])
def test_golden(path: Path, engine: str) -> None:
    data, want = expected(path)
    report = validate_graph(data, engine=engine)  # type: ignore[arg-type]
    with_value = {(f, s) for f, v, s, _ in want if v}
    assert found(report.findings, with_value) == want
    assert report.conforms == (not want)


def _comparable(findings: list[Finding]) -> Counter[tuple[object, ...]]:
    # GROUP_CONCAT order is not fixed by SPARQL, and pySHACL drops message language tags
    return Counter(
        (f.shape, f.focus, f.value, f.path, f.severity, tuple(sorted("".join(m for _, m in f.messages))))
        for f in findings
    )


def test_engines_agree_on_a_whole_document(handan_graphs: dict[str, Path]) -> None:
    g = Graph().parse(handan_graphs["txt"], format="turtle")
    assert _comparable(validate_graph(g).findings) == _comparable(
        validate_graph(g, engine="pyshacl").findings
    )
