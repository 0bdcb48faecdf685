"""HTML pages and dereferenceable IRIs: home, query page, and /id/… for every minted IRI
(HTML for browsers; Turtle, JSON-LD, N-Triples by Accept or by extension; 404 when unknown)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, redirect, render_template, request
from werkzeug.wrappers.response import Response as BaseResponse

from budgetlod.namespaces import TURTLE_PREFIXES
from budgetlod.server.deptpage import chart, department_view, rate
from budgetlod.server.describe import describe, triples
from budgetlod.server.docpage import document_view, rule_list
from budgetlod.server.negotiate import HTML, choose
from budgetlod.server.protocol import answer
from budgetlod.server.search import MAX_WORDS, search
from budgetlod.server.state import state
from budgetlod.server.urls import iri_for_path, local_href
from budgetlod.store.errors import Refused
from budgetlod.store.examples import EXAMPLES
from budgetlod.store.results import GRAPH_TYPES, RDF_FORMATS
from budgetlod.store.storedir import DUMPS
from budgetlod.terms import serialized

bp = Blueprint("pages", __name__)

EXTENSIONS = {
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".html": HTML,
}


@bp.route("/")
def home() -> str:
    st = state()
    return render_template("home.html", manifest=st.manifest, examples=EXAMPLES)


@bp.route("/query")
def query_page() -> tuple[str, int] | str:
    """The query form; a SELECT result shows as a table, a graph result as Turtle."""
    text = request.args.get("query")
    if text is None:
        key = request.args.get("example")
        chosen = next((e for e in EXAMPLES if e.key == key), EXAMPLES[0])
        return render_template("query.html", query=chosen.query, examples=EXAMPLES, result=None, error=None)
    result, error, status, truncated = None, None, 200, False
    try:
        resp = answer(text, [], [], negotiate=False)
        truncated = resp.headers.get("Budgetlod-Truncated") == "true"
        if resp.mimetype == "application/sparql-results+json":
            result = json.loads(resp.get_data())
        else:
            result = {"text": resp.get_data(as_text=True)}
    except Refused as e:
        error, status = e.message, e.status
    page = render_template(
        "query.html", query=text, examples=EXAMPLES, result=result, error=error, truncated=truncated
    )
    return page, status


@bp.route("/search")
def search_page() -> tuple[str, int]:
    """Departments, regions, codes and terms whose name (or number) holds the words asked for."""
    q = request.args.get("q", "").strip()
    if len(q) > MAX_WORDS:
        page = render_template("search.html", q=q[:MAX_WORDS], hits=[], max_words=MAX_WORDS,
                               error=f"至多 {MAX_WORDS} 个字 — at most {MAX_WORDS} characters.")  # fmt: skip
        return page, 400
    hits = search(state().engine, q) if q else []
    return render_template("search.html", q=q, hits=hits, max_words=MAX_WORDS, error=None), 200


@bp.route("/rules")
def rules() -> str:
    """The accounting rules a finding links to: each shape's names, severity and file."""
    return render_template("rules.html", rules=rule_list())


@bp.route("/id/<path:rest>")
def resource(rest: str) -> Response | BaseResponse:
    st = state()
    # The whole path first: an IRI may itself end in .ttl (a graph named after its file).
    candidates = [(rest, None)] + [
        (rest[: -len(ext)], mt) for ext, mt in EXTENSIONS.items() if rest.endswith(ext)
    ]
    found = None
    for path, media_type in reversed(candidates):
        iri = iri_for_path(path)
        entry = next((e for e in st.manifest.graphs if e.graph == iri), None)
        if entry is not None:  # a graph name: its document page, or its dump
            if entry.doc:
                return redirect(local_href(entry.doc) or "/", 303)
            if "turtle" in entry.dumps:
                return redirect(f"/dumps/{entry.dumps['turtle']}", 303)
        try:
            d = describe(st.engine, iri)
        except ValueError:  # not an IRI at all
            continue
        if d is not None:
            found = (d, media_type)
            break
    if found is None:
        abort(404)
    d, fixed = found
    media_type = choose((HTML, *GRAPH_TYPES), fixed)
    if media_type == HTML:
        entry = next((e for e in st.manifest.graphs if e.doc == iri), None)
        documents = [e for e in st.manifest.disclosures() if e.department_iri == iri]
        if entry is not None:  # a disclosure: shown as its tables
            view = document_view(st.engine, iri, entry, st.generation / DUMPS)
            resp = Response(render_template("document.html", d=d, entry=entry, view=view))
        elif documents:  # a department: its years side by side
            dv = department_view(st.engine, iri)
            documents.sort(key=lambda e: (e.year or 0, e.phase or ""))
            page = render_template(
                "department.html", d=d, view=dv, chart=chart(dv), documents=documents, rate=rate
            )
            resp = Response(page)
        else:
            resp = Response(render_template("resource.html", d=d, labels=st.labels, entry=entry))
    else:
        fmt = RDF_FORMATS[media_type]
        body = serialized(
            triples(d), fmt, **({"prefixes": TURTLE_PREFIXES} if media_type == "text/turtle" else {})
        )
        resp = Response(
            body, content_type=media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
        )
    resp.headers["Vary"] = "Accept"
    return resp
