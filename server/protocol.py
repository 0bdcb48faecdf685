"""The SPARQL 1.1 Protocol at /sparql (query operation only: the service is read-only).

GET with `query=`; POST form-encoded; POST `application/sparql-query` with the dataset in the URL.
Without a query, GET answers the Service Description. Every refusal is a 4xx/5xx with a plain-text
message: 400 malformed, 403 update or SERVICE/LOAD, 405 other methods, 406 no acceptable format,
413 too long, 415 wrong or missing content type, 503 timeout or all workers busy.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from budgetlod.namespaces import TURTLE_PREFIXES
from budgetlod.server.catalog import RDFLIB_FORMATS, serialise_all, service_description
from budgetlod.server.negotiate import HTML, choose
from budgetlod.server.state import state
from budgetlod.server.urls import public_root
from budgetlod.store.engine import RemoteEngine
from budgetlod.store.errors import Refused
from budgetlod.store.jobs import Job
from budgetlod.store.results import GRAPH_TYPES, SOLUTION_TYPES
from budgetlod.store.vet import unknown_graphs, vet

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


def _utf8(data: bytes) -> str:
    charset = (request.mimetype_params.get("charset") or "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise Refused(415, f"the query must be sent as UTF-8, not {charset}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Refused(400, f"the query is not valid UTF-8 ({e})") from None


def read_request() -> tuple[list[str], list[str], list[str]]:
    """(queries, default-graph-uri, named-graph-uri) of a protocol request; refuses updates."""
    if request.method in ("GET", "HEAD"):
        params = request.args
    elif request.mimetype == FORM:
        params = request.form
    elif request.mimetype == DIRECT:
        text = _utf8(request.get_data())
        return [text], request.args.getlist("default-graph-uri"), request.args.getlist("named-graph-uri")
    elif request.mimetype == UPDATE:
        raise Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
    else:
        got = request.mimetype or "no Content-Type"
        raise Refused(415, f"POST a query as {FORM} or {DIRECT}, not {got}")
    if "update" in params:
        raise Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
    return params.getlist("query"), params.getlist("default-graph-uri"), params.getlist("named-graph-uri")


def answer(query: str, default: list[str], named: list[str], negotiate: bool = True) -> Response:
    """Vet, negotiate, run: the one path every client query takes (the query page's too, which
    asks for the default format: JSON results, Turtle graphs)."""
    st = state()
    endpoint = public_root() + "sparql"
    vetted = vet(query, st.graphs, st.settings.max_query_chars, base=endpoint)
    unknown = unknown_graphs(vetted, default, named, st.graphs)
    if unknown and isinstance(st.engine, RemoteEngine):
        raise Refused(400, f"<{unknown[0]}> names no graph in this store")
    offers = SOLUTION_TYPES if vetted.form in ("SELECT", "ASK") else GRAPH_TYPES
    media_type = choose(offers) if negotiate else offers[0]
    given = bool(default or named)  # the protocol's dataset overrides the query's FROM
    job = Job(
        query=query, form=vetted.form, media_type=media_type, max_rows=st.settings.max_rows,
        default_graphs=default if given else None, named_graphs=named if given else None,
        union=not (given or vetted.from_graphs or vetted.from_named),
        prefixes=TURTLE_PREFIXES, base_iri=endpoint, max_bytes=st.settings.max_result_bytes,
    )  # fmt: skip
    with st.gate.slot(request.remote_addr or "-"):
        got = st.engine.run(job)
    charset = "; charset=utf-8" if media_type.startswith("text/") else ""
    resp = Response(got.body, content_type=media_type + charset)
    resp.headers["Vary"] = "Accept"
    if got.truncated:
        resp.headers["Budgetlod-Truncated"] = "true"
        resp.headers["Budgetlod-Row-Limit"] = str(st.settings.max_rows)
        resp.headers["Budgetlod-Byte-Limit"] = str(st.settings.max_result_bytes)
    return resp


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    queries, default, named = read_request()
    if not queries and request.method in ("GET", "HEAD") and not (default or named):
        return describe_service()
    if len(queries) != 1:
        raise Refused(400, f"a request carries exactly one query parameter, not {len(queries)}")
    return answer(queries[0], default, named)


def describe_service() -> Response:
    st = state()
    media_type = choose((*RDFLIB_FORMATS, HTML))
    endpoint = public_root() + "sparql"
    if media_type == HTML:
        resp = Response(render_template("service.html", endpoint=endpoint, manifest=st.manifest))
    else:
        cached = st.described.get("service")
        if cached is None:
            cached = st.described["service"] = serialise_all(service_description(st.manifest, endpoint))
        resp = Response(cached[media_type], content_type=media_type)
    resp.headers["Vary"] = "Accept"
    return resp
