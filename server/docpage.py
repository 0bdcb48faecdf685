"""A disclosure's page as a reader wants it: its tables as printed (title, unit, header, 序号 / 栏次,
codes, names, figures), in the document's order, each finding of `validate` marked at the cell or row
it is about, then the narrative and the annexes as tables; the RDF properties folded at the foot.

The cells come from the store (one query); the findings, the annex tables and the source file from the
document's dumps, written when it was loaded.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDF, SH

from budgetlod.report import rule_names
from budgetlod.resources import load_shapes
from budgetlod.server.describe import FULL_PREFIXES, term, text_of
from budgetlod.store.engine import Engine
from budgetlod.store.storedir import GraphEntry

TABLES = """SELECT ?table (SAMPLE(?t) AS ?title) (SAMPLE(?u) AS ?unit) (SAMPLE(?s) AS ?status)
  (MIN(?p) AS ?first) (MIN(?pos) AS ?listed) (GROUP_CONCAT(DISTINCT ?note; separator="\\n") AS ?notes) WHERE {
  $doc bud:hasTable ?table .
  OPTIONAL { ?table bud:printedTitle ?t1 } OPTIONAL { ?table bud:listedTitle ?t2 }
  BIND (COALESCE(?t1, ?t2) AS ?t)
  OPTIONAL { ?table bud:printedUnit ?u } OPTIONAL { ?table bud:status ?st }
  BIND (STRAFTER(STR(?st), "#") AS ?s)
  OPTIONAL { ?table bud:page ?p } OPTIONAL { ?table bud:listPosition ?pos } OPTIONAL { ?table bud:note ?note }
} GROUP BY ?table"""
GLOSSARY = """SELECT ?term ?definition WHERE {
  $doc bud:definesTerm ?t . ?t skos:prefLabel ?term ; skos:definition ?definition .
} ORDER BY ?term LIMIT 500"""
CELLS = """SELECT ?table ?row ?col ?text ?header ?page ?yuan WHERE {
  $doc bud:hasTable ?table .
  ?cell bud:inTable ?table ; bud:rowNumber ?row ; bud:columnNumber ?col ; bud:printedText ?text .
  OPTIONAL { ?cell bud:columnHeader ?header }
  OPTIONAL { ?cell bud:page ?page }
  OPTIONAL { ?line prov:wasDerivedFrom ?cell ; bud:amountYuan ?yuan }
}"""
#: The annex and narrative tables shown below the nine, from the document's CSV dumps: label, heading,
#: the columns shown (a dump's own header names) and which IRI segment a finding about a row names.
ANNEXES: tuple[tuple[str, str, tuple[str, ...], str | None], ...] = (
    ("csv-narrative", "说明中的数字 Figures stated in the narrative",
     ("kind", "key", "value", "unit", "text"), None),
    ("csv-indicators", "绩效目标 Performance targets",
     ("project", "level1", "level2", "level3", "description", "target_text"), None),
    ("csv-procurement", "政府采购 Procurement",
     ("row", "kind", "project", "item", "catalog_name", "quantity", "unit_price", "amount", "unit"),
     "procurement"),
    ("csv-assets", "资产 Fixed assets",
     ("row", "kind", "category", "count", "value", "unit", "as_of"), "asset"),
    ("csv-units", "机构设置 Units", ("name", "nature", "rank", "funding_form"), None),
)  # fmt: skip
FIGURE_COLUMNS = {"value", "amount", "unit_price", "quantity", "count", "project_budget"}
MAX_ANNEX_ROWS = 2000  # a page is for reading: beyond this the CSV dump is the way


@functools.cache
def rule_list() -> list[tuple[str, str, str, str]]:
    """(anchor, Chinese name, English name, severity) of every rule shipped in shapes/."""
    shapes = load_shapes()
    out = []
    for shape, (zh, en) in rule_names(shapes).items():
        if (URIRef(shape), RDF.type, SH.NodeShape) not in shapes:
            continue
        severity = str(shapes.value(URIRef(shape), SH.severity) or SH.Violation).rsplit("#", 1)[-1]
        out.append((shape.rsplit("#", 1)[-1], zh, en, severity))
    return sorted(out, key=lambda r: (r[3] != "Violation", r[0]))


def anchor(rel: str) -> str:
    """The HTML id of a resource's place on the page, from its IRI below the document's: a line
    and the cell it was read from share one (`table/x/line/4-3` → `at-table-x-cell-4-3`)."""
    return "at-" + re.sub(r"[^A-Za-z0-9]+", "-", rel.replace("/line/", "/cell/")).strip("-")


@dataclass
class Cell:
    text: str
    figure: bool
    yuan: str | None
    anchor: str
    findings: list[int] = field(default_factory=list)  # numbers of the findings about it


@dataclass
class Table:
    iri: str
    title: str
    unit: str
    status: str
    pages: list[int]
    notes: list[str]
    columns: list[tuple[int, str]]  # 栏次, header as printed
    rows: list[tuple[int, list[Cell | None]]]  # 序号, one cell per column
    anchor: str
    findings: list[int] = field(default_factory=list)


@dataclass
class Annex:
    heading: str
    columns: tuple[str, ...]
    rows: list[tuple[str, list[str], list[int]]]  # anchor, values, findings about the row
    figures: set[int]  # positions of figure columns
    more: int = 0  # rows left out (see the dump)


@dataclass
class DocumentView:
    tables: list[Table]
    annexes: list[Annex]
    findings: list[dict[str, object]]  # each with `n` (its number) and `anchor` (where it is shown)
    source: str | None  # the source PDF's path under /dumps/, for page links
    glossary: list[tuple[str, str]] = field(default_factory=list)


def _findings(entry: GraphEntry, dumps: Path) -> list[dict[str, object]]:
    rel = entry.dumps.get("findings-json")
    if not rel:
        return []
    try:
        data = json.loads((dumps / rel).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [f for f in data if isinstance(f, dict)] if isinstance(data, list) else []


def _csv_rows(dumps: Path, rel: str) -> list[dict[str, str]]:
    try:
        with (dumps / rel).open(encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))
    except OSError:
        return []


def document_view(engine: Engine, doc: str, entry: GraphEntry, dumps: Path) -> DocumentView:
    ref = term(doc)
    prefix = doc + "/"
    findings = _findings(entry, dumps)
    by_anchor: dict[str, list[int]] = {}
    for n, f in enumerate(findings, start=1):
        about = str(f.get("value") or f.get("focus") or "")
        f["n"] = n
        f["anchor"] = anchor(about[len(prefix) :]) if about.startswith(prefix) else "findings"
        by_anchor.setdefault(str(f["anchor"]), []).append(n)

    tables: dict[str, Table] = {}
    order: dict[str, tuple[float, float, str]] = {}
    for r in engine.select(FULL_PREFIXES + TABLES.replace("$doc", ref)).rows:
        iri = text_of(r[0])
        rel = iri[len(prefix) :]
        title = text_of(r[1]) or rel.rsplit("/", 1)[-1]
        first = float(text_of(r[4]) or 1e9)
        listed = float(text_of(r[5]) or 1e9)
        order[iri] = (listed, first, title)
        pages = [int(first)] if first < 1e9 else []
        notes = [n for n in text_of(r[6]).split("\n") if n]
        tables[iri] = Table(iri, title, text_of(r[2]), text_of(r[3]), pages, notes, [], [], anchor(rel))
        tables[iri].findings = by_anchor.get(anchor(rel), [])
    grid: dict[str, dict[int, dict[int, Cell]]] = {}
    headers: dict[str, dict[int, str]] = {}
    for r in engine.select(FULL_PREFIXES + CELLS.replace("$doc", ref)).rows:
        iri = text_of(r[0])
        if iri not in tables:
            continue
        row, col = int(text_of(r[1])), int(text_of(r[2]))
        rel = f"{iri[len(prefix) :]}/cell/{row}-{col}"
        yuan = text_of(r[6]) or None
        cell = Cell(text_of(r[3]), yuan is not None, yuan, anchor(rel), by_anchor.get(anchor(rel), []))
        grid.setdefault(iri, {}).setdefault(row, {})[col] = cell
        headers.setdefault(iri, {}).setdefault(col, text_of(r[4]).replace("/", " / "))
        page = text_of(r[5])
        if page and int(page) not in tables[iri].pages:
            tables[iri].pages.append(int(page))
    for iri, t in tables.items():
        cols = sorted(headers.get(iri, {}))
        t.columns = [(c, headers[iri][c]) for c in cols]
        t.rows = [(row, [cells.get(c) for c in cols]) for row, cells in sorted(grid.get(iri, {}).items())]
        t.pages.sort()

    annexes = []
    for label, heading, columns, segment in ANNEXES:
        rel = entry.dumps.get(label)
        if not rel:
            continue
        shown, printed = list(columns), _csv_rows(dumps, rel)
        if not printed:
            continue
        out = []
        for k, values in enumerate(printed[:MAX_ANNEX_ROWS], start=1):
            at = anchor(f"{segment}/{values.get('row', k)}") if segment else f"{label}-{k}"
            out.append((at, [values.get(c, "") for c in shown], by_anchor.get(at, [])))
        figures = {i for i, c in enumerate(shown) if c in FIGURE_COLUMNS}
        annexes.append(Annex(heading, tuple(shown), out, figures, max(0, len(printed) - MAX_ANNEX_ROWS)))
    source = next((rel for label, rel in entry.dumps.items() if label == "source-pdf"), None)
    ranked = sorted(tables.values(), key=lambda t: order[t.iri])
    glossary = [
        (text_of(r[0]), text_of(r[1]))
        for r in engine.select(FULL_PREFIXES + GLOSSARY.replace("$doc", ref)).rows
    ]
    return DocumentView(ranked, annexes, findings, source, glossary)
