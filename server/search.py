"""Search by name: departments, regions, codes (by number or name) and glossary terms, by substring.

The words searched for go into the query as one literal made by pyoxigraph (quoted and escaped by
it), never pasted as text; their length and the number of hits are bounded.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from budgetlod.server.describe import FULL_PREFIXES
from budgetlod.store.engine import Engine

MAX_WORDS = 50  # characters searched for
MAX_HITS = 50  # per kind

KINDS = {
    "department": ("部门 Departments", "?s a bud:Department ; skos:prefLabel ?label ."),
    "region": ("地区 Regions", "?s a bud:AdministrativeDivision ; skos:prefLabel ?label ."),
    "code": (
        "科目 Codes",
        "?e a bud:ClassificationCode ; skos:notation ?n ; skos:exactMatch ?s . "
        'OPTIONAL { ?e bud:printedLabel ?pl } BIND (CONCAT(?n, " ", COALESCE(STR(?pl), "")) AS ?label)',
    ),
    "term": (
        "名词 Glossary terms",
        "?s a skos:Concept ; skos:prefLabel ?label ; skos:definition ?definition .",
    ),
}


@dataclass
class Hits:
    kind: str
    heading: str
    rows: list[tuple[str, str]]  # IRI, label
    more: bool = False


def search(engine: Engine, words: str) -> list[Hits]:
    """What matches `words` (already bounded), grouped by kind; kinds with no hit left out."""
    needle = str(ox.Literal(words))
    out = []
    for kind, (heading, pattern) in KINDS.items():
        query = (
            f"{FULL_PREFIXES}SELECT DISTINCT ?s ?label WHERE {{ {pattern} "
            f"FILTER (CONTAINS(LCASE(STR(?label)), LCASE({needle}))) }} ORDER BY STRLEN(STR(?label)) ?label "
            f"LIMIT {MAX_HITS + 1}"
        )
        rows = [(r[0].value, r[1].value) for r in engine.select(query).rows]  # type: ignore[union-attr]
        if rows:
            out.append(Hits(kind, heading, rows[:MAX_HITS], len(rows) > MAX_HITS))
    return out
