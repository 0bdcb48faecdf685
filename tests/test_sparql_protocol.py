"""The SPARQL 1.1 Protocol at /sparql, case by case as the W3C protocol tests define them
(kasei/sparql11-protocolvalidator names), formats, negotiation and the Service Description.

The 7 positive update tests of the W3C suite do not apply: the service is read-only, and each is
checked below to be refused (4xx) with nothing changed.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from werkzeug.datastructures import MultiDict

D = "http://kasei.us/2009/09/sparql/data/"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
JSON = "application/sparql-results+json"


def ask(resp) -> bool:  # type: ignore[no-untyped-def]
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return json.loads(resp.get_data())["boolean"]


# --- positive query tests -------------------------------------------------------------------


def test_query_get(client) -> None:  # type: ignore[no-untyped-def]
    assert ask(client.get("/sparql", query_string={"query": "ASK {}"})) is True


def test_query_post_form(client) -> None:  # type: ignore[no-untyped-def]
    assert ask(client.post("/sparql", data={"query": "ASK {}"}, content_type=FORM)) is True


def test_query_post_direct(client) -> None:  # type: ignore[no-untyped-def]
    assert ask(client.post("/sparql", data="ASK {}", content_type=DIRECT)) is True


def test_query_dataset_default_graph(client) -> None:  # type: ignore[no-untyped-def]
    q = f"ASK {{ <{D}data1.rdf> ?p ?o }}"
    url = f"/sparql?default-graph-uri={D}data1.rdf"
    assert ask(client.post(url, data=q, content_type=DIRECT)) is True
    # …and the protocol's default graph is exactly that graph: data3's triples are not in it.
    q3 = f"ASK {{ <{D}data3.rdf> ?p ?o }}"
    assert ask(client.post(url, data=q3, content_type=DIRECT)) is False


@pytest.mark.parametrize("method", ["get", "post"])
def test_query_dataset_default_graphs(client, method: str) -> None:  # type: ignore[no-untyped-def]
    q = f"ASK {{ <{D}data1.rdf> ?p ?o . <{D}data2.rdf> ?p ?o }}"
    graphs = [("default-graph-uri", f"{D}data1.rdf"), ("default-graph-uri", f"{D}data2.rdf")]
    if method == "get":
        resp = client.get("/sparql", query_string=[("query", q), *graphs])
    else:
        resp = client.post("/sparql", data=urlencode([("query", q), *graphs]), content_type=FORM)
    assert ask(resp) is True


@pytest.mark.parametrize("method", ["get", "post"])
def test_query_dataset_named_graphs(client, method: str) -> None:  # type: ignore[no-untyped-def]
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    graphs = [("named-graph-uri", f"{D}data1.rdf"), ("named-graph-uri", f"{D}data2.rdf")]
    if method == "get":
        resp = client.get("/sparql", query_string=[("query", q), *graphs])
    else:
        resp = client.post("/sparql", data=urlencode([("query", q), *graphs]), content_type=FORM)
    rows = json.loads(resp.get_data())["results"]["bindings"]
    assert [r["g"]["value"] for r in rows] == [f"{D}data1.rdf", f"{D}data2.rdf"]


def test_query_dataset_full(client) -> None:  # type: ignore[no-untyped-def]
    url = f"/sparql?default-graph-uri={D}data3.rdf&named-graph-uri={D}data1.rdf&named-graph-uri={D}data2.rdf"
    q = "SELECT ?g ?x ?s { ?x ?y ?o  GRAPH ?g { ?s ?p ?o } }"
    resp = client.post(url, data=q, content_type=DIRECT)
    rows = json.loads(resp.get_data())["results"]["bindings"]
    # data3's default graph shares no object with data1/data2 except rdf:type foaf:Document.
    assert rows and {r["x"]["value"] for r in rows} == {f"{D}data3.rdf"}
    assert {r["g"]["value"] for r in rows} == {f"{D}data1.rdf", f"{D}data2.rdf"}


def test_query_multiple_dataset(client) -> None:  # type: ignore[no-untyped-def]
    """The protocol's dataset overrides the query's FROM."""
    q = f"ASK FROM <{D}data1.rdf> {{ <{D}data1.rdf> <http://purl.org/dc/terms/relation> ?o }}"
    url = f"/sparql?default-graph-uri={D}data2.rdf"
    assert ask(client.post(url, data=q, content_type=DIRECT)) is True
    assert ask(client.post("/sparql", data=q, content_type=DIRECT)) is False  # FROM alone: data1


def test_relative_iris_resolve_against_the_endpoint(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/sparql", data="SELECT (<data1.rdf> AS ?x) {}", content_type=DIRECT)
    assert json.loads(resp.get_data())["results"]["bindings"][0]["x"]["value"] == "http://localhost/data1.rdf"


@pytest.mark.parametrize(
    "media_type", [JSON, "application/sparql-results+xml", "text/csv", "text/tab-separated-values"]
)
def test_query_content_type_select(client, media_type: str) -> None:  # type: ignore[no-untyped-def]
    resp = client.post(
        "/sparql", data="SELECT (1 AS ?value) {}", content_type=DIRECT, headers={"Accept": media_type}
    )
    assert resp.status_code == 200 and resp.mimetype == media_type
    assert "Accept" in resp.headers["Vary"]
    body = resp.get_data(as_text=True)
    if media_type == JSON:
        assert json.loads(body)["results"]["bindings"][0]["value"]["value"] == "1"
    elif media_type.endswith("xml"):
        ns = "{http://www.w3.org/2005/sparql-results#}"
        assert ET.fromstring(body).find(f"{ns}results/{ns}result/{ns}binding/{ns}literal").text == "1"
    elif media_type == "text/csv":
        assert body == "value\r\n1\r\n"
    else:
        assert body == "?value\n1\n"


@pytest.mark.parametrize("media_type", [JSON, "application/sparql-results+xml"])
def test_query_content_type_ask(client, media_type: str) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/sparql", data="ASK {}", content_type=DIRECT, headers={"Accept": media_type})
    assert resp.mimetype == media_type and "true" in resp.get_data(as_text=True)


RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


@pytest.mark.parametrize("media_type", list(RDF_TYPES))
def test_query_content_type_construct(client, media_type: str) -> None:  # type: ignore[no-untyped-def]
    q = "CONSTRUCT { <http://example.org/s> <http://example.org/p> 1 } WHERE {}"
    resp = client.post("/sparql", data=q, content_type=DIRECT, headers={"Accept": media_type})
    assert resp.status_code == 200 and resp.mimetype == media_type
    triples = list(ox.parse(resp.get_data(), format=RDF_TYPES[media_type]))
    assert len(triples) == 1 and triples[0].object.value == "1"


@pytest.mark.parametrize("media_type", list(RDF_TYPES))
def test_query_content_type_describe(client, media_type: str) -> None:  # type: ignore[no-untyped-def]
    resp = client.post(
        "/sparql",
        data="DESCRIBE <http://example.org/alice>",
        content_type=DIRECT,
        headers={"Accept": media_type},
    )
    assert resp.status_code == 200 and resp.mimetype == media_type
    names = [t.object.value for t in ox.parse(resp.get_data(), format=RDF_TYPES[media_type])]
    assert names == ["Alice"]


# --- negative tests: 4xx -----------------------------------------------------------------------


def test_bad_query_method(client) -> None:  # type: ignore[no-untyped-def]
    assert client.put("/sparql?query=ASK%20%7B%7D").status_code == 405
    assert client.delete("/sparql?query=ASK%20%7B%7D").status_code == 405


def test_bad_multiple_queries(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D")
    assert resp.status_code == 400 and "exactly one query" in resp.get_data(as_text=True)


def test_bad_query_wrong_media_type(client) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/sparql", data="ASK {}", content_type="text/plain").status_code == 415


def test_bad_query_missing_form_type(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/sparql", data=b"query=ASK%20%7B%7D", headers={"Content-Type": ""})
    assert resp.status_code == 415


def test_bad_query_missing_direct_type(client) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/sparql", data=b"ASK {}", headers={"Content-Type": ""}).status_code == 415


def test_bad_query_non_utf8(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.post("/sparql", data="ASK {}".encode("utf-16"), content_type=DIRECT + "; charset=UTF-16")
    assert resp.status_code == 415
    resp = client.post("/sparql", data="ASK {}".encode("utf-16"), content_type=DIRECT)
    assert resp.status_code == 400 and "UTF-8" in resp.get_data(as_text=True)


def test_bad_query_syntax(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/sparql", query_string={"query": "ASK {"})
    assert resp.status_code == 400
    assert "malformed query: error at 1:6" in resp.get_data(as_text=True)  # the parser's own message


UPDATE_REQUESTS = {
    "bad_update_get": ("get", "/sparql?update=CLEAR%20ALL", None, None),
    "bad_multiple_updates": ("post", "/sparql", "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM),
    "bad_update_wrong_media_type": ("post", "/sparql", "CLEAR NAMED", "text/plain"),
    "bad_update_missing_form_type": ("post", "/sparql", "update=CLEAR%20NAMED", ""),
    "bad_update_missing_direct_type": ("post", "/sparql", "CLEAR NAMED", ""),
    "bad_update_non_utf8": (
        "post", "/sparql", "CLEAR NAMED".encode("utf-16"), "application/sparql-update; charset=UTF-16"
    ),
    "bad_update_syntax": ("post", "/sparql", "update=CLEAR%20XYZ", FORM),
    "bad_update_dataset_conflict": (
        "post", "/sparql",
        "using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople&update=WITH%20%3Chttp%3A%2F%2Fexample%2Faddresses%3E"
        "%20DELETE%20%7B%20%3Fp%20%3Fq%20%3Fr%20%7D%20WHERE%20%7B%20%3Fp%20%3Fq%20%3Fr%20%7D",
        FORM,
    ),
    # The suite's positive update tests: read-only here, so each must be refused.
    "update_post_form": ("post", "/sparql", "update=CLEAR%20ALL", FORM),
    "update_post_direct": ("post", "/sparql", "CLEAR ALL", "application/sparql-update"),
    "update_dataset_default_graph": (
        "post", f"/sparql?using-graph-uri={D}data1.rdf",
        f"INSERT DATA {{ GRAPH <{D}x> {{ <{D}a> a <{D}b> }} }}", "application/sparql-update",
    ),
    "update_as_query": ("post", "/sparql", "query=DROP%20ALL", FORM),
    "update_as_direct_query": ("post", "/sparql", f"INSERT DATA {{ <{D}a> <{D}b> <{D}c> }}", DIRECT),
}  # fmt: skip


@pytest.mark.parametrize("name", list(UPDATE_REQUESTS))
def test_updates_are_refused_and_change_nothing(client, name: str) -> None:  # type: ignore[no-untyped-def]
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = json.loads(client.get("/sparql", query_string={"query": count}).get_data())
    method, url, data, ctype = UPDATE_REQUESTS[name]
    headers = {} if ctype is None else {"Content-Type": ctype}
    resp = getattr(client, method)(url, data=data, headers=headers)
    assert 400 <= resp.status_code < 500, (name, resp.status_code)
    after = json.loads(client.get("/sparql", query_string={"query": count}).get_data())
    assert before == after


# --- negotiation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("", JSON),
        ("*/*", JSON),
        ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv, text/tab-separated-values;q=0.9", "text/csv"),
        ("application/xml", "application/sparql-results+xml"),
        ("application/json", JSON),
        ("text/*;q=0.8, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/html, application/xhtml+xml, */*;q=0.8", JSON),
    ],
)
def test_accept_negotiation(client, accept: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": accept})
    assert resp.status_code == 200 and resp.mimetype == expected
    assert resp.headers["Vary"] == "Accept"


def test_nothing_acceptable_is_406(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert resp.status_code == 406 and "application/sparql-results+json" in resp.get_data(as_text=True)
    # A graph result is not offered as SPARQL results, nor a solution sequence as Turtle.
    construct = "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"
    resp = client.get("/sparql", query_string={"query": construct}, headers={"Accept": JSON})
    assert resp.status_code == 406
    resp = client.get("/sparql", query_string={"query": "SELECT * {}"}, headers={"Accept": "text/turtle"})
    assert resp.status_code == 406


def test_format_parameter_overrides_accept(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/sparql", query_string={"query": "SELECT (1 AS ?v) {}", "format": "csv"})
    assert resp.mimetype == "text/csv"


CONSTRUCT_ONE = "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"


@pytest.mark.parametrize(
    ("query", "params", "accept", "expected"),
    [
        # repeated, short names and media types mixed, as SPARQLWrapper sends them: the first that fits
        (CONSTRUCT_ONE, [("format", "rdf+xml"), ("format", "application/rdf+xml"), ("output", "rdf+xml")],
         "application/rdf+xml", "application/rdf+xml"),
        (CONSTRUCT_ONE, [("format", "json-ld"), ("format", "application/ld+json,application/x-json+ld")],
         "application/ld+json", "application/ld+json"),
        ("ASK {}", [("format", "tsv"), ("format", "text/tab-separated-values")], "",
         "text/tab-separated-values"),
        ("ASK {}", [("output", "csv")], "", "text/csv"),
        # "xml" is SPARQL XML for a solution form, RDF/XML for a graph (as in Fuseki)
        ("ASK {}", [("format", "xml")], "", "application/sparql-results+xml"),
        (CONSTRUCT_ONE, [("format", "xml")], "", "application/rdf+xml"),
        (CONSTRUCT_ONE, [("format", "n3")], "", "text/turtle"),
        # a value that fits no format of the form is ignored: Accept, then the form's default
        (CONSTRUCT_ONE, [("format", "json")], "application/n-triples", "application/n-triples"),
        (CONSTRUCT_ONE, [("format", "csv")], "", "text/turtle"),
        ("SELECT * {}", [("format", "turtle")], "", JSON),
        ("SELECT * {}", [("format", "nonsense"), ("format", "csv")], "", "text/csv"),
        ("SELECT * {}", [("format", "image/png;q=1, text/csv")], "", "text/csv"),
    ],
)  # fmt: skip
def test_format_and_output_parameters_as_clients_send_them(client, query, params, accept, expected) -> None:  # type: ignore[no-untyped-def]
    headers = {"Accept": accept} if accept else {}
    got = client.get("/sparql", query_string=[("query", query), *params], headers=headers)
    assert got.status_code == 200 and got.mimetype == expected
    form = client.post("/sparql", data=MultiDict([("query", query), *params]), headers=headers)
    assert form.status_code == 200 and form.mimetype == expected


def test_an_ignored_format_parameter_leaves_accept_to_refuse(client) -> None:  # type: ignore[no-untyped-def]
    """Accept alone behaves as before: nothing acceptable is still 406."""
    resp = client.get(
        "/sparql", query_string={"query": "ASK {}", "format": "turtle"}, headers={"Accept": "image/png"}
    )
    assert resp.status_code == 406


def test_format_values_are_capped(client) -> None:  # type: ignore[no-untyped-def]
    """A stranger repeating the parameter costs a bounded look: values past the first are not read."""
    from budgetlod.server.negotiate import MAX_FORMAT_VALUES

    params = [("format", "nonsense")] * MAX_FORMAT_VALUES + [("format", "csv")]
    resp = client.get("/sparql", query_string=[("query", "ASK {}"), *params])
    assert resp.status_code == 200 and resp.mimetype == JSON


def test_result_terms_in_every_format(client) -> None:  # type: ignore[no-untyped-def]
    """IRIs, language-tagged and typed literals, blank nodes and unbound values, each format."""
    q = (
        'SELECT ?i ?l ?d ?b ?u WHERE { BIND(<http://example.org/x> AS ?i) BIND("预算"@zh AS ?l) '
        "BIND(1.50 AS ?d) BIND(BNODE() AS ?b) }"
    )
    js = json.loads(client.get("/sparql", query_string={"query": q}).get_data())
    row = js["results"]["bindings"][0]
    assert js["head"]["vars"] == ["i", "l", "d", "b", "u"]
    assert row["i"] == {"type": "uri", "value": "http://example.org/x"}
    assert row["l"] == {"type": "literal", "value": "预算", "xml:lang": "zh"}
    assert row["d"]["datatype"] == "http://www.w3.org/2001/XMLSchema#decimal" and row["d"]["value"] == "1.5"
    assert row["b"]["type"] == "bnode" and "u" not in row
    parsed = ox.parse_query_results(
        client.get("/sparql", query_string={"query": q, "format": "xml"}).get_data(),
        format=ox.QueryResultsFormat.XML,
    )  # fmt: skip
    sol = next(iter(parsed))
    assert sol["l"] == ox.Literal("预算", language="zh") and sol["u"] is None
    tsv = client.get("/sparql", query_string={"query": q, "format": "tsv"}).get_data(as_text=True)
    fields = tsv.splitlines()[1].split("\t")
    assert fields[:3] == [
        "<http://example.org/x>",
        '"预算"@zh',
        "1.5",
    ]
    assert fields[3].startswith("_:") and fields[4] == ""
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/sparql", query_string={"query": q, "format": "csv"}).get_data(as_text=True)
            )
        )
    )
    assert rows[1][:3] == ["http://example.org/x", "预算", "1.5"] and rows[1][4] == ""


# --- service description ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [("text/turtle", ox.RdfFormat.TURTLE), ("application/rdf+xml", ox.RdfFormat.RDF_XML),
     ("application/n-triples", ox.RdfFormat.N_TRIPLES), ("application/ld+json", ox.RdfFormat.JSON_LD)],
)  # fmt: skip
def test_service_description(client, accept: str, fmt: ox.RdfFormat) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/sparql", headers={"Accept": accept})
    assert resp.status_code == 200 and resp.mimetype == accept
    store = ox.Store()
    store.load(resp.get_data(), format=fmt)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    q = f"""PREFIX sd: <{sd}> SELECT ?e WHERE {{ ?s a sd:Service ; sd:endpoint ?e ;
        sd:supportedLanguage sd:SPARQL11Query ; sd:feature sd:UnionDefaultGraph ;
        sd:defaultDataset/sd:namedGraph/sd:name <{D}data1.rdf> }}"""
    assert [r["e"].value for r in store.query(q)] == ["http://localhost/sparql"]
    formats = {r["f"].value for r in store.query(f"SELECT ?f WHERE {{ ?s <{sd}resultFormat> ?f }}")}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_TSV" in formats and len(formats) == 8


def test_service_description_html_for_browsers(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert resp.mimetype == "text/html" and "SPARQL 1.1 endpoint" in resp.get_data(as_text=True)


# The W3C suite run against a service that does not hold the kasei graphs (as the validator does on a
# public endpoint): the five dataset cases name graphs the store lacks; each is an empty graph.
DATASET_CASES = [
    ("query_dataset_default_graph", "POST", f"ASK {{ <{D}data1.rdf> ?p ?o }}",
     [("default-graph-uri", f"{D}data1.rdf")]),
    ("query_dataset_default_graphs_get", "GET", "ASK { ?s ?p ?o }",
     [("default-graph-uri", f"{D}data1.rdf"), ("default-graph-uri", f"{D}data2.rdf")]),
    ("query_dataset_named_graphs_post", "POST", "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
     [("named-graph-uri", f"{D}data1.rdf"), ("named-graph-uri", f"{D}data2.rdf")]),
    ("query_dataset_full", "POST", "SELECT ?g ?x ?s { ?x ?y ?o  GRAPH ?g { ?s ?p ?o } }",
     [("default-graph-uri", f"{D}data3.rdf"), ("named-graph-uri", f"{D}data1.rdf")]),
    ("query_multiple_dataset", "POST", f"ASK FROM <{D}data1.rdf> {{ ?s ?p ?o }}",
     [("default-graph-uri", f"{D}data2.rdf")]),
]  # fmt: skip


@pytest.fixture(scope="module")
def samples_client(built_store):  # type: ignore[no-untyped-def]
    from budgetlod.server.app import create_app
    from budgetlod.server.settings import Settings

    application = create_app(Settings(store=str(built_store), workers=1))
    yield application.test_client()
    application.extensions["budgetlod"].engine.close()


@pytest.mark.parametrize(
    ("name", "method", "query", "graphs"), DATASET_CASES, ids=[c[0] for c in DATASET_CASES]
)
def test_dataset_cases_on_a_store_without_those_graphs(samples_client, name, method, query, graphs) -> None:  # type: ignore[no-untyped-def]
    if method == "GET":
        resp = samples_client.get("/sparql", query_string=[("query", query), *graphs])
    else:
        resp = samples_client.post("/sparql?" + urlencode(graphs), data=query, content_type=DIRECT)
    assert resp.status_code == 200, (name, resp.get_data(as_text=True))
    body = json.loads(resp.get_data())
    assert body.get("boolean") is False or body.get("results", {}).get("bindings") == []
