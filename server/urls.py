"""Public URLs and the mapping between minted IRIs and local paths (one place for both)."""

from __future__ import annotations

import re
from urllib.parse import quote

from budgetlod.server.state import state

#: Characters `extract.iris.segment` percent-encodes, bar the path separator: a request path is
#: decoded by the web server, so these are encoded again to find the IRI as minted.
_REENCODE = re.compile(r"[\x00-\x20\"<>{}|\\^`#?%\[\]]")


def public_root() -> str:
    """The service's public URL, ending in /: the configured one, never a client's Host header
    (which a stranger writes: it must reach neither the catalogue nor any cache)."""
    return state().settings.public_root


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


_LINK_SCHEMES = ("http://", "https://", "mailto:")


def safe_href(iri: str) -> str | None:
    """Where a link to `iri` should point: the local page of a minted IRI, the IRI itself for http,
    https and mailto, else None (no link: `javascript:`, `data:` and the like are shown as text)."""
    local = local_href(iri)
    if local is not None:
        return local
    return iri if iri.lower().startswith(_LINK_SCHEMES) else None
