"""Content negotiation: `?format=` first, then `Accept` with q-values and specificity (406 if none)."""

from __future__ import annotations

from flask import request

from budgetlod.store.errors import Refused
from budgetlod.store.results import ALIASES, SHORT_NAMES

HTML = "text/html"


def choose(offers: tuple[str, ...] | list[str], fixed: str | None = None) -> str:
    """The media type to answer in, from `offers` (the first is the default for */*)."""
    if fixed:
        if fixed in offers:
            return fixed
        raise Refused(406, f"{fixed} is not offered here; offered: {', '.join(offers)}")
    wanted = request.args.get("format")
    if not wanted and request.method == "POST" and request.mimetype == "application/x-www-form-urlencoded":
        wanted = request.form.get("format")
    if wanted:
        mt = SHORT_NAMES.get(wanted, "text/html" if wanted == "html" else wanted)
        mt = ALIASES.get(mt, mt)
        if mt in offers:
            return mt
        raise Refused(406, f"format {wanted} is not offered here; offered: {', '.join(offers)}")
    if not request.headers.get("Accept", "").strip():
        return offers[0]
    names = list(offers) + [a for a, canonical in ALIASES.items() if canonical in offers]
    best = request.accept_mimetypes.best_match(names)
    if best is None:
        raise Refused(406, f"none of the accepted media types is offered; offered: {', '.join(offers)}")
    return ALIASES.get(best, best)
