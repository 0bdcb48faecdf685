"""Every minted IRI dereferences: HTML for browsers, RDF for agents, 404 for unknown ones; the
pages link each figure to its source and escape document text."""

from __future__ import annotations

import re
from urllib.parse import quote

import pyoxigraph as ox
import pytest

BASE = "https://w3id.org/budgetlod/id/"
DEPT = "department/邯郸市行政审批局"


def doc_key(app, source: str) -> str:  # type: ignore[no-untyped-def]
    entry = next(e for e in app.extensions["budgetlod"].manifest.graphs if e.source == source)
    return entry.doc.removeprefix(BASE)


def test_every_minted_subject_dereferences(app, client) -> None:  # type: ignore[no-untyped-def]
    """Each kind of minted IRI (one of each path shape) answers with its own triples."""
    q = f'SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?s), "{BASE}")) }}'
    rows = app.extensions["budgetlod"].engine.select(q).rows
    shapes: dict[str, str] = {}
    for (s,) in rows:
        parts = s.value.removeprefix(BASE).split("/")
        shape = "/".join(p if re.fullmatch(r"[a-z-]+", p) else "*" for p in parts)
        shapes.setdefault(shape, s.value)
    assert len(shapes) >= 15
    for iri in shapes.values():
        path = "/id/" + quote(iri.removeprefix(BASE), safe="/%")
        resp = client.get(path, headers={"Accept": "application/n-triples"})
        assert resp.status_code == 200, iri
        subjects = {t.subject.value for t in ox.parse(resp.get_data(), format=ox.RdfFormat.N_TRIPLES)}
        assert subjects == {iri}


@pytest.mark.parametrize(
    ("how", "media_type", "fmt"),
    [
        ({"headers": {"Accept": "text/turtle"}}, "text/turtle", ox.RdfFormat.TURTLE),
        ({"headers": {"Accept": "application/ld+json"}}, "application/ld+json", ox.RdfFormat.JSON_LD),
        ({"headers": {"Accept": "application/n-triples"}}, "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ({"suffix": ".ttl"}, "text/turtle", ox.RdfFormat.TURTLE),
        ({"suffix": ".jsonld"}, "application/ld+json", ox.RdfFormat.JSON_LD),
        ({"suffix": ".nt"}, "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ({"query": "?format=ttl"}, "text/turtle", ox.RdfFormat.TURTLE),
    ],
)
def test_conneg_and_extensions(client, how: dict, media_type: str, fmt: ox.RdfFormat) -> None:  # type: ignore[no-untyped-def]
    path = "/id/" + quote(DEPT) + how.get("suffix", "") + how.get("query", "")
    resp = client.get(path, headers=how.get("headers", {}))
    assert resp.status_code == 200 and resp.mimetype == media_type and resp.headers["Vary"] == "Accept"
    labels = {
        t.object.value
        for t in ox.parse(resp.get_data(), format=fmt)
        if t.predicate.value.endswith("prefLabel")
    }
    assert labels == {"邯郸市行政审批局"}


def test_browser_gets_html(client) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/id/" + quote(DEPT), headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert resp.mimetype == "text/html" and "<h1>邯郸市行政审批局</h1>" in resp.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/id/department/nobody",
        "/id/doc/0000000000000000",
        "/id/" + quote("department/a>b c"),
        "/id/%3Cscript%3E",
    ],
)
def test_unknown_iris_are_404(client, path: str) -> None:  # type: ignore[no-untyped-def]
    assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 404
    assert client.get(path, headers={"Accept": "text/html"}).status_code == 404


def test_budget_line_page_links_to_its_source(app, client) -> None:  # type: ignore[no-untyped-def]
    key = doc_key(app, "handan-2023-xingzheng-shenpi-ju.txt")
    html = client.get(f"/id/{key}/table/expenditure-summary/line/12-4").get_data(as_text=True)
    source = html.split('id="source"')[1].split("</table>")[0]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", source)
    assert "邯郸市行政审批局 2023 部门预算" in cells[0] and f'href="/id/{key}"' in cells[0]
    assert "部门预算支出总表" in cells[1] and cells[3:] == ["12", "4", "274.73"]


def test_pdf_line_page_gives_the_page(app, client) -> None:  # type: ignore[no-untyped-def]
    key = doc_key(app, "shanghai-putuo-caizhengju-2025-budget.pdf")
    resp = client.get(f"/id/{key}/table/expenditure-summary/line/4-5")
    source = resp.get_data(as_text=True).split('id="source"')[1].split("</table>")[0]
    page = re.findall(r"<td[^>]*>(.*?)</td>", source)[2]
    assert page.isdigit() and int(page) > 1


def test_department_page_lists_its_lines(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/id/" + quote(DEPT)).get_data(as_text=True)
    lines = html.split('id="lines"')[1].split("</table>")[0]
    # in the printed unit with separators, 元 on hover
    assert "2010301" in lines and ">1,290.71<" in lines and 'title="12,907,100 元"' in lines
    assert lines.count("<tr>") == 1 + 19  # 支出总表 合计 column: its 19 coded rows (not 合计)


def test_code_page_lists_lines_across_documents(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/id/code/functional/2023/2080505").get_data(as_text=True)
    assert "274.73" in html and "邯郸市行政审批局" in html


def test_document_page_offers_its_dumps(app, client) -> None:  # type: ignore[no-untyped-def]
    key = doc_key(app, "handan-2023-xingzheng-shenpi-ju.txt")
    html = client.get(f"/id/{key}").get_data(as_text=True)
    # 3 RDF dumps, 7 CSV exports, the source file as published and what validate found
    assert html.count('href="/dumps/doc/') == 12 and "SHA-256" in html
    assert "-source.txt" in html and "-findings.json" in html


def test_graph_names_dereference(app, client) -> None:  # type: ignore[no-untyped-def]
    m = app.extensions["budgetlod"].manifest
    handan = next(e for e in m.graphs if e.source == "handan-2023-xingzheng-shenpi-ju.txt")
    resp = client.get("/id/" + handan.graph.removeprefix(BASE))
    assert resp.status_code == 303 and resp.headers["Location"].endswith(handan.doc.removeprefix(BASE))
    cofog = next(e for e in m.graphs if e.source == "cofog-sample.ttl")
    resp = client.get("/id/" + quote(cofog.graph.removeprefix(BASE)))
    assert resp.status_code == 303 and "/dumps/graph/" in resp.headers["Location"]


def test_document_text_is_escaped_on_every_page(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/id/department/hostile").get_data(as_text=True)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;预算" in html
    q = 'SELECT ?x WHERE { BIND("<script>alert(1)</script>" AS ?x) }'
    page = client.get("/query", query_string={"query": q}).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    bad = client.get("/query", query_string={"query": "SELECT <script> {"})
    assert bad.status_code == 400 and "<script>" not in bad.get_data(as_text=True).split("</textarea>")[1]


def test_query_page_runs_examples_as_tables(client) -> None:  # type: ignore[no-untyped-def]
    from budgetlod.store.examples import EXAMPLES

    for ex in EXAMPLES:
        form = client.get("/query", query_string={"example": ex.key}).get_data(as_text=True)
        assert "预算" in form or "bud:" in form
        html = client.get("/query", query_string={"query": ex.query}).get_data(as_text=True)
        table = html.split('id="results"')[1].split("</table>")[0]
        assert table.count("<tr>") > 1, ex.key


def test_a_document_page_is_its_tables_with_findings_at_their_place(app, client) -> None:  # type: ignore[no-untyped-def]
    key = doc_key(app, "handan-2023-xingzheng-shenpi-ju.txt")
    html = client.get(f"/id/{key}").get_data(as_text=True)
    block = html.split("<h2>部门预算支出总表</h2>", 1)[1].split("</section>", 1)[0]
    row = next(r for r in block.split("<tr>") if "行政运行" in r)
    assert 'title="12,907,100 元">1,290.71</td>' in row  # printed unit, separators; 元 on hover
    assert '<th scope="col">' in block and "<caption>部门预算支出总表（万元）</caption>" in block
    # the asset finding: listed at the top, linking to its row, which is marked with the message
    top = html.split('id="findings"', 1)[1].split("</section>", 1)[0]
    link = re.search(r'<li id="f(\d+)" class="Violation"><a href="#([^"]+)">固定资产', top)
    assert link is not None
    marked = html.split(f'<tr id="{link.group(2)}" class="marked">', 1)[1].split("</tr>", 1)[0]
    assert "8,222" in marked and "8222，各类合计 8219" in marked and 'href="/rules#AssetSumShape"' in marked
    assert client.get("/rules").get_data(as_text=True).count('<tr id="AssetSumShape">') == 1
    assert "<details" in html and 'id="properties"' in html.split("<details", 1)[1]


def test_search_finds_by_name_and_number_and_bounds_what_it_is_asked(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/search", query_string={"q": "2010301"}).get_data(as_text=True)
    assert "2010301 行政运行" in page.split('id="hits-code"', 1)[1]
    page = client.get("/search", query_string={"q": "审批"}).get_data(as_text=True)
    assert "邯郸市行政审批局" in page.split('id="hits-department"', 1)[1]
    # words that would break a query pasted as text are one literal
    for q in ('") } SELECT * { ?s ?p ?o } #', "\\", "<script>alert(1)</script>"):
        resp = client.get("/search", query_string={"q": q})
        assert resp.status_code == 200 and "<script>alert" not in resp.get_data(as_text=True)
        assert 'id="no-hits"' in resp.get_data(as_text=True)
    assert client.get("/search", query_string={"q": "字" * 51}).status_code == 400


def test_the_query_editor_is_served_from_this_site_with_its_licence(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/query").get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert "/static/yasgui/yasgui.min.js" in sources and "/static/query.js" in sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]
    assert "MIT License" in client.get("/static/yasgui/LICENSE").get_data(as_text=True)
    assert "'unsafe-inline'" in client.get("/query").headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in client.get("/").headers["Content-Security-Policy"]
