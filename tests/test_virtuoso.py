"""Issue 18: Virtuoso Open Source 7 behind the external-store mode. The graphs go in through its bulk
loader (isql, `ld_add`, the N-Quads shares of the dumps, graph names kept); the example queries,
compare and pages give the answers of the embedded store; the timeout and the refusals hold.

Virtuoso is installed by scripts/install-virtuoso (CI runs it and sets BUDGETLOD_REQUIRE_VIRTUOSO=1,
so there the tests fail rather than skip); each run starts a Virtuoso of its own on loopback ports.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from tests.processes import free_port, wait_for

REQUIRED = os.environ.get("BUDGETLOD_REQUIRE_VIRTUOSO") == "1"
TIMEOUT_S = 3


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, served_store: Path) -> Iterator[tuple[str, str]]:
    """(SPARQL endpoint, isql address) of a Virtuoso started for these tests."""
    exe = shutil.which("virtuoso-t")
    if exe is None:
        if REQUIRED:
            pytest.fail(
                "Virtuoso is required here (BUDGETLOD_REQUIRE_VIRTUOSO=1): run scripts/install-virtuoso"
            )
        pytest.skip("Virtuoso is not installed: scripts/install-virtuoso")
    from budgetlod.store.virtuoso import write_ini

    folder = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    ini = write_ini(folder, sql, http, [served_store], TIMEOUT_S)
    proc = subprocess.Popen([exe, "+foreground", "+configfile", str(ini)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=folder)  # fmt: skip
    endpoint = f"http://127.0.0.1:{http}/sparql"
    old = {k: os.environ.get(k) for k in ("BUDGETLOD_VIRTUOSO_PASSWORD", "BUDGETLOD_VIRTUOSO_USER")}
    os.environ["BUDGETLOD_VIRTUOSO_PASSWORD"] = "dba"  # a new database's own; loopback only
    os.environ.pop("BUDGETLOD_VIRTUOSO_USER", None)
    try:
        wait_for(endpoint + "?" + urlencode({"query": "ASK { ?s ?p ?o }"}), seconds=120)
        yield endpoint, f"127.0.0.1:{sql}"
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        proc.terminate()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def virtuoso_client(served_store, virtuoso):  # type: ignore[no-untyped-def]
    from budgetlod.server.app import create_app
    from budgetlod.server.settings import Settings

    endpoint, isql = virtuoso
    settings = Settings(
        store=str(served_store), timeout=float(TIMEOUT_S),
        sparql_endpoint=endpoint, graph_store=f"virtuoso-isql://{isql}",
    )  # fmt: skip
    return create_app(settings).test_client()


def _solutions(body: bytes) -> list[tuple[tuple[str, str], ...]]:
    data = json.loads(body)
    if "boolean" in data:
        return [(("boolean", str(data["boolean"])),)]
    return sorted(tuple(sorted((k, v["value"]) for k, v in b.items())) for b in data["results"]["bindings"])


def test_graphs_go_in_through_the_bulk_loader(app, virtuoso_client, virtuoso) -> None:  # type: ignore[no-untyped-def]
    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    local = dict(
        (b["g"]["value"], b["n"]["value"])
        for b in json.loads(app.test_client().get("/sparql", query_string={"query": q}).get_data())[
            "results"
        ]["bindings"]
    )
    body = urllib.request.urlopen(virtuoso[0] + "?" + urlencode({"query": q, "format": "json"})).read()
    remote = {b["g"]["value"]: b["n"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert len(local) >= 6 and {g: remote.get(g) for g in local} == local  # every graph, every quad


def test_example_queries_give_the_embedded_answers(app, virtuoso_client) -> None:  # type: ignore[no-untyped-def]
    from budgetlod.store.examples import EXAMPLES

    for ex in EXAMPLES:
        a = app.test_client().get("/sparql", query_string={"query": ex.query, "format": "json"})
        b = virtuoso_client.get("/sparql", query_string={"query": ex.query, "format": "json"})
        assert a.status_code == b.status_code == 200, (ex.key, b.get_data()[:500])
        assert _solutions(a.get_data()) == _solutions(b.get_data()), ex.key
        assert len(_solutions(a.get_data())) > 0, ex.key
    for q in ("ASK { ?s a <https://w3id.org/budgetlod/ontology#BudgetLine> }", "ASK { ?s a <urn:nothing> }"):
        a = app.test_client().get("/sparql", query_string={"query": q, "format": "json"})
        b = virtuoso_client.get("/sparql", query_string={"query": q, "format": "json"})
        assert _solutions(a.get_data()) == _solutions(b.get_data()), q


def test_compare_and_pages_are_the_same(app, virtuoso_client) -> None:  # type: ignore[no-untyped-def]
    a = app.test_client().get("/compare.csv?code=2010301").get_data(as_text=True)
    b = virtuoso_client.get("/compare.csv?code=2010301").get_data(as_text=True)
    assert a == b and "12907100" in a
    html = virtuoso_client.get("/id/" + quote("department/邯郸市行政审批局")).get_data(as_text=True)
    assert "2010301" in html and ">1,290.71<" in html, html[-3000:]


def test_refusals_and_timeout_hold(virtuoso_client) -> None:  # type: ignore[no-untyped-def]
    resp = virtuoso_client.get(
        "/sparql", query_string={"query": "SELECT * { SERVICE <http://127.0.0.1:1/> {} }"}
    )
    assert resp.status_code == 403
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    resp = virtuoso_client.get("/sparql", query_string={"query": heavy})
    assert resp.status_code == 503 and time.monotonic() - started < TIMEOUT_S + 10, resp.get_data()[:300]
