"""A document's triples indexed for the three lookups its CSV exports and its loading make.

A build used to put each document into an rdflib Graph only to walk it for the exports: filling the
graph and counting it took a tenth of a worker's time, more than the walks. The exports take either
(`Lookups`): an rdflib Graph (`budgetlod export KIND FILE.ttl`) or this index (a build).
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from typing import Protocol

from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class Lookups(Protocol):
    """What the exports ask of a graph (an rdflib Graph answers it too)."""

    def objects(self, subject: Node, predicate: Node, /) -> Iterator[Node]: ...

    def subjects(self, predicate: Node, object: Node, /) -> Iterator[Node]: ...

    def subject_objects(self, predicate: Node, /) -> Iterator[tuple[Node, Node]]: ...


class TripleIndex:
    """A set of triples by subject and property, and by property; read-only.

    By (property, value) only on demand, per property: it hashes the values, and rdflib literals hash
    slowly; the exports ask it of rdf:type alone.
    """

    def __init__(self, triples: Set[Triple]) -> None:  # a set: no triple indexed twice
        self._triples = triples
        self._sp: dict[Node, dict[Node, list[Node]]] = {}
        self._p: dict[Node, list[tuple[Node, Node]]] = {}
        self._po: dict[Node, dict[Node, list[Node]]] = {}
        for s, p, o in triples:
            props = self._sp.get(s)
            if props is None:
                props = self._sp[s] = {}
            values = props.get(p)
            if values is None:
                props[p] = [o]
            else:
                values.append(o)
            pairs = self._p.get(p)
            if pairs is None:
                self._p[p] = [(s, o)]
            else:
                pairs.append((s, o))

    def __len__(self) -> int:
        return len(self._triples)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def objects(self, subject: Node, predicate: Node, /) -> Iterator[Node]:
        return iter(self._sp.get(subject, {}).get(predicate, ()))

    def subjects(self, predicate: Node, object: Node, /) -> Iterator[Node]:
        by_value = self._po.get(predicate)
        if by_value is None:
            by_value = self._po[predicate] = {}
            for s, o in self._p.get(predicate, ()):
                by_value.setdefault(o, []).append(s)
        return iter(by_value.get(object, ()))

    def subject_objects(self, predicate: Node, /) -> Iterator[tuple[Node, Node]]:
        return iter(self._p.get(predicate, ()))
