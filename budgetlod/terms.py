"""rdflib terms as pyoxigraph terms: the one bridge between the two libraries."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from budgetlod.namespaces import TURTLE_PREFIXES


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


def to_quads(
    triples: Iterable[tuple[Node, Node, Node]], graph: ox.NamedNode | ox.DefaultGraph | None = None
) -> list[ox.Quad]:
    """Quads in `graph` (the default graph when None)."""
    g = graph or ox.DefaultGraph()
    seen: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}  # predicates and classes repeat

    def term(t: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        got = seen.get(t)
        if got is None:
            got = seen[t] = to_oxigraph(t)
        return got

    return [ox.Quad(term(s), term(p), term(o), g) for s, p, o in triples]  # type: ignore[arg-type]


def serialized(items: Iterable[ox.Triple] | Iterable[ox.Quad], fmt: ox.RdfFormat, **options: object) -> bytes:
    """pyoxigraph's serialisation as bytes (it returns None only when given a file to write to)."""
    data = ox.serialize(items, format=fmt, **options)  # type: ignore[arg-type]
    assert data is not None
    return data


_RDF_TYPE = ox.NamedNode(str(RDF.type))


def turtle(triples: Iterable[ox.Triple]) -> bytes:
    """The one Turtle writer: triples sorted (subject, rdf:type first, predicate, object) and each
    written once, so a document's graph is the same bytes wherever it is written (`extract -o`, the
    dumps)."""
    ordered = sorted(
        set(triples),
        key=lambda t: (str(t.subject), t.predicate != _RDF_TYPE, str(t.predicate), str(t.object)),
    )
    return serialized(ordered, ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)
