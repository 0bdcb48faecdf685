"""Public URLs and the mapping between minted IRIs and local paths (one place for both)."""

from __future__ import annotations

import re
from urllib.parse import quote

from flask import request

from budgetlod.server.state import state

#: Characters `extract.iris.segment` percent-encodes, bar the path separator: a request path is
#: decoded by the web server, so these are encoded again to find the IRI as minted.
_REENCODE = re.compile(r"[\x00-\x20\"<>{}|\\^`#?%\[\]]")


def public_root() -> str:
    """The service's public URL, ending in /."""
    configured = state().settings.public_url
    root = configured or request.url_root
    return root if root.endswith("/") else root + "/"


def iri_for_path(rest: str) -> str:
    """The minted IRI a request for /id/<rest> names."""
    return state().settings.base + _REENCODE.sub(
        lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), rest
    )


def local_href(iri: str) -> str | None:
    """The local path of a minted IRI (so a browser follows links on this server), or None."""
    base = state().settings.base
    if not iri.startswith(base):
        return None
    return "/id/" + quote(iri[len(base) :], safe="/%:@!$&'()*+,;=-._~")
