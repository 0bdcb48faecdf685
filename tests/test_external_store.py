"""The same application over an external SPARQL 1.1 store: the Oxigraph server from PyPI,
started and stopped here; loading over the Graph Store Protocol, queries over the protocol."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.processes import free_port, serving


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert exe, "the oxigraph server is a test dependency (pip install -e '.[test]')"
    port = free_port()
    location = str(tmp_path_factory.mktemp("oxigraph"))
    cmd = [
        exe,
        "serve",
        "--location",
        location,
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
        "--timeout-s",
        "3",
    ]
    with serving(cmd, f"http://127.0.0.1:{port}/query?query=ASK%7B%7D"):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def remote_client(served_store, oxigraph_server):  # type: ignore[no-untyped-def]
    from budgetlod.server.app import create_app
    from budgetlod.server.settings import Settings

    settings = Settings(
        store=str(served_store), timeout=3.0,
        sparql_endpoint=f"{oxigraph_server}/query", graph_store=f"{oxigraph_server}/store",
    )  # fmt: skip
    return create_app(settings).test_client()


def test_graphs_are_loaded_into_the_external_store(app, remote_client, oxigraph_server) -> None:  # type: ignore[no-untyped-def]
    q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    local = json.loads(app.test_client().get("/sparql", query_string={"query": q}).get_data())
    import urllib.request

    direct = json.loads(urllib.request.urlopen(f"{oxigraph_server}/query?query={quote(q)}").read())
    assert local == direct


def test_same_answers_as_the_embedded_store(app, remote_client) -> None:  # type: ignore[no-untyped-def]
    from budgetlod.store.examples import EXAMPLES

    for ex in EXAMPLES:
        for fmt in ("json", "csv", "tsv", "xml"):
            a = app.test_client().get("/sparql", query_string={"query": ex.query, "format": fmt})
            b = remote_client.get("/sparql", query_string={"query": ex.query, "format": fmt})
            assert a.status_code == b.status_code == 200 and a.get_data() == b.get_data(), (ex.key, fmt)
    q = "CONSTRUCT WHERE { <http://example.org/alice> ?p ?o }"
    assert remote_client.get("/sparql", query_string={"query": q, "format": "nt"}).get_data() == (
        app.test_client().get("/sparql", query_string={"query": q, "format": "nt"}).get_data()
    )


def test_pages_and_safety_work_the_same(remote_client) -> None:  # type: ignore[no-untyped-def]
    html = remote_client.get("/id/" + quote("department/邯郸市行政审批局")).get_data(as_text=True)
    assert "2010301" in html and ">1,290.71<" in html, html[-3000:]
    resp = remote_client.get(
        "/sparql", query_string={"query": "SELECT * { SERVICE <http://127.0.0.1:1/> {} }"}
    )
    assert resp.status_code == 403
    resp = remote_client.get("/sparql", query_string={"query": "ASK {"})
    assert resp.status_code == 400


def test_timeout_of_the_external_store(remote_client) -> None:  # type: ignore[no-untyped-def]
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    resp = remote_client.get("/sparql", query_string={"query": slow})
    assert resp.status_code in (502, 503)
    assert remote_client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
