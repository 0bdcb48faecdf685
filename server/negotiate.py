"""Content negotiation: the `format=` / `output=` parameters first, then `Accept` with q-values and
specificity (406 if `Accept` names nothing offered).

Clients send the format parameters the way the big stores take them: repeated, comma-separated,
short names and media types mixed (SPARQLWrapper sends `format=rdf+xml&format=application/rdf+xml&
output=rdf+xml…`). The first value that names a format offered for this answer wins; values that name
none are ignored in favour of `Accept` (as Fuseki does), never a 406 of their own.
"""

from __future__ import annotations

from flask import request

from budgetlod.store.errors import Refused
from budgetlod.store.results import ALIASES, FORMAT_NAMES

HTML = "text/html"
#: The parameters that name a format: `format` (Virtuoso, Fuseki), `output` (Fuseki, Joseki, sparqler).
FORMAT_PARAMS = ("format", "output")
#: At most this many format values are looked at (a stranger may repeat the parameter at will).
MAX_FORMAT_VALUES = 32


def _format_values() -> list[str]:
    """The format parameters' values in the order sent: the URL's, then a posted form's."""
    values = [v for name in FORMAT_PARAMS for v in request.args.getlist(name)]
    if request.method == "POST" and request.mimetype == "application/x-www-form-urlencoded":
        values += [v for name in FORMAT_PARAMS for v in request.form.getlist(name)]
    return [part.strip() for v in values for part in v.split(",")][:MAX_FORMAT_VALUES]


def named_format(values: list[str], offers: tuple[str, ...] | list[str]) -> str | None:
    """The first offered media type that one of `values` names (a short name or a media type)."""
    for value in values:
        name = value.split(";", 1)[0].strip().lower()  # a media type's parameters say nothing here
        for mt in FORMAT_NAMES.get(name, (name,)):
            mt = ALIASES.get(mt, mt)
            if mt in offers:
                return mt
    return None


def choose(offers: tuple[str, ...] | list[str], fixed: str | None = None) -> str:
    """The media type to answer in, from `offers` (the first is the default for */*)."""
    if fixed:
        if fixed in offers:
            return fixed
        raise Refused(406, f"{fixed} is not offered here; offered: {', '.join(offers)}")
    named = named_format(_format_values(), offers)
    if named is not None:
        return named
    if not request.headers.get("Accept", "").strip():
        return offers[0]
    names = list(offers) + [a for a, canonical in ALIASES.items() if canonical in offers]
    best = request.accept_mimetypes.best_match(names)
    if best is None:
        raise Refused(406, f"none of the accepted media types is offered; offered: {', '.join(offers)}")
    return ALIASES.get(best, best)
