"""Links that make documents comparable: the department's region (GB/T 2260 chain up to the
province) and type, and one concept per classification code across edition years."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Literal, URIRef
from rdflib.term import Node

from budgetlod import divisions
from budgetlod.depttypes import department_type
from budgetlod.extract.iris import Minter
from budgetlod.extract.model import Metadata
from budgetlod.namespaces import BUD, DCTERMS, ORG, RDF, SKOS

Add = Callable[[Node, Node, Node], None]


def region_code(meta: Metadata) -> str | None:
    """The GB/T 2260 code of the region the document prints, or None where it names none or several."""
    return divisions.resolve(meta.region) if meta.region else None


def link_department(add: Add, mint: Minter, department: URIRef, meta: Metadata) -> None:
    """bud:region (the deepest division the printed region names) and org:classification."""
    code = region_code(meta)
    names: list[str] = []
    if code:
        regions = mint.regions()
        add(regions, RDF.type, SKOS.ConceptScheme)
        add(regions, SKOS.prefLabel, Literal("中华人民共和国行政区划（GB/T 2260）", lang="zh"))
        add(regions, DCTERMS.source, URIRef(divisions.SOURCE))
        above: URIRef | None = None
        for c, name in divisions.chain(code):
            node = mint.region(c)
            add(node, RDF.type, BUD.AdministrativeDivision)
            add(node, SKOS.notation, Literal(c))
            add(node, SKOS.prefLabel, Literal(name, lang="zh"))
            add(node, SKOS.inScheme, regions)
            if above is not None:
                add(node, SKOS.broader, above)
            else:
                add(regions, SKOS.hasTopConcept, node)
            above = node
            names.append(name)
        add(department, BUD.region, mint.region(code))
    kind = department_type(meta.department, meta.region, ["".join(names), *names])
    if kind:
        node = mint.department_type(kind)
        add(node, RDF.type, BUD.DepartmentType)
        add(node, SKOS.prefLabel, Literal(kind, lang="zh"))
        add(node, SKOS.inScheme, mint.department_types())
        add(mint.department_types(), RDF.type, SKOS.ConceptScheme)
        add(department, ORG.classification, node)


def link_code(add: Add, mint: Minter, kind: str, code: str, edition: URIRef) -> None:
    """The edition's concept is skos:exactMatch the one concept of its code across years."""
    shared, scheme = mint.shared_code(kind, code), mint.shared_scheme(kind)
    add(scheme, RDF.type, SKOS.ConceptScheme)
    add(shared, RDF.type, SKOS.Concept)
    add(shared, SKOS.notation, Literal(code))
    add(shared, SKOS.inScheme, scheme)
    add(edition, SKOS.exactMatch, shared)
    if len(code) > 3:
        add(shared, SKOS.broader, mint.shared_code(kind, code[:-2]))
    else:
        add(scheme, SKOS.hasTopConcept, shared)
