"""The Flask application: one store generation, one engine, the views of protocol, publish, pages."""

from __future__ import annotations

import pyoxigraph as ox
from flask import Flask, Response, render_template, request
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from budgetlod.server import compare_views, pages, protocol, publish
from budgetlod.server.engine import EmbeddedEngine, Engine, RemoteEngine
from budgetlod.server.errors import Refused
from budgetlod.server.loading import ONTOLOGY_GRAPH
from budgetlod.server.negotiate import HTML
from budgetlod.server.settings import Settings
from budgetlod.server.state import State
from budgetlod.server.storedir import StoreDir
from budgetlod.server.urls import local_href


def open_engine(settings: Settings, generation: object) -> Engine:
    if settings.sparql_endpoint and settings.graph_store:
        return RemoteEngine(settings.sparql_endpoint, settings.graph_store, settings.timeout)
    return EmbeddedEngine(generation, settings.workers, settings.timeout, settings.queue_timeout)  # type: ignore[arg-type]


def _labels(engine: Engine) -> dict[str, str]:
    rows = engine.select(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        f"SELECT ?t ?l WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?t rdfs:label|skos:prefLabel ?l }} }}"
    )
    out: dict[str, list[str]] = {}
    for t, label in rows.rows:
        if isinstance(t, ox.NamedNode) and isinstance(label, ox.Literal):
            out.setdefault(t.value, []).append(label.value)
    return {k: " / ".join(sorted(v, key=lambda s: s.isascii())) for k, v in out.items()}


def create_app(settings: Settings) -> Flask:
    """The application over the current generation of `settings.store` (which must be loaded)."""
    store_dir = StoreDir(settings.store)
    generation = store_dir.current()
    manifest = store_dir.manifest(generation)
    if generation is None or manifest is None:
        raise FileNotFoundError(f"{settings.store}: no loaded store here (give documents to load)")
    engine = open_engine(settings, generation)
    if isinstance(engine, RemoteEngine):
        engine.sync(generation, manifest)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["budgetlod"] = State(
        settings=settings, generation=generation, manifest=manifest, engine=engine,
        graphs=manifest.graph_iris(), labels=_labels(engine),
    )  # fmt: skip
    for bp in (protocol.bp, publish.bp, pages.bp, compare_views.bp):
        app.register_blueprint(bp)

    @app.template_filter("href")
    def href(iri: str) -> str:
        return local_href(iri) or iri

    @app.template_filter("term")
    def term_html(t: object) -> Markup:
        """A term as HTML: IRIs as links (local where minted), literals as text (escaped)."""
        if isinstance(t, ox.NamedNode):
            text = app.extensions["budgetlod"].labels.get(t.value) or t.value
            return Markup('<a href="{}">{}</a>').format(local_href(t.value) or t.value, text)
        if isinstance(t, ox.Literal):
            return Markup("{}").format(t.value)
        return Markup("{}").format("" if t is None else str(t))

    @app.errorhandler(Refused)
    def refused(e: Refused) -> Response:
        return _error(e.status, e.message)

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> Response:
        return _error(e.code or 500, e.description or e.name)

    return app


def _error(status: int, message: str) -> Response:
    """HTML for a browser's page request, plain text for everything else (SPARQL clients)."""
    if request.path != "/sparql" and request.accept_mimetypes.best == HTML:
        resp = Response(render_template("error.html", status=status, message=message), status=status)
    else:
        resp = Response(message + "\n", status=status, content_type="text/plain; charset=utf-8")
    resp.headers["Vary"] = "Accept"
    return resp
