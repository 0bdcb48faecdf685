"""Issue 13: a public endpoint. Every probe that got through once is a test: the SERVICE bypasses,
the network cage of the query workers, CSV formulas, Host headers, live `javascript:` links, the
HTTP details, the limits on memory, bytes and workers, and unknown graphs read as empty."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from rdflib import Graph

from budgetlod.csvout import safe_cell, write_csv
from budgetlod.exports import write_export
from budgetlod.server.state import FairGate
from budgetlod.store.errors import Refused
from tests.conftest import HANDAN_TXT, run_cli
from tests.test_sparql_safety import listener  # noqa: F401 (a fixture)

BYPASSES = [
    # an IRI with a \u escape, then a `#` the old lexer took for a comment
    "SELECT * WHERE {{ BIND(<http://x/\\u0041#> AS ?q) SERVICE <{url}/sparql> {{ ?x ?y ?z }} }}",
    # the same inside a sub-select, with a prefixed IRI
    "PREFIX e: <{url}/> SELECT * WHERE {{ {{ SELECT * WHERE {{ BIND(<http://x/\\u0041#> AS ?q) "
    "SERVICE e:sparql {{ ?x ?y ?z }} }} }} }}",
    # a quote in an IRI, written as an escape, that opened a "string" a trailing comment closed
    "SELECT * WHERE {{ BIND(<http://x/\\u0022'> AS ?q) SERVICE <{url}/sparql> {{ ?x ?y ?z }} }} #'",
    # \U escapes, eight digits
    "SELECT * WHERE {{ BIND(<http://x/\\U00000041#> AS ?q) SERVICE <{url}/sparql> {{ ?x ?y ?z }} }}",
    # a string with escapes of its own before the SERVICE
    'SELECT * WHERE {{ BIND("a\\"b\\u0022#" AS ?q) SERVICE <{url}/sparql> {{ ?x ?y ?z }} }}',
]


@pytest.mark.parametrize("template", BYPASSES)
@pytest.mark.parametrize("how", ["get", "post-form", "post-direct", "query-page"])
def test_service_bypasses_are_refused(client, listener, template: str, how: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url, hits = listener
    query = template.format(url=url)
    if how == "get":
        resp = client.get("/sparql", query_string={"query": query})
    elif how == "post-form":
        resp = client.post("/sparql", data={"query": query})
    elif how == "post-direct":
        resp = client.post("/sparql", data=query.encode(), content_type="application/sparql-query")
    else:  # a crafted link: one click runs it
        resp = client.get("/query?" + urllib.parse.urlencode({"query": query}))
    assert resp.status_code == 403, resp.get_data(as_text=True)
    assert "SERVICE is not allowed" in resp.get_data(as_text=True)
    assert hits == []


def test_an_unreadable_iri_is_refused_not_guessed(client, listener) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url, hits = listener
    query = f"SELECT * WHERE {{ BIND(<http://x/\\u00ZZ#> AS ?q) SERVICE <{url}/s> {{ ?x ?y ?z }} }}"
    resp = client.get("/sparql", query_string={"query": query})
    assert resp.status_code == 400 and "cannot be read" in resp.get_data(as_text=True)
    assert hits == []


def test_from_a_file_through_an_escape_reads_nothing(client) -> None:  # type: ignore[no-untyped-def]
    query = "SELECT * FROM <file:///etc/passwd> WHERE { BIND(<http://x/\\u0041#> AS ?q) ?s ?p ?o }"
    resp = client.get("/sparql", query_string={"query": query, "format": "json"})
    assert resp.status_code == 200
    assert json.loads(resp.get_data())["results"]["bindings"] == []  # an empty graph, nothing read


def test_a_service_past_the_vetting_reaches_nothing(app, listener) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Defence in depth: a query worker given a SERVICE query directly cannot open a socket."""
    from budgetlod.store.jobs import Job

    url, hits = listener
    job = Job(f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?x ?y ?z }} }}", "SELECT",
              "application/sparql-results+json", 10)  # fmt: skip
    with pytest.raises(Refused) as e:
        app.extensions["budgetlod"].engine.pool.run(job)
    assert e.value.status == 500 and "Permission denied" in e.value.message
    time.sleep(0.5)
    assert hits == []


def test_the_cage_allows_unix_sockets_only() -> None:
    code = (
        "import socket\n"
        "from budgetlod.store.sandbox import deny_network\n"
        "deny_network()\n"
        "a, b = socket.socketpair(); a.send(b'x'); assert b.recv(1) == b'x'\n"
        "for family in (socket.AF_INET, socket.AF_INET6):\n"
        "    try:\n"
        "        socket.socket(family, socket.SOCK_STREAM)\n"
        "    except PermissionError:\n"
        "        continue\n"
        "    raise SystemExit('a network socket was opened')\n"
        "print('caged')\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and res.stdout.strip() == "caged", res.stderr


# -- CSV formulas ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil/","点击")', '\'=HYPERLINK("http://evil/","点击")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12.50", "-12.50"),  # a negative amount stays a number
        ("+3", "+3"),
        ("=", "="),  # a target's comparator: the sign alone is no formula
        ("行政运行", "行政运行"),
        (None, ""),
    ],
)
def test_csv_cells_are_neutralised(value: object, written: str) -> None:
    assert safe_cell(value) == written


def test_exports_dumps_and_compare_write_no_formula(tmp_path: Path) -> None:
    from budgetlod.store.compare import COLUMNS, Row, rows_csv

    text = HANDAN_TXT.read_text(encoding="utf-8").replace("行政运行", '=HYPERLINK("http://evil/","行政运行")')
    doc = tmp_path / "doc.txt"
    doc.write_text(text, encoding="utf-8")
    res = run_cli("extract", str(doc), "-o", str(tmp_path / "g.ttl"), "-q")
    assert res.returncode == 0, res.stderr
    exported = run_cli("export", "lines", str(tmp_path / "g.ttl")).stdout
    assert "HYPERLINK" in exported and ",=HYPERLINK" not in exported and '"=HYPERLINK' not in exported
    assert "'=HYPERLINK" in exported
    buf = io.StringIO()
    write_export("cells", Graph().parse(tmp_path / "g.ttl"), buf)  # what the dumps are written with
    assert "'=HYPERLINK" in buf.getvalue() and ",=HYPERLINK" not in buf.getvalue()
    row = Row({c: "" for c in COLUMNS} | {"name": "=1+2", "amount_yuan": "-5.00"})
    written = rows_csv([row])
    assert "'=1+2" in written and ",-5.00" in written


def test_write_csv_counts_and_marks() -> None:
    buf = io.StringIO()
    assert write_csv(buf, ["a", "b"], [["=x", "1"], ["y", "-2"]]) == 2
    assert buf.getvalue() == "\ufeffa,b\n'=x,1\ny,-2\n"


# -- Host headers, links, headers -------------------------------------------------------------


def test_host_headers_neither_grow_the_cache_nor_reach_the_catalogue(app, client) -> None:  # type: ignore[no-untyped-def]
    st = app.extensions["budgetlod"]
    for n in range(300):
        for path in ("/catalog", "/.well-known/void", "/sparql"):
            resp = client.get(path, headers={"Host": f"evil{n}.example", "Accept": "text/turtle"})
            assert resp.status_code == 200
            assert b"evil" not in resp.get_data()
    assert len(st.described) <= 3


def test_javascript_iris_are_never_links(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/id/department/hostile", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "javascript:alert(document.domain)" in page  # shown, as text
    assert 'href="javascript:' not in page.lower()
    query = "SELECT ?x WHERE { BIND(<javascript:alert(1)> AS ?x) }"
    page = client.get("/query", query_string={"query": query}).get_data(as_text=True)
    assert "javascript:alert(1)" in page and 'href="javascript:' not in page.lower()


@pytest.mark.parametrize(
    "path", ["/", "/query", "/catalog", "/compare", "/id/department/hostile", "/nowhere"]
)
def test_html_responses_carry_the_browser_policies(client, path: str) -> None:  # type: ignore[no-untyped-def]
    resp = client.get(path, headers={"Accept": "text/html"})
    assert resp.mimetype == "text/html"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "<style>" not in resp.get_data(as_text=True) and "<script>" not in resp.get_data(as_text=True)


def test_the_stylesheet_is_served_from_here(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/static/budgetlod.css")
    assert resp.status_code == 200 and b"font-family" in resp.get_data()


@pytest.mark.parametrize(
    "path", ["/sparql?query=ASK%7B%7D", "/catalog", "/.well-known/void", "/id/department/hostile"]
)
def test_machine_resources_allow_any_origin(client, path: str) -> None:  # type: ignore[no-untyped-def]
    resp = client.get(path, headers={"Origin": "https://yasgui.example", "Accept": "text/turtle"})
    assert resp.headers["Access-Control-Allow-Origin"] == "*"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


def test_a_preflight_gets_what_it_may_send(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.options(
        "/sparql", headers={"Origin": "https://a.example", "Access-Control-Request-Method": "POST"}
    )
    assert resp.status_code == 200
    assert "POST" in resp.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in resp.headers["Access-Control-Allow-Headers"]


def test_405_says_what_is_allowed(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.delete("/sparql")
    assert resp.status_code == 405 and {"GET", "POST"} <= set(
        resp.headers["Allow"].replace(" ", "").split(",")
    )


def test_head_is_get_without_a_body(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/sparql", "/sparql?query=ASK%7B%7D"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code == 200
        assert head.headers["Content-Type"] == get.headers["Content-Type"] and head.get_data() == b""


def test_several_ranges_get_the_whole_file(app, client) -> None:  # type: ignore[no-untyped-def]
    rel = app.extensions["budgetlod"].manifest.dumps["turtle"]
    whole = client.get(f"/dumps/{rel}").get_data()
    resp = client.get(f"/dumps/{rel}", headers={"Range": "bytes=0-9,20-29"})
    assert resp.status_code == 200 and resp.get_data() == whole
    one = client.get(f"/dumps/{rel}", headers={"Range": "bytes=0-9"})
    assert one.status_code == 206 and one.get_data() == whole[:10]


@pytest.mark.parametrize("path", ["/catalog", "/.well-known/void", "/sparql"])
@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json", "application/n-triples"])
def test_descriptions_say_their_charset(client, path: str, accept: str) -> None:  # type: ignore[no-untyped-def]
    resp = client.get(path, headers={"Accept": accept})
    assert resp.headers["Content-Type"] == f"{accept}; charset=utf-8"


def test_a_long_url_is_414(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/sparql", query_string={"query": "ASK {}" + " " * 40_000})
    assert resp.status_code == 414


def test_deep_nesting_is_400_before_evaluation(client) -> None:  # type: ignore[no-untyped-def]
    query = "SELECT * WHERE " + "{" * 9000 + "}" * 9000
    resp = client.post("/sparql", data=query.encode(), content_type="application/sparql-query")
    assert resp.status_code == 400 and "nested" in resp.get_data(as_text=True)


# -- limits -----------------------------------------------------------------------------------


def test_a_query_past_its_memory_gets_503_and_a_fresh_worker(served_store) -> None:  # type: ignore[no-untyped-def]
    from budgetlod.server.app import create_app
    from budgetlod.server.settings import Settings

    app = create_app(Settings(store=str(served_store), workers=1, timeout=60, worker_memory=1024))
    try:
        c = app.test_client()
        hog = "SELECT ?a ?b WHERE { ?a ?p ?o . ?b ?q ?r } ORDER BY ?a ?b"
        resp = c.get("/sparql", query_string={"query": hog})
        assert resp.status_code == 503 and "memory" in resp.get_data(as_text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            resp = c.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
            if resp.status_code == 200:
                break
            time.sleep(0.5)
        assert resp.status_code == 200
    finally:
        app.extensions["budgetlod"].engine.close()


def test_the_byte_limit_cuts_an_answer(served_store) -> None:  # type: ignore[no-untyped-def]
    from budgetlod.server.app import create_app
    from budgetlod.server.settings import Settings

    app = create_app(Settings(store=str(served_store), workers=1, max_result_bytes=2048))
    try:
        resp = app.test_client().get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert (
            resp.headers["Budgetlod-Truncated"] == "true" and resp.headers["Budgetlod-Byte-Limit"] == "2048"
        )
        assert 0 < len(json.loads(resp.get_data())["results"]["bindings"]) < 60
    finally:
        app.extensions["budgetlod"].engine.close()


def test_a_client_cannot_hold_every_worker_while_others_wait() -> None:
    gate = FairGate(workers=2, share=1, timeout=10)
    order: list[str] = []
    a1, a2 = gate.slot("a"), gate.slot("a")
    a1.__enter__()
    a2.__enter__()  # alone, client a may use both workers

    def run(client: str) -> None:
        with gate.slot(client):
            order.append(client)
            time.sleep(0.05)

    waiting_b = threading.Thread(target=run, args=("b",))
    waiting_b.start()
    time.sleep(0.2)
    waiting_a = threading.Thread(target=run, args=("a",))
    waiting_a.start()
    time.sleep(0.2)
    a1.__exit__(None, None, None)  # one worker frees: b waited, a holds one already — b goes first
    waiting_b.join(5)
    a2.__exit__(None, None, None)
    waiting_a.join(5)
    assert order == ["b", "a"]
    assert gate.running == {} and gate.waiting == {}  # nothing kept per client once idle


def test_unknown_graphs_are_empty_graphs(client, listener) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    url, hits = listener
    for params in (
        {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": f"{url}/g"},
        {"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": f"{url}/g"},
        {"query": f"SELECT * FROM <{url}/g> WHERE {{ ?s ?p ?o }}"},
        {"query": f"SELECT * FROM NAMED <{url}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
    ):
        resp = client.get("/sparql", query_string={**params, "format": "json"})
        assert resp.status_code == 200, resp.get_data(as_text=True)
        assert json.loads(resp.get_data())["results"]["bindings"] == []
    assert hits == []


def test_an_oversized_header_is_431_from_the_server(built_store: Path) -> None:
    import socket

    from tests.processes import free_port, serving

    port = free_port()
    exe = str(Path(sys.executable).parent / "budgetlod")
    with serving(
        [exe, "serve", "--store", str(built_store), "--port", str(port)], f"http://127.0.0.1:{port}/"
    ):
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(
                b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\nConnection: close\r\n\r\n"
            )
            head = s.recv(64)
        assert head.startswith(b"HTTP/1.0 431") or head.startswith(b"HTTP/1.1 431"), head
