"""Dumps (pre-built, cacheable), the DCAT catalogue and the VoID description."""

from __future__ import annotations

import gzip
import json

import pyoxigraph as ox
import pytest

from budgetlod.store.storedir import StoreDir
from tests.conftest import read_export

DCAT = "http://www.w3.org/ns/dcat#"


def manifest(app):  # type: ignore[no-untyped-def]
    return app.extensions["budgetlod"].manifest


def test_every_dump_is_served_with_validators(app, client) -> None:  # type: ignore[no-untyped-def]
    m = manifest(app)
    paths = list(m.dumps.values()) + [p for e in m.graphs for p in e.dumps.values()]
    assert len(paths) >= 4 + 6 + 2 * (3 + 7)
    for rel in paths:
        resp = client.get(f"/dumps/{rel}")
        assert resp.status_code == 200, rel
        assert resp.headers["ETag"] and resp.headers["Last-Modified"]
        assert int(resp.headers["Content-Length"]) == len(resp.get_data()) > 0
        again = client.get(f"/dumps/{rel}", headers={"If-None-Match": resp.headers["ETag"]})
        assert again.status_code == 304
    assert client.get("/dumps/../manifest.json").status_code == 404
    assert client.get("/dumps/doc/nothing.ttl").status_code == 404


def test_dumps_are_files_written_at_load_time(app, served_store) -> None:  # type: ignore[no-untyped-def]
    gen = StoreDir(served_store).current()
    m = manifest(app)
    assert gen is not None and (gen / "dumps" / m.dumps["turtle"]).is_file()


def test_dump_contents_agree_with_the_store(app, client, handan_graphs) -> None:  # type: ignore[no-untyped-def]
    m = manifest(app)
    quads = list(
        ox.parse(
            gzip.decompress(client.get(f"/dumps/{m.dumps['nquads-gzip']}").get_data()),
            format=ox.RdfFormat.N_QUADS,
        )
    )
    total = client.get(
        "/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}
    )
    assert len(quads) == int(json.loads(total.get_data())["results"]["bindings"][0]["n"]["value"])
    handan = next(e for e in m.graphs if e.source == "handan-2023-xingzheng-shenpi-ju.txt")
    nt = gzip.decompress(client.get(f"/dumps/{handan.dumps['ntriples-gzip']}").get_data())
    ttl = client.get(f"/dumps/{handan.dumps['turtle']}").get_data()
    jsonld = client.get(f"/dumps/{handan.dumps['jsonld']}").get_data()
    sets = [
        set(ox.parse(d, format=f))
        for d, f in ((nt, ox.RdfFormat.N_TRIPLES), (ttl, ox.RdfFormat.TURTLE), (jsonld, ox.RdfFormat.JSON_LD))
    ]
    extracted = set(ox.parse(path=str(handan_graphs["txt"]), format=ox.RdfFormat.TURTLE))
    assert sets[0] == sets[1] == sets[2] == extracted  # the document's whole graph, as `extract` writes it
    lines = read_export(client.get(f"/dumps/{handan.dumps['csv-lines']}").get_data(as_text=True))
    assert len(lines) == 251  # every printed figure
    corpus_lines = read_export(client.get(f"/dumps/{m.dumps['csv-lines']}").get_data(as_text=True))
    assert {r["document"] for r in corpus_lines} == {e.doc for e in m.disclosures()}
    assert client.get(f"/dumps/{m.dumps['ntriples-gzip']}").mimetype == "application/gzip"


def _graph(resp, fmt: ox.RdfFormat) -> ox.Store:  # type: ignore[no-untyped-def]
    store = ox.Store()
    store.load(resp.get_data(), format=fmt)
    return store


def test_dcat_catalogue(app, client) -> None:  # type: ignore[no-untyped-def]
    store = _graph(client.get("/catalog", headers={"Accept": "text/turtle"}), ox.RdfFormat.TURTLE)
    q = f"""PREFIX dcat: <{DCAT}> PREFIX dct: <http://purl.org/dc/terms/>
    SELECT ?ds ?title ?start ?place ?publisher (COUNT(DISTINCT ?dist) AS ?n) WHERE {{
      ?cat a dcat:Catalog ; dcat:dataset ?ds ; dct:license ?lic ; dcat:service ?svc .
      ?svc a dcat:DataService ; dcat:endpointURL <http://localhost/sparql> ; dcat:servesDataset ?ds .
      ?ds dct:title ?title ; dct:license ?lic ; dct:publisher ?publisher ;
          dct:temporal/dcat:startDate ?start ;
          dct:spatial/<http://www.w3.org/2000/01/rdf-schema#label> ?place ;
          dcat:distribution ?dist .
      ?dist dcat:downloadURL ?url ; dcat:mediaType ?mt .
      FILTER (LANG(?title) = "zh")
    }} GROUP BY ?ds ?title ?start ?place ?publisher ORDER BY ?title"""
    rows = [{k: r[k].value for k in ("title", "start", "place", "n")} for r in store.query(q)]
    assert rows == [
        {
            "title": "上海市普陀区财政局 2025 部门预算",
            "start": "2025-01-01",
            "place": "上海市普陀区",
            "n": "12",  # 3 RDF, 7 CSV, the source file and the findings
        },
        {
            "title": "邯郸市行政审批局 2023 部门预算",
            "start": "2023-01-01",
            "place": "河北省邯郸市",
            "n": "12",
        },
    ]
    # Every distribution's download URL answers.
    for r in store.query(f"SELECT DISTINCT ?u WHERE {{ ?d <{DCAT}downloadURL> ?u }}"):
        assert client.get(r["u"].value.removeprefix("http://localhost")).status_code == 200


@pytest.mark.parametrize("path", ["/catalog", "/.well-known/void"])
@pytest.mark.parametrize(
    ("accept", "fmt"),
    [("application/ld+json", ox.RdfFormat.JSON_LD), ("application/rdf+xml", ox.RdfFormat.RDF_XML),
     ("application/n-triples", ox.RdfFormat.N_TRIPLES)],
)  # fmt: skip
def test_descriptions_in_every_rdf_format(client, path: str, accept: str, fmt: ox.RdfFormat) -> None:  # type: ignore[no-untyped-def]
    resp = client.get(path, headers={"Accept": accept})
    assert resp.mimetype == accept and len(_graph(resp, fmt)) > 50
    assert client.get(path, headers={"Accept": "text/html"}).mimetype == "text/html"


def test_void_description(app, client) -> None:  # type: ignore[no-untyped-def]
    store = _graph(client.get("/.well-known/void", headers={"Accept": "text/turtle"}), ox.RdfFormat.TURTLE)
    v = "http://rdfs.org/ns/void#"
    q = f"""SELECT ?ep ?space ?triples (COUNT(DISTINCT ?sub) AS ?subsets) (COUNT(DISTINCT ?dump) AS ?dumps)
    WHERE {{
      ?ds <{v}sparqlEndpoint> ?ep ; <{v}uriSpace> ?space ; <{v}triples> ?triples ;
          <{v}subset> ?sub ; <{v}dataDump> ?dump .
    }} GROUP BY ?ep ?space ?triples"""
    (row,) = list(store.query(q))
    m = manifest(app)
    assert row["ep"].value == "http://localhost/sparql" and row["space"].value == m.base
    assert int(row["subsets"].value) == len(m.graphs) and int(row["dumps"].value) == 4
    assert int(row["triples"].value) == sum(e.triples for e in m.graphs)


def test_home_page_links_catalogue_void_and_documents(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/").get_data(as_text=True)
    for href in ('href="/catalog"', 'href="/.well-known/void"', 'href="/sparql"', 'href="/query"'):
        assert href in html
    assert html.count("<tr>") == 1 + 2 and "邯郸市行政审批局 2023 部门预算" in html
