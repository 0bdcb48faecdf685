"""Real SPARQL clients against `budgetlod serve` (issue 20): SPARQLWrapper 2 with every return format
it offers, for each query form, by GET and by POST, and rdflib's SPARQLStore.

SPARQLWrapper sends `Accept` and also `format=` / `output=`, repeated, short names and media types
mixed; `convert()` turns the answer into a Python object by its Content-Type.
"""

from __future__ import annotations

import warnings
import xml.dom.minidom

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    RDF,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)

DEPARTMENTS = "https://w3id.org/budgetlod/id/department/"  # budgetlod.extract.iris
SELECT = "SELECT ?s ?label WHERE { ?s a <http://www.w3.org/ns/org#FormalOrganization> ; ?p ?label } LIMIT 5"
ASK = "ASK { ?s a <http://www.w3.org/ns/org#FormalOrganization> }"
ORG = "<http://www.w3.org/ns/org#FormalOrganization>"
CONSTRUCT = f"CONSTRUCT {{ ?s a ?t }} WHERE {{ ?s a ?t ; a {ORG} }} LIMIT 5"
DESCRIBE = "DESCRIBE ?s WHERE { ?s a <http://www.w3.org/ns/org#FormalOrganization> } LIMIT 1"
QUERIES = {"SELECT": SELECT, "ASK": ASK, "CONSTRUCT": CONSTRUCT, "DESCRIBE": DESCRIBE}

#: What convert() gives, by the answer's format, for the combinations the issue lists as supported.
SOLUTIONS = {JSON: "json", XML: "xml", CSV: "csv", TSV: "tsv"}
GRAPHS = {TURTLE: "turtle", N3: "turtle", RDFXML: "graph", RDF: "graph", JSONLD: "graph", XML: "graph"}
ALL = (JSON, XML, CSV, TSV, TURTLE, N3, RDFXML, RDF, JSONLD)


@pytest.fixture(scope="module")
def endpoint(live_server: str) -> str:
    return f"{live_server}/sparql"


def _expected(form: str, fmt: str) -> str:
    """The kind of object convert() must give: the asked format where the form has it, else the
    form's default (SPARQL JSON results, Turtle)."""
    if form in ("SELECT", "ASK"):
        return SOLUTIONS.get(fmt, "json")
    return GRAPHS.get(fmt, "turtle")


def _check(kind: str, form: str, got: object) -> None:
    if kind == "json":
        assert isinstance(got, dict)
        assert got["boolean"] is True if form == "ASK" else len(got["results"]["bindings"]) > 0
    elif kind == "xml":
        assert isinstance(got, xml.dom.minidom.Document)
        tag = "boolean" if form == "ASK" else "result"
        assert got.getElementsByTagName(tag)
    elif kind in ("csv", "tsv"):
        assert isinstance(got, bytes)
        lines = got.decode("utf-8").splitlines()
        assert lines[1:] if form == "SELECT" else lines  # ASK: the one boolean row
    elif kind == "turtle":
        assert isinstance(got, bytes)
        assert len(Graph().parse(data=got.decode("utf-8"), format="turtle")) > 0
    else:
        assert isinstance(got, Graph) and len(got) > 0
        assert any(str(s).startswith(DEPARTMENTS) for s in got.subjects())


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("fmt", ALL)
@pytest.mark.parametrize("form", list(QUERIES))
def test_sparqlwrapper_every_return_format(endpoint: str, form: str, fmt: str, method: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setMethod(method)
    client.setQuery(QUERIES[form])
    client.setReturnFormat(fmt)
    with warnings.catch_warnings():
        # SPARQLWrapper warns where it asked a format the form has not and got the form's default
        warnings.simplefilter("ignore", RuntimeWarning)
        result = client.query()
        content_type = result.info()["content-type"]
        got = result.convert()
    kind = _expected(form, fmt)
    assert (kind in ("turtle", "graph")) == (form in ("CONSTRUCT", "DESCRIBE")), content_type
    _check(kind, form, got)


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_sparqlwrapper_default_use_of_a_graph_query_gives_an_rdflib_graph(
    endpoint: str, form: str, method: str
) -> None:
    """The issue's first failure: `SPARQLWrapper(url).setQuery(construct); .query().convert()` was 406."""
    client = SPARQLWrapper(endpoint)
    client.setMethod(method)
    client.setQuery(QUERIES[form])
    got = client.query().convert()
    _check("graph", form, got)


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_select_ask_construct(endpoint: str, method: str) -> None:
    """rdflib's default (XML results, RDF/XML graphs), each way it can send a query."""
    g = Graph(store=SPARQLStore(endpoint, method=method))
    rows = list(g.query(SELECT))
    assert rows and all(isinstance(r[0], URIRef) for r in rows)  # type: ignore[index]
    assert g.query(ASK).askAnswer is True
    constructed = g.query(CONSTRUCT).graph
    assert constructed is not None and len(constructed) > 0
    assert all(str(s).startswith(DEPARTMENTS) for s in constructed.subjects())


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv"])
def test_rdflib_sparqlstore_other_result_formats(endpoint: str, fmt: str) -> None:
    g = Graph(store=SPARQLStore(endpoint, returnFormat=fmt))
    assert len(list(g.query(SELECT))) == 5
