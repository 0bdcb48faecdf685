"""Headers every response gets: what a browser may do with it, and who may read it.

- Every response: `X-Content-Type-Options: nosniff` (a dump is never run as a script).
- HTML: a `Content-Security-Policy` of this site only (no inline script or style, no frames, no
  plugins), `X-Frame-Options: DENY` for older browsers, no referrer sent elsewhere. The query page's
  editor alone may use inline styles (CodeMirror lays its text out with them); no page runs a script
  from anywhere but this site.
- The machine-readable resources (`/sparql`, `/dumps/`, the catalogue, VoID, `/id/`) are read-only
  and hold nothing private: `Access-Control-Allow-Origin: *`, so query editors on other sites
  (YASGUI and the like) can use them; a preflight gets the methods and headers it may send.
- Text of RDF and result formats is UTF-8, and says so.
"""

from __future__ import annotations

from flask import Response, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
#: The query page's editor (YASGUI, CodeMirror) positions its text with inline style attributes: that
#: page alone may use inline styles. Scripts stay this site's own everywhere.
EDITOR_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
EDITOR_PAGES = ("/query",)
CORS_PREFIXES = ("/sparql", "/dumps/", "/catalog", "/.well-known/void", "/id/")
CHARSET_TYPES = frozenset(
    {
        "text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml",
        "application/sparql-results+json", "application/sparql-results+xml", "application/n-quads",
        "text/csv", "text/tab-separated-values", "text/plain", "text/html", "application/json",
    }
)  # fmt: skip


def harden(resp: Response) -> Response:
    resp.headers["X-Content-Type-Options"] = "nosniff"
    if resp.mimetype == "text/html":
        resp.headers["Content-Security-Policy"] = EDITOR_CSP if request.path in EDITOR_PAGES else CSP
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Referrer-Policy"] = "no-referrer"
    if request.path.startswith(CORS_PREFIXES):
        resp.headers["Access-Control-Allow-Origin"] = "*"
        resp.headers["Access-Control-Expose-Headers"] = (
            "Budgetlod-Truncated, Budgetlod-Row-Limit, Budgetlod-Byte-Limit, Content-Length, ETag"
        )
        if request.method == "OPTIONS":
            resp.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
            resp.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
            resp.headers["Access-Control-Max-Age"] = "86400"
    if resp.mimetype in CHARSET_TYPES and "charset" not in resp.headers.get("Content-Type", ""):
        resp.headers["Content-Type"] = f"{resp.mimetype}; charset=utf-8"
    return resp
