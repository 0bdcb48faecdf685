"""The one place that loads the ontology and the shapes shipped inside the package."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from rdflib import Graph

from budgetlod.premises import expand


def resource_text(name: str) -> str:
    """A file of ontology/ as shipped in the package (never read relative to the working directory)."""
    return files("budgetlod.ontology").joinpath(name).read_text(encoding="utf-8")


def ontology_text() -> str:
    return resource_text("budget.ttl")


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return Graph().parse(data=ontology_text(), format="turtle")


def load_ontology() -> Graph:
    """A fresh copy of the budget ontology graph."""
    g = Graph()
    for t in _ontology():
        g.add(t)
    return g


def shape_files() -> list[str]:
    """Names of the SHACL shape files shipped in the package, sorted."""
    return sorted(p.name for p in files("budgetlod.shapes").iterdir() if p.name.endswith(".ttl"))


def load_shapes(explain: bool = False) -> Graph:
    """All shipped SHACL shapes in one graph, their premises put in (budgetlod/premises.py); with
    `explain`, the Info shapes that report each rule a failed premise silenced."""
    g = Graph()
    g += shipped_shapes(explain)
    return g


@lru_cache(maxsize=2)
def shipped_shapes(explain: bool = False) -> Graph:
    """The shapes of load_shapes, parsed once per process: read only (a build validates thousands of
    documents in one worker, and parsing the shapes took a tenth of each one's validation)."""
    g = Graph()
    for name in shape_files():
        g.parse(data=files("budgetlod.shapes").joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return expand(g, explain)
