"""rdflib terms as pyoxigraph terms: the one bridge between the two libraries."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from budgetlod.namespaces import TURTLE_PREFIXES


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    kind = type(term)
    if kind is URIRef:
        return ox.NamedNode(term)  # type: ignore[arg-type]  # a str
    if kind is BNode:
        return ox.BlankNode(term)  # type: ignore[arg-type]  # a str
    if isinstance(term, URIRef):  # a subclass
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


Graphed = ox.NamedNode | ox.DefaultGraph


def to_quads(triples: Iterable[tuple[Node, Node, Node]], graph: Graphed | None = None) -> list[ox.Quad]:
    """Quads in `graph` (the default graph when None).

    Terms are converted once each, remembered by identity: the same rdflib term object recurs
    (predicates, classes, a line's subject), and rdflib terms hash slowly.
    """
    g: Graphed = graph or ox.DefaultGraph()
    seen: dict[int, ox.NamedNode | ox.BlankNode | ox.Literal] = {}
    keep = list(triples)  # alive until the end, so no id is reused for another term
    out = []
    for s, p, o in keep:
        a = seen.get(id(s))
        if a is None:
            a = seen[id(s)] = to_oxigraph(s)
        b = seen.get(id(p))
        if b is None:
            b = seen[id(p)] = to_oxigraph(p)
        c = seen.get(id(o))
        if c is None:
            c = seen[id(o)] = to_oxigraph(o)
        out.append(ox.Quad(a, b, c, g))  # type: ignore[arg-type]
    return out


def serialized(items: Iterable[ox.Triple] | Iterable[ox.Quad], fmt: ox.RdfFormat, **options: object) -> bytes:
    """pyoxigraph's serialisation as bytes (it returns None only when given a file to write to)."""
    data = ox.serialize(items, format=fmt, **options)  # type: ignore[arg-type]
    assert data is not None
    return data


#: rdf:type as a line's predicate, and what stands for it while the lines are sorted: a byte below
#: any a term's N-Triples form holds (NUL is escaped there), so a subject's types come first.
_TYPE = f" <{RDF.type}> ".encode()
_TYPE_FIRST = b" \x00 "


def turtle(triples: Iterable[ox.Triple]) -> bytes:
    """The one Turtle writer: triples sorted (subject, rdf:type first, predicate, object) and each
    written once, so a document's graph is the same bytes wherever it is written (`extract -o`, the
    dumps).

    Sorted as N-Triples lines rather than as terms: a term's N-Triples form is its str(), and the
    space that ends it sorts below any byte a term holds (controls are escaped), so the lines sort
    as their terms do, as plain bytes (a literal that spells " <rdf:type> " keeps its bytes; only its
    place among its subject's values of one property may differ). The triples are put in their
    lines' order, each once (equal lines, equal triples).
    """
    items = list(triples)
    # one line per triple, in their order (N-Triples escapes newlines in literals)
    lines = serialized(items, ox.RdfFormat.N_TRIPLES).replace(_TYPE, _TYPE_FIRST).splitlines()
    assert len(lines) == len(items)
    order = sorted(range(len(items)), key=lines.__getitem__)
    kept = [items[i] for k, i in enumerate(order) if k == 0 or lines[i] != lines[order[k - 1]]]
    return serialized(kept, ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)
