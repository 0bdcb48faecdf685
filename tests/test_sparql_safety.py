"""Safety of /sparql: read-only, no outbound I/O, a timeout that stops the work, size limits."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator

import pytest

from budgetlod.store.errors import Refused
from budgetlod.store.vet import vet

GRAPHS = {"http://example.org/g1", "http://example.org/g2"}


@pytest.fixture()
def listener() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request it gets (none should arrive)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/n-triples")
            self.end_headers()
            self.wfile.write(b"<http://e/s> <http://e/p> <http://e/o> .\n")

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


SERVICE_FORMS = [
    "SELECT * WHERE { SERVICE <{url}/svc> { ?x ?y ?z } }",
    "select * where { service <{url}/svc> { ?x ?y ?z } }",
    "SELECT * WHERE { SERVICE SILENT <{url}/svc> { ?x ?y ?z } }",
    "SELECT * WHERE { BIND(<{url}/v> AS ?v) SERVICE ?v { ?x ?y ?z } }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <{url}/svc> { ?x ?y ?z } } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{url}/svc> { ?x ?y ?z } } }",
    "PREFIX e: <{url}/> SELECT * WHERE { SERVICE e:svc { ?x ?y ?z } }",
    "SELECT * WHERE {#comment\nSeRvIcE\t<{url}/svc> { ?x ?y ?z } }",
]


@pytest.mark.parametrize("template", SERVICE_FORMS)
def test_service_is_refused_before_evaluation(client, listener, template: str) -> None:  # type: ignore[no-untyped-def]
    url, hits = listener
    resp = client.get("/sparql", query_string={"query": template.replace("{url}", url)})
    assert resp.status_code == 403 and "SERVICE is not allowed" in resp.get_data(as_text=True)
    assert hits == []


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * FROM <{url}/x> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <{url}/n> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "PREFIX e: <{url}/> SELECT * FROM e:x WHERE { ?s ?p ?o }",
        "BASE <{url}/> SELECT * FROM <x> WHERE { ?s ?p ?o }",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * FROM </etc/passwd> WHERE { ?s ?p ?o }",
    ],
)
def test_from_an_unknown_graph_is_empty_and_fetches_nothing(client, listener, template: str) -> None:  # type: ignore[no-untyped-def]
    url, hits = listener
    resp = client.get("/sparql", query_string={"query": template.replace("{url}", url), "format": "json"})
    assert resp.status_code == 200 and json.loads(resp.get_data())["results"]["bindings"] == []
    assert hits == []


def test_protocol_dataset_of_unknown_graphs_is_empty(client, listener) -> None:  # type: ignore[no-untyped-def]
    url, hits = listener
    for param in ("default-graph-uri", "named-graph-uri"):
        resp = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", param: f"{url}/g"})
        assert resp.status_code == 200 and json.loads(resp.get_data())["boolean"] is False
    assert hits == []


def test_load_is_refused(client, listener) -> None:  # type: ignore[no-untyped-def]
    url, hits = listener
    for text in (f"LOAD <{url}/x>", f"LOAD <{url}/x> INTO GRAPH <{url}/g>"):
        resp = client.post("/sparql", data=text, content_type="application/sparql-query")
        assert resp.status_code == 403
    assert hits == []


@pytest.mark.parametrize(
    "text",
    [
        # Keywords inside strings, IRIs, comments and prefixed names are not keywords.
        'SELECT ?x WHERE { BIND("SERVICE <http://x/> { }" AS ?x) }',
        "SELECT ?x WHERE { BIND('''FROM <http://evil/>\nLOAD''' AS ?x) }",
        "SELECT ?x WHERE { ?x <http://example.org/SERVICE> ?y }  # SERVICE <http://x/>",
        "PREFIX service: <http://example.org/> SELECT ?x WHERE { ?x service:from ?y }",
        "SELECT ?service ?from WHERE { ?service ?from ?load }",
        "SELECT * FROM <http://example.org/g1> FROM NAMED <http://example.org/g2> WHERE { ?s ?p ?o }",
    ],
)
def test_vet_accepts_harmless_queries(text: str) -> None:
    vet(text, GRAPHS, 10_000)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ('SELECT * WHERE { ?s ?p "unterminated }', 400),
        ("SELECT * WHERE { SERVICE <http://x/> {} }", 403),
        ("INSERT DATA { <http://a> <http://b> <http://c> }", 403),
        ("PREFIX a: <http://a/> DELETE WHERE { ?s ?p ?o }", 403),
        ("WITH <http://a> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", 403),
        ("CLEAR ALL", 403),
        ("SELECT * FROM undeclared:g WHERE { ?s ?p ?o }", 400),
        ("", 400),
    ],
)
def test_vet_refuses(text: str, status: int) -> None:
    with pytest.raises(Refused) as e:
        vet(text, GRAPHS, 10_000)
    assert e.value.status == status


def test_query_length_and_body_limits(client) -> None:  # type: ignore[no-untyped-def]
    long_query = "ASK {}" + " " * 25_000
    resp = client.post("/sparql", data=long_query, content_type="application/sparql-query")
    assert resp.status_code == 413 and "at most 20000" in resp.get_data(as_text=True)
    body = "query=" + "x" * (300 * 1024)
    resp = client.post("/sparql", data=body, content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 413


def test_row_limit_cuts_and_says_so(served_store) -> None:  # type: ignore[no-untyped-def]
    from budgetlod.server.app import create_app
    from budgetlod.server.settings import Settings

    app = create_app(Settings(store=str(served_store), max_rows=5, workers=1))
    try:
        c = app.test_client()
        resp = c.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
        rows = json.loads(resp.get_data())["results"]["bindings"]
        assert len(rows) == 5 and resp.headers["Budgetlod-Truncated"] == "true"
        assert resp.headers["Budgetlod-Row-Limit"] == "5"
        resp = c.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
        assert (
            resp.get_data(as_text=True).count(" .\n") == 5 and resp.headers["Budgetlod-Truncated"] == "true"
        )
        resp = c.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"})
        assert "Budgetlod-Truncated" not in resp.headers
    finally:
        app.extensions["budgetlod"].engine.close()


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # ~10^13 rows: hours


def test_timeout_stops_a_runaway_query_while_others_are_answered(app) -> None:  # type: ignore[no-untyped-def]
    pool = app.extensions["budgetlod"].engine.pool
    killed = pool.killed
    slow: dict[str, object] = {}

    def run_slow() -> None:
        t = time.monotonic()
        resp = app.test_client().get("/sparql", query_string={"query": SLOW})
        slow.update(status=resp.status_code, text=resp.get_data(as_text=True), seconds=time.monotonic() - t)

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.5)
    # While the runaway query holds one worker, the other keeps answering.
    answered = 0
    while thread.is_alive() and answered < 20:
        resp = app.test_client().get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
        assert resp.status_code == 200
        answered += 1
    thread.join(30)
    assert slow["status"] == 503 and "3 s limit" in str(slow["text"])
    assert 2.5 < float(slow["seconds"]) < 8  # type: ignore[arg-type]
    assert answered == 20 and pool.killed == killed + 1
    # The killed worker is replaced: two queries at once are both answered again.
    time.sleep(3)
    results = []
    threads = [
        threading.Thread(
            target=lambda: results.append(
                app.test_client().get("/sparql", query_string={"query": "ASK {}"}).status_code
            )
        )
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 4
