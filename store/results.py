"""SPARQL results written in the four result formats and the RDF formats, with a row limit.

pyoxigraph can serialise a whole result, but not the first N rows of one; these writers take the
rows already cut to the limit. One table maps media types to writers (the one place for formats).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from budgetlod.formats import BY_MEDIA_TYPE
from budgetlod.terms import serialized

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: Media types for SELECT / ASK results, the first the default.
SOLUTION_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
#: Media types for CONSTRUCT / DESCRIBE results, the first the default.
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")
#: Generic names clients send for the same formats.
ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/plain": "application/n-triples",
    "application/json+ld": "application/ld+json",
}
RDF_FORMATS = {mt: BY_MEDIA_TYPE[mt].oxigraph for mt in GRAPH_TYPES}
#: What a `format=` or `output=` value may name, and the media types it stands for, in order of
#: preference (the first this query form offers wins): the short names and media types that
#: Virtuoso, Fuseki and Joseki accept and that clients such as SPARQLWrapper send. "xml" is SPARQL
#: results for SELECT / ASK and RDF/XML for a graph, as in Fuseki; N3 is answered in Turtle (a subset).
FORMAT_NAMES: dict[str, tuple[str, ...]] = {
    "json": ("application/sparql-results+json",),
    "srj": ("application/sparql-results+json",),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "srx": ("application/sparql-results+xml",),
    "application/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "text/xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
    "ttl": ("text/turtle",),
    "turtle": ("text/turtle",),
    "n3": ("text/turtle",),
    "text/n3": ("text/turtle",),
    "text/rdf+n3": ("text/turtle",),
    "application/n3": ("text/turtle",),
    "application/turtle": ("text/turtle",),
    "application/x-turtle": ("text/turtle",),
    "nt": ("application/n-triples",),
    "ntriples": ("application/n-triples",),
    "n-triples": ("application/n-triples",),
    "rdf": ("application/rdf+xml",),
    "rdfxml": ("application/rdf+xml",),
    "rdf+xml": ("application/rdf+xml",),
    "rdf/xml": ("application/rdf+xml",),
    "jsonld": ("application/ld+json",),
    "json-ld": ("application/ld+json",),
    "application/x-json+ld": ("application/ld+json",),
    "html": ("text/html",),
}


Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass
class Rows:
    """SELECT results cut to the limit."""

    variables: list[str]
    rows: list[list[Term | None]]
    truncated: bool


def _size(t: Term | None) -> int:
    """About what a term costs in any result format: its N-Triples form."""
    return 0 if t is None else len(str(t))


def take_solutions(solutions: ox.QuerySolutions, limit: int, max_bytes: int | None = None) -> Rows:
    """The first `limit` solutions, fewer where they would pass `max_bytes` (then truncated)."""
    variables = [v.value for v in solutions.variables]
    rows: list[list[Term | None]] = []
    spent = 0
    for s in islice(solutions, limit + 1):
        row = [s[v] for v in variables]
        spent += sum(_size(t) for t in row)
        if len(rows) == limit or (max_bytes is not None and spent > max_bytes):
            return Rows(variables, rows, True)
        rows.append(row)
    return Rows(variables, rows, False)


def take_triples(
    triples: Iterable[ox.Triple], limit: int, max_bytes: int | None = None
) -> tuple[list[ox.Triple], bool]:
    """The first `limit` triples, fewer where they would pass `max_bytes` (then truncated)."""
    got: list[ox.Triple] = []
    spent = 0
    for t in islice(triples, limit + 1):
        spent += _size(t)
        if len(got) == limit or (max_bytes is not None and spent > max_bytes):
            return got, True
        got.append(t)
    return got, False


def _json_term(t: Term) -> dict[str, object]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            out["datatype"] = t.datatype.value
        return out
    return {
        "type": "triple",
        "value": {"subject": _json_term(t.subject), "predicate": _json_term(t.predicate),
                  "object": _json_term(t.object)},
    }  # fmt: skip


def _xml_term(t: Term) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    parts = (("subject", t.subject), ("predicate", t.predicate), ("object", t.object))
    return "<triple>" + "".join(f"<{n}>{_xml_term(v)}</{n}>" for n, v in parts) + "</triple>"


def _plain(t: Term | None) -> str:
    """SPARQL 1.1 CSV: IRIs and literals bare, blank nodes as _:id."""
    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, ox.Triple):
        return str(t)
    return t.value


_XSD = "http://www.w3.org/2001/XMLSchema#"
_BARE_NUMBER = {
    _XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    _XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
}


def _nt(t: Term | None) -> str:
    """SPARQL 1.1 TSV: terms in Turtle syntax, integers and decimals abbreviated as the spec allows."""
    if t is None:
        return ""
    if isinstance(t, ox.Literal) and (pattern := _BARE_NUMBER.get(t.datatype.value)):
        if pattern.fullmatch(t.value):
            return t.value
    return str(t)


def write_solutions(result: Rows, media_type: str) -> bytes:
    if media_type == "application/sparql-results+json":
        bindings = [
            {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
            for row in result.rows
        ]
        doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if media_type == "application/sparql-results+xml":
        return "".join(_xml_solutions(result)).encode("utf-8")
    if media_type == "text/csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(result.variables)
        w.writerows([_plain(t) for t in row] for row in result.rows)
        return buf.getvalue().encode("utf-8")
    if media_type == "text/tab-separated-values":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join(_nt(t) for t in row) for row in result.rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"no writer for {media_type}")


def _xml_solutions(result: Rows) -> Iterator[str]:
    yield '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
    yield "".join(f"<variable name={quoteattr(v)}/>" for v in result.variables)
    yield "</head><results>"
    for row in result.rows:
        yield "<result>"
        for v, t in zip(result.variables, row, strict=True):
            if t is not None:
                yield f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
        yield "</result>"
    yield "</results></sparql>\n"


def write_boolean(value: bool, media_type: str) -> bytes:
    if media_type == "application/sparql-results+json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if media_type == "application/sparql-results+xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    # CSV and TSV define no boolean form; the bare word, as Oxigraph and Jena write it.
    return b"true\n" if value else b"false\n"


def write_triples(triples: list[ox.Triple], media_type: str, prefixes: dict[str, str]) -> bytes:
    fmt = RDF_FORMATS[media_type]
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        return serialized(triples, fmt, prefixes=prefixes)
    return serialized(triples, fmt)
