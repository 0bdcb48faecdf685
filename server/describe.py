"""What a resource page shows: its triples both ways and, by its type, where its figures come from.

Queries name the resource through a validated IRI term (pyoxigraph's own IRI check and N-Triples
form), never by pasting the request path into query text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from budgetlod.namespaces import BUD, DCTERMS, RDF, RDFS, SKOS, prologue
from budgetlod.store.engine import Engine
from budgetlod.store.examples import PREFIXES
from budgetlod.store.results import Rows

LABELS = tuple(str(t) for t in (SKOS.prefLabel, DCTERMS.title, RDFS.label, BUD.itemLabel, BUD.printedTitle,
                                  SKOS.notation))  # fmt: skip
RDF_TYPE = str(RDF.type)
INCOMING_LIMIT = 300


def text_of(t: object) -> str:
    """A term of a result row as text: an IRI, a literal's lexical form; "" where unbound."""
    return t.value if isinstance(t, (ox.Literal, ox.NamedNode)) else ""


def term(iri: str) -> str:
    """`<iri>` for query text; raises ValueError for anything that is not a valid IRI."""
    return str(ox.NamedNode(iri))


@dataclass
class Description:
    iri: str
    out: list[tuple[ox.NamedNode, object]]
    incoming: list[tuple[object, ox.NamedNode]]
    types: list[str] = field(default_factory=list)
    sections: dict[str, Rows] = field(default_factory=dict)

    @property
    def label(self) -> str:
        for p in LABELS:
            for pred, o in self.out:
                if pred.value == p and isinstance(o, ox.Literal):
                    return o.value
        return self.iri.rsplit("/", 1)[-1]


SECTIONS = {
    BUD + "BudgetLine": (
        "source",
        """SELECT ?document ?document_title ?table ?table_title ?page ?row ?col ?printed WHERE {
  $r prov:wasDerivedFrom ?cell ; qb:dataSet ?document .
  ?document dct:title ?document_title .
  ?cell bud:inTable ?table ; bud:rowNumber ?row ; bud:columnNumber ?col ; bud:printedText ?printed .
  OPTIONAL { ?cell bud:page ?page }
  OPTIONAL { ?table bud:printedTitle ?table_title }
}""",
    ),
    BUD + "Department": (
        "lines",
        """SELECT ?document ?code ?name ?amount ?unit ?yuan ?line WHERE {
  ?line a bud:BudgetLine ; bud:department $r ;
        bud:tableKind bud:table-expenditure-summary ; bud:column bud:col-total ;
        bud:functionalClassification/skos:notation ?code ; bud:itemLabel ?name ;
        bud:amount ?amount ; bud:printedUnit ?unit ; bud:amountYuan ?yuan ;
        qb:dataSet/dct:title ?document .
} ORDER BY ?document ?code""",
    ),
    BUD + "ClassificationCode": (
        "lines",
        """SELECT ?department ?document ?table ?column ?amount ?unit ?yuan ?line WHERE {
  ?line bud:classification $r ; bud:amount ?amount ; bud:printedUnit ?unit ; bud:amountYuan ?yuan ;
        bud:column/skos:notation ?column ; bud:tableKind/skos:notation ?table ;
        qb:dataSet/dct:title ?document ; bud:department/skos:prefLabel ?department .
} ORDER BY ?department ?document ?table ?column""",
    ),
}
FULL_PREFIXES = PREFIXES + prologue("prov")


def describe(engine: Engine, iri: str) -> Description | None:
    """The resource's description, or None when the store says nothing about it."""
    ref = term(iri)
    out = engine.select(f"SELECT ?p ?o WHERE {{ {ref} ?p ?o }} ORDER BY ?p ?o")
    inc = engine.select(f"SELECT ?s ?p WHERE {{ ?s ?p {ref} }} ORDER BY ?p ?s LIMIT {INCOMING_LIMIT}")
    if not out.rows and not inc.rows:
        return None
    d = Description(iri, [(r[0], r[1]) for r in out.rows], [(r[0], r[1]) for r in inc.rows])  # type: ignore[misc]
    d.types = [o.value for p, o in d.out if p.value == RDF_TYPE and isinstance(o, ox.NamedNode)]
    for t in d.types:
        if t in SECTIONS:
            name, query = SECTIONS[t]
            d.sections[name] = engine.select(FULL_PREFIXES + query.replace("$r", ref))
    return d


def triples(d: Description) -> list[ox.Triple]:
    return [ox.Triple(ox.NamedNode(d.iri), p, o) for p, o in d.out]  # type: ignore[arg-type]
