"""The Flask application: one store generation, one engine, the views of protocol, publish, pages."""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

import pyoxigraph as ox
from flask import Flask, Response, render_template, request
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from budgetlod.namespaces import ONTOLOGY_GRAPH, prologue
from budgetlod.server import compare_views, pages, protocol, publish
from budgetlod.server.figures import figure, wan
from budgetlod.server.headers import harden
from budgetlod.server.negotiate import HTML
from budgetlod.server.settings import Settings
from budgetlod.server.state import FairGate, State
from budgetlod.server.urls import safe_href
from budgetlod.store.engine import Engine
from budgetlod.store.errors import Refused
from budgetlod.store.facade import External, Store
from budgetlod.store.storedir import StoreDir

LOG = logging.getLogger("budgetlod.server")


def store_of(settings: Settings) -> Store:
    """The store the settings name (Settings checks an external store has both its endpoints)."""
    if settings.sparql_endpoint and settings.graph_store:
        return Store(settings.store, External(settings.sparql_endpoint, settings.graph_store))
    return Store(settings.store)


def _labels(engine: Engine) -> dict[str, str]:
    rows = engine.select(
        prologue("rdfs", "skos")
        + f"SELECT ?t ?l WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?t rdfs:label|skos:prefLabel ?l }} }}"
    )
    out: dict[str, list[str]] = {}
    for t, label in rows.rows:
        if isinstance(t, ox.NamedNode) and isinstance(label, ox.Literal):
            out.setdefault(t.value, []).append(label.value)
    return {k: " / ".join(sorted(v, key=lambda s: s.isascii())) for k, v in out.items()}


def open_state(settings: Settings, store_dir: StoreDir, generation: Path) -> State:
    """Everything the views need to serve one generation; the generation is pinned while served."""
    pin = store_dir.pin(generation)
    try:
        manifest = store_dir.manifest(generation)
        if manifest is None:
            raise FileNotFoundError(f"{store_dir.root}: no loaded store here (give documents to load)")
        engine = store_of(settings).open(
            generation, workers=settings.workers, timeout=settings.timeout,
            queue_timeout=settings.queue_timeout, memory_limit=settings.worker_memory * 2**20,
        )  # fmt: skip
        return State(
            settings=settings, generation=generation, manifest=manifest, engine=engine,
            graphs=manifest.graph_iris(), labels=_labels(engine), pin=pin,
            gate=FairGate(settings.workers, settings.per_client, settings.queue_timeout),
        )  # fmt: skip
    except BaseException:
        os.close(pin)
        raise


class Follower:
    """Serve the store's `current` generation: a build that commits a new one is picked up between
    requests (looked for at most once a second); the old one is closed once its queries are done."""

    CHECK_EVERY = 1.0

    def __init__(self, app: Flask, settings: Settings, store_dir: StoreDir) -> None:
        self.app, self.settings, self.store_dir = app, settings, store_dir
        self.lock = threading.Lock()
        self.checked = time.monotonic()

    def __call__(self) -> None:
        now = time.monotonic()
        if now - self.checked < self.CHECK_EVERY:
            return
        self.checked = now
        target = self.store_dir.current()
        if target is None or target == self.app.extensions["budgetlod"].generation:
            return
        with self.lock:
            old: State = self.app.extensions["budgetlod"]
            if target == old.generation:
                return
            try:
                new = open_state(self.settings, self.store_dir, target)
            except Exception as e:  # keep serving the generation we have
                LOG.error("could not switch to generation %s: %s", target, e)
                return
            self.app.extensions["budgetlod"] = new
            LOG.info("serving generation %s", target.name)
        # queries already running on the old engine finish first (each within its time limits)
        linger = self.settings.timeout + self.settings.queue_timeout + 1.0
        timer = threading.Timer(linger, old.close)
        timer.daemon = True  # a server stopping meanwhile closes everything anyway
        timer.start()


def create_app(settings: Settings) -> Flask:
    """The application over the current generation of `settings.store` (which must be loaded)."""
    store_dir = StoreDir(settings.store)
    generation = store_dir.current()
    if generation is None:
        raise FileNotFoundError(f"{settings.store}: no loaded store here (give documents to load)")
    state = open_state(settings, store_dir, generation)  # reads the manifest, once
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["budgetlod"] = state
    app.before_request(Follower(app, settings, store_dir))
    for bp in (protocol.bp, publish.bp, pages.bp, compare_views.bp):
        app.register_blueprint(bp)

    @app.template_filter("href")
    def href(iri: str) -> str:
        return safe_href(iri) or ""

    app.add_template_filter(figure, "figure")
    app.add_template_filter(wan, "wan")

    @app.template_filter("term")
    def term_html(t: object) -> Markup:
        """A term as HTML: IRIs as links (local where minted; http, https and mailto only, so a
        `javascript:` IRI in a loaded file is text, never a live link), literals as text (escaped)."""
        if isinstance(t, ox.NamedNode):
            text = app.extensions["budgetlod"].labels.get(t.value) or t.value
            link = safe_href(t.value)
            if link is None:
                return Markup("{}").format(text)
            return Markup('<a href="{}">{}</a>').format(link, text)
        if isinstance(t, ox.Literal):
            return Markup("{}").format(t.value)
        return Markup("{}").format("" if t is None else str(t))

    @app.errorhandler(Refused)
    def refused(e: Refused) -> Response:
        return _error(e.status, e.message)

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> Response:
        resp = _error(e.code or 500, e.description or e.name)
        for name, value in e.get_headers():
            if name.lower() != "content-type":
                resp.headers[name] = value  # Allow on 405, Retry-After, …
        return resp

    @app.before_request
    def oversized() -> None:
        if len(request.full_path) > settings.max_url:
            raise Refused(414, f"the URL is longer than {settings.max_url} characters")

    app.after_request(harden)

    return app


def _error(status: int, message: str) -> Response:
    """HTML for a browser's page request, plain text for everything else (SPARQL clients)."""
    if request.path != "/sparql" and request.accept_mimetypes.best == HTML:
        resp = Response(render_template("error.html", status=status, message=message), status=status)
    else:
        resp = Response(message + "\n", status=status, content_type="text/plain; charset=utf-8")
    resp.headers["Vary"] = "Accept"
    return resp
