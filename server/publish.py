"""Downloads: the dump files (static, with ETag / Last-Modified / Content-Length / ranges), the
DCAT catalogue and the VoID description (at /.well-known/void, RFC 5785, as VoID asks)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, send_from_directory

from budgetlod.server.catalog import RDFLIB_FORMATS, catalog_graph, serialise_all, void_graph
from budgetlod.server.negotiate import HTML, choose
from budgetlod.server.state import state
from budgetlod.server.urls import public_root
from budgetlod.store import dumps
from budgetlod.store.storedir import DUMPS

bp = Blueprint("publish", __name__)


@bp.route("/dumps/<path:rel>")
def dump(rel: str) -> Response:
    st = state()
    if rel not in st.manifest.dump_files():
        abort(404)
    label = next((k for k, v in st.manifest.dumps.items() if v == rel), None) or next(
        k for e in st.manifest.graphs for k, v in e.dumps.items() if v == rel
    )
    if "," in request.headers.get("Range", ""):
        # several ranges: RFC 9110 lets a server ignore Range and send the whole representation
        request.environ.pop("HTTP_RANGE", None)
    resp = send_from_directory(
        st.generation / DUMPS,
        rel,
        mimetype=dumps.media_type(label),
        conditional=True,
        etag=True,
        max_age=3600,
    )
    if rel.endswith(".gz"):  # a gzip file to save, not a body to inflate on the fly
        resp.headers["Content-Type"] = "application/gzip"
    elif (resp.mimetype or "").startswith("text/"):
        resp.headers["Content-Type"] = f"{resp.mimetype}; charset=utf-8"
    return resp


def _described(key: str, make: object) -> Response:
    st = state()
    media_type = choose((*RDFLIB_FORMATS, HTML))
    if media_type == HTML:
        resp = Response(render_template("catalog.html", manifest=st.manifest, root=public_root(), kind=key))
    else:
        if key not in st.described:  # one entry per kind: the public root is a setting
            st.described[key] = serialise_all(make())  # type: ignore[operator]
        resp = Response(st.described[key][media_type], content_type=media_type)
    resp.headers["Vary"] = "Accept"
    return resp


@bp.route("/catalog")
def catalog() -> Response:
    st = state()
    s = st.settings
    return _described(
        "catalog", lambda: catalog_graph(st.manifest, public_root(), s.title, s.license, s.publisher)
    )


@bp.route("/.well-known/void")
def void() -> Response:
    st = state()
    return _described("void", lambda: void_graph(st.manifest, public_root(), st.settings.license))
