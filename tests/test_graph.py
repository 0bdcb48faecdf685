"""Issue 2: the Turtle round-trips, loads with the ontology, and uses only declared terms."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, QB, RDF, RDFS, XSD

from budgetlod.extract import extract_document, extraction_to_graph
from budgetlod.namespaces import BUD, PREFIXES, SDMX_ATTRIBUTE, SDMX_CODE, SKOS
from budgetlod.resources import load_ontology
from tests.conftest import HANDAN_PDF, HANDAN_TXT, ground_truth

# vocabularies whose terms the data may use without the ontology declaring them again
STANDARD = tuple(str(ns) for p, ns in PREFIXES.items() if p != "bud")


@pytest.fixture(scope="module")
def graphs(handan_graphs: dict[str, Path]) -> dict[str, Graph]:
    return {form: Graph().parse(path, format="turtle") for form, path in handan_graphs.items()}


@pytest.mark.parametrize("src", [HANDAN_TXT, HANDAN_PDF])
def test_turtle_round_trips_isomorphic(src: Path, handan_graphs: dict[str, Path]) -> None:
    built = extraction_to_graph(extract_document(str(src)))
    form = "txt" if src.suffix == ".txt" else "pdf"
    written = Graph().parse(handan_graphs[form], format="turtle")
    assert len(written) == len(built) > 5000
    assert isomorphic(built, written)


@pytest.mark.parametrize("form", ["txt", "pdf"])
def test_every_term_used_is_declared(form: str, graphs: dict[str, Graph]) -> None:
    g = graphs[form]
    onto = load_ontology()
    declared = {s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef)}
    used: set[URIRef] = set(g.predicates()) | {o for o in g.objects(None, RDF.type) if isinstance(o, URIRef)}  # type: ignore[arg-type]
    used |= {o for o in g.objects() if isinstance(o, URIRef) and str(o).startswith(str(BUD))}
    undeclared = sorted(
        str(t)
        for t in used
        if (str(t).startswith(str(BUD)) and t not in declared) or not str(t).startswith((str(BUD), *STANDARD))
    )
    assert undeclared == []


def test_ontology_and_data_load_together(graphs: dict[str, Graph]) -> None:
    merged = load_ontology()
    for g in graphs.values():
        merged += g
    # every bud: class and property carries zh and en labels and a comment
    onto = load_ontology()
    for term in (
        set(onto.subjects(RDF.type, OWL.Class))
        | set(onto.subjects(RDF.type, OWL.ObjectProperty))
        | set(onto.subjects(RDF.type, OWL.DatatypeProperty))
    ):
        langs = {lit.language for lit in onto.objects(term, RDFS.label)}  # type: ignore[union-attr]
        assert {"zh", "en"} <= langs, term
        assert any(True for _ in onto.objects(term, RDFS.comment)), term
    assert len(merged) > len(onto)


def test_amounts_are_decimals_with_unit_multiplier(graphs: dict[str, Graph]) -> None:
    g = graphs["pdf"]
    q = f"""PREFIX bud: <{BUD}> PREFIX sa: <{SDMX_ATTRIBUTE}>
    SELECT ?amount ?yuan ?mult ?text ?page ?row ?col WHERE {{
      ?line a bud:BudgetLine ; bud:amount ?amount ; bud:amountYuan ?yuan ; sa:unitMult ?mult ;
            bud:item ?item ; bud:column bud:col-total ; bud:tableKind bud:table-expenditure-summary ;
            <http://www.w3.org/ns/prov#wasDerivedFrom> ?cell .
      ?item <http://www.w3.org/2004/02/skos/core#notation> "2010301" .
      ?cell bud:printedText ?text ; bud:page ?page ; bud:rowNumber ?row ; bud:columnNumber ?col .
    }}"""
    rows = list(g.query(q))
    assert len(rows) == 1
    amount, yuan, mult, text, page, row, col = rows[0]
    assert amount == Literal(Decimal("1290.71"), datatype=XSD.decimal)
    assert isinstance(amount.toPython(), Decimal)
    assert yuan.toPython() == Decimal("12907100")
    assert mult == SDMX_CODE["unitMult-4"]
    assert (str(text), int(page), int(row), int(col)) == ("1290.71", 7, 4, 3)


def test_codes_form_a_hierarchy_in_an_edition_scheme(graphs: dict[str, Graph]) -> None:
    g = graphs["txt"]
    q = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX bud: <https://w3id.org/budgetlod/ontology#>
    SELECT ?n ?b ?scheme ?shared WHERE {
      ?c a bud:ClassificationCode ; skos:notation "2080505" ; skos:broader ?k ; skos:inScheme ?scheme ;
         skos:exactMatch ?shared .
      ?k skos:notation ?n ; skos:broader ?l . ?l skos:notation ?b }"""
    rows = list(g.query(q))
    assert [(str(n), str(b)) for n, b, _, _ in rows] == [("20805", "208")]
    assert str(rows[0][2]).endswith("/code/functional/2023")
    # The edition's concept is the one concept of its code across years, with the same chain.
    shared = rows[0][3]
    assert str(shared).endswith("/code/functional/2080505")
    assert str(g.value(g.value(shared, SKOS.broader), SKOS.broader)).endswith("/code/functional/208")


def test_every_budget_line_is_a_cube_observation_with_provenance(graphs: dict[str, Graph]) -> None:
    g = graphs["pdf"]
    lines = set(g.subjects(RDF.type, BUD.BudgetLine))
    # one budget line per printed figure of the ground truth (every figure there has decimals)
    figures = [v for t, r, c, v in ground_truth() if "." in v]
    assert len(lines) == len(figures) == 251
    for line in lines:
        assert g.value(line, QB.dataSet) is not None
        cell = g.value(line, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
        assert g.value(cell, BUD.page) is not None and g.value(cell, BUD.printedText) is not None


def test_document_metadata(graphs: dict[str, Graph]) -> None:
    g = graphs["pdf"]
    doc = next(g.subjects(RDF.type, BUD.Disclosure))
    assert len(str(g.value(doc, BUD.sha256))) == 64
    assert int(g.value(doc, BUD.pageCount)) == 28  # type: ignore[arg-type]
    assert g.value(doc, BUD.budgetPhase) == BUD.Budget
    assert g.value(doc, BUD.documentKind) == BUD.DepartmentBudget
    assert str(g.value(doc, BUD.fiscalYear)) == "2023"
    dept = g.value(doc, BUD.department)
    assert str(g.value(dept, BUD.departmentCode)) == "211"
    empty = [t for t in g.objects(doc, BUD.hasTable) if g.value(t, BUD.status) == BUD.DeclaredEmpty]
    assert len(empty) == 2  # 政府性基金 and 国有资本经营: "no data", not zero lines
    for t in empty:
        assert not list(g.subjects(BUD.inTable, t))
        assert "空表列示" in str(g.value(t, BUD.note))


def test_ontology_declares_every_table_kind_and_column_role() -> None:
    from budgetlod.extract.catalog import TABLE_KINDS
    from budgetlod.extract.columns import declared_roles

    onto = load_ontology()
    kinds = {str(s).split("#table-")[1] for s in onto.subjects(RDF.type, BUD.TableKind)}
    roles = {str(s).split("#col-")[1] for s in onto.subjects(RDF.type, BUD.ColumnRole)}
    assert kinds == {k.key for k in TABLE_KINDS}
    assert roles == set(declared_roles())
    # the classification a kind's rows use is the same fact in the vocabulary and the ontology
    schemes = {k.key: k.scheme for k in TABLE_KINDS if k.scheme}
    in_ontology = {
        str(s).split("#table-")[1]: str(o) for s, o in onto.subject_objects(BUD.classificationKind)
    }
    assert {k: v for k, v in in_ontology.items() if k in kinds} == schemes


def test_ontology_declares_every_template_and_its_compared_table() -> None:
    from budgetlod.extract.vocabulary import TEMPLATES

    onto = load_ontology()
    for template in TEMPLATES:
        concept = BUD[f"template-{template.key}"]
        table = onto.value(concept, BUD.comparedTable)
        assert table is not None and onto.value(concept, BUD.comparedColumn) is not None, template.key
        # a template is compared by one of its own tables
        assert str(table).split("#table-")[1] in template.kinds
