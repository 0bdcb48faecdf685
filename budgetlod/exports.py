"""CSV views of a graph, each written from the graph alone.

Each export is stated as a SPARQL query (the `*_QUERY` constants: what a row is) and made by walking
the graph, which says the same row for row (tests/test_exports_walk.py) in a tenth of the time of
rdflib's SPARQL evaluator — the exports were the slowest part of a build."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import TextIO

from rdflib import URIRef
from rdflib.term import Node

from budgetlod.csvout import write_csv
from budgetlod.namespaces import BUD, ORG, PROV, QB, RDF, SKOS
from budgetlod.namespaces import prologue as _prologue
from budgetlod.tripleindex import Lookups

CELLS_QUERY = f"""
{_prologue("bud")}
SELECT ?title ?row ?col ?text ?page ?tpage ?tline WHERE {{
  ?cell a bud:Cell ; bud:inTable ?table ; bud:rowNumber ?row ; bud:columnNumber ?col ;
        bud:printedText ?text .
  ?table bud:printedTitle ?title .
  OPTIONAL {{ ?cell bud:page ?page }}
  OPTIONAL {{ ?table bud:page ?tpage }}
  OPTIONAL {{ ?table bud:sourceLine ?tline }}
}}
"""

# what each export writes: its header and the function that makes the rows
CELLS_HEADER = ("table", "row", "col", "value", "page")


def _values(graph: Lookups, node: Node, prop: URIRef) -> list[Node]:
    return list(graph.objects(node, prop))


def _one(graph: Lookups, node: Node, prop: URIRef) -> Node | None:
    return next(graph.objects(node, prop), None)


def _star(
    graph: Lookups, node: Node, required: dict[str, URIRef], optional: dict[str, URIRef] | None = None
) -> Iterator[dict[str, Node | None]]:
    """The solutions of a star pattern on `node`, as SPARQL gives them: every combination of the
    values of its required properties (none when one has no value) and of its OPTIONAL ones."""
    choices: list[list[tuple[str, Node | None]]] = []
    for name, prop in required.items():
        values: list[tuple[str, Node | None]] = [(name, v) for v in graph.objects(node, prop)]
        if not values:
            return
        choices.append(values)
    for name, prop in (optional or {}).items():
        choices.append([(name, v) for v in graph.objects(node, prop)] or [(name, None)])
    for combination in itertools.product(*choices):
        yield dict(combination)


def _kinds(graph: Lookups, node: Node, allowed: tuple[URIRef, ...]) -> list[URIRef]:
    return [k for k in graph.objects(node, RDF.type) if k in allowed]  # type: ignore[misc]


def _table_anchor(graph: Lookups, table: Node, lines: bool = True) -> int | None:
    """Where a table starts, to put tables in document order: its first page, else (with `lines`)
    its first line."""
    pages = [int(p) for p in _values(graph, table, BUD.page)]  # type: ignore[call-overload]
    numbers = [int(n) for n in _values(graph, table, BUD.sourceLine)] if lines else []  # type: ignore[call-overload]
    return min(pages) if pages else (min(numbers) if numbers else None)


def _remembered(anchors: dict[Node, int | None], graph: Lookups, table: Node, lines: bool) -> int | None:
    """A table's anchor, found once: a table has hundreds of cells and lines."""
    if table not in anchors:
        anchors[table] = _table_anchor(graph, table, lines)
    return anchors[table]


def cells_rows(graph: Lookups) -> list[tuple[str, int, int, str, str]]:
    """One row per printed figure or label of the nine tables, in document order.

    Walked in the graph rather than queried: rdflib's SPARQL evaluator made this and the lines the
    slowest part of a build (CELLS_QUERY says the same in SPARQL)."""
    first: dict[str, int] = {}
    anchors: dict[Node, int | None] = {}
    rows: set[tuple[str, int, int, str, str]] = set()
    for cell in graph.subjects(RDF.type, BUD.Cell):
        table, row, col, text = (_one(graph, cell, p) for p in (BUD.inTable, BUD.rowNumber, BUD.columnNumber,
                                                                 BUD.printedText))  # fmt: skip
        title = _one(graph, table, BUD.printedTitle) if table is not None else None
        if title is None or row is None or col is None or text is None:
            continue
        anchor = _remembered(anchors, graph, table, lines=True)  # type: ignore[arg-type]
        if anchor is not None:
            first[str(title)] = min(first.get(str(title), 1 << 30), anchor)
        pages: list[Node | None] = [*_values(graph, cell, BUD.page)] or [None]
        for page in pages:
            printed = "" if page is None else str(int(page))  # type: ignore[call-overload]
            rows.add((str(title), int(row), int(col), str(text), printed))  # type: ignore[call-overload]
    return sorted(rows, key=lambda r: (first.get(r[0], 1 << 30), r[0], r[1], r[2]))


INDICATORS_QUERY = f"""
{_prologue("bud", "rdfs")}
SELECT ?doc ?project ?l1 ?l2 ?l3 ?desc ?text ?cmp ?number ?unit ?basis ?line ?n ?k WHERE {{
  ?doc bud:hasTarget ?target . ?target bud:printedLabel ?project ; bud:hasIndicator ?ind .
  ?ind bud:indicatorLevel1 ?l1 ; bud:indicatorLevel2 ?l2 ; bud:indicatorLevel3 ?l3 ;
       bud:indicatorDescription ?desc ; bud:targetText ?text ; bud:targetBasis ?basis .
  OPTIONAL {{ ?ind bud:comparator ?cmpIri . BIND (STRAFTER(STR(?cmpIri), "#") AS ?cmp) }}
  OPTIONAL {{ ?ind bud:targetNumber ?number }}
  OPTIONAL {{ ?ind bud:targetUnit ?unit }}
  OPTIONAL {{ ?ind bud:sourceLine ?line }}
  ?target bud:order ?n . ?ind bud:order ?k .
}}
"""
INDICATORS_HEADER = (
    "document", "project", "level1", "level2", "level3", "description",
    "target_text", "comparator", "number", "unit", "basis", "source_line",
)  # fmt: skip


COMPARATOR_SYMBOLS = {"AtLeast": ">=", "AtMost": "<=", "MoreThan": ">", "LessThan": "<", "EqualTo": "="}


def _text(value: object) -> str:
    return "" if value is None else str(value)


def indicators_rows(graph: Lookups) -> list[tuple[str, ...]]:
    """One row per performance indicator, in document order (target table, then row)."""
    rows = []
    for doc, target in graph.subject_objects(BUD.hasTarget):
        for t in _star(graph, target, {"project": BUD.printedLabel, "ind": BUD.hasIndicator, "n": BUD.order}):
            ind = t["ind"]
            for b in _star(
                graph, ind,  # type: ignore[arg-type]
                {"l1": BUD.indicatorLevel1, "l2": BUD.indicatorLevel2, "l3": BUD.indicatorLevel3,
                 "desc": BUD.indicatorDescription, "text": BUD.targetText, "basis": BUD.targetBasis,
                 "k": BUD.order},
                {"cmp": BUD.comparator, "number": BUD.targetNumber, "unit": BUD.targetUnit,
                 "line": BUD.sourceLine},
            ):  # fmt: skip
                key = (str(doc), int(t["n"]), int(b["k"]))  # type: ignore[call-overload]
                name = str(b["cmp"]).partition("#")[2] if b["cmp"] is not None else ""
                cmp = COMPARATOR_SYMBOLS.get(name, "")
                values = (doc, t["project"], b["l1"], b["l2"], b["l3"], b["desc"], b["text"], cmp,
                          b["number"], b["unit"], b["basis"], b["line"])  # fmt: skip
                rows.append((key, tuple(_text(v) for v in values)))
    return [r for _, r in sorted(rows)]


PROCUREMENT_QUERY = f"""
{_prologue("bud", "rdfs")}
SELECT ?doc ?n ?kind ?label ?budget ?item ?code ?cname ?qunit ?q ?price ?amount ?unit ?sme ?line WHERE {{
  ?doc bud:hasProcurement ?row .
  ?row a ?kind ; bud:printedLabel ?label ; bud:printedUnit ?unit ; bud:order ?n .
  FILTER (?kind IN (bud:ProcurementItem, bud:ProcurementTotal))
  OPTIONAL {{ ?row bud:project/bud:projectBudget ?budget }}
  OPTIONAL {{ ?row bud:itemName ?item }} OPTIONAL {{ ?row bud:catalogCode ?code }}
  OPTIONAL {{ ?row bud:catalogName ?cname }} OPTIONAL {{ ?row bud:quantityUnit ?qunit }}
  OPTIONAL {{ ?row bud:quantity ?q }} OPTIONAL {{ ?row bud:unitPrice ?price }}
  OPTIONAL {{ ?row bud:amount ?amount }} OPTIONAL {{ ?row bud:smeShare ?sme }}
  OPTIONAL {{ ?row bud:sourceLine ?line }}
}}
"""
PROCUREMENT_HEADER = (
    "document", "row", "kind", "project", "project_budget", "item", "catalog_code", "catalog_name",
    "quantity_unit", "quantity", "unit_price", "amount", "unit", "sme_share", "source_line",
)  # fmt: skip

ASSETS_QUERY = f"""
{_prologue("bud")}
SELECT ?doc ?n ?kind ?label ?level ?count ?value ?unit ?asof ?line WHERE {{
  ?doc bud:hasAsset ?row .
  ?row a ?kind ; bud:printedLabel ?label ; bud:rowLevel ?level ; bud:printedUnit ?unit ; bud:order ?n .
  FILTER (?kind IN (bud:AssetTotal, bud:AssetCategory))
  OPTIONAL {{ ?row bud:assetCount ?count }} OPTIONAL {{ ?row bud:amount ?value }}
  OPTIONAL {{ ?row bud:asOf ?asof }} OPTIONAL {{ ?row bud:sourceLine ?line }}
}}
"""
ASSETS_HEADER = (
    "document",
    "row",
    "kind",
    "category",
    "level",
    "count",
    "value",
    "unit",
    "as_of",
    "source_line",
)


_PROCUREMENT_KINDS = (BUD.ProcurementItem, BUD.ProcurementTotal)
_ASSET_KINDS = (BUD.AssetTotal, BUD.AssetCategory)


def procurement_rows(graph: Lookups) -> list[tuple[str, ...]]:
    """One row per line of the procurement table: purchases and their 合计 / 小计, in order."""
    rows = []
    for doc, row in graph.subject_objects(BUD.hasProcurement):
        # the path bud:project/bud:projectBudget, OPTIONAL: each budget it leads to, else none
        budgets: list[Node | None] = [
            b for p in graph.objects(row, BUD.project) for b in graph.objects(p, BUD.projectBudget)
        ]
        for kind in _kinds(graph, row, _PROCUREMENT_KINDS):
            for b in _star(
                graph, row, {"label": BUD.printedLabel, "unit": BUD.printedUnit, "n": BUD.order},
                {"item": BUD.itemName, "code": BUD.catalogCode, "cname": BUD.catalogName,
                 "qunit": BUD.quantityUnit, "q": BUD.quantity, "price": BUD.unitPrice, "amount": BUD.amount,
                 "sme": BUD.smeShare, "line": BUD.sourceLine},
            ):  # fmt: skip
                for budget in budgets or [None]:
                    values = (doc, b["n"], "total" if kind.endswith("Total") else "item", b["label"], budget,
                              b["item"], b["code"], b["cname"], b["qunit"], b["q"], b["price"], b["amount"],
                              b["unit"], b["sme"], b["line"])  # fmt: skip
                    rows.append(((str(doc), int(b["n"])), tuple(_text(v) for v in values)))  # type: ignore[call-overload]
    return [r for _, r in sorted(rows)]


def assets_rows(graph: Lookups) -> list[tuple[str, ...]]:
    """One row per line of the fixed-asset table, the total first."""
    rows = []
    for doc, row in graph.subject_objects(BUD.hasAsset):
        for kind in _kinds(graph, row, _ASSET_KINDS):
            for b in _star(
                graph, row,
                {"label": BUD.printedLabel, "level": BUD.rowLevel, "unit": BUD.printedUnit, "n": BUD.order},
                {"count": BUD.assetCount, "value": BUD.amount, "asof": BUD.asOf, "line": BUD.sourceLine},
            ):  # fmt: skip
                values = (doc, b["n"], "total" if kind.endswith("Total") else "category", b["label"],
                          b["level"], b["count"], b["value"], b["unit"], b["asof"], b["line"])  # fmt: skip
                rows.append(((str(doc), int(b["n"])), tuple(_text(v) for v in values)))  # type: ignore[call-overload]
    return [r for _, r in sorted(rows)]


UNITS_QUERY = f"""
{_prologue("bud", "skos", "org")}
SELECT ?doc ?unit ?name ?nature ?rank ?funding ?parent WHERE {{
  ?doc bud:listsUnit ?unit . ?unit skos:prefLabel ?name .
  OPTIONAL {{ ?unit bud:unitNature ?nature }} OPTIONAL {{ ?unit bud:unitRank ?rank }}
  OPTIONAL {{ ?unit bud:fundingForm ?funding }} OPTIONAL {{ ?unit org:subOrganizationOf ?parent }}
}}
"""
UNITS_HEADER = ("document", "unit", "name", "nature", "rank", "funding_form", "parent")


def units_rows(graph: Lookups) -> list[tuple[str, ...]]:
    """One row per unit of the department (机构设置), with its nature, rank and funding form."""
    rows = {
        tuple(_text(v) for v in (doc, unit, b["name"], b["nature"], b["rank"], b["funding"], b["parent"]))
        for doc, unit in graph.subject_objects(BUD.listsUnit)
        for b in _star(
            graph,
            unit,
            {"name": SKOS.prefLabel},
            {
                "nature": BUD.unitNature,
                "rank": BUD.unitRank,
                "funding": BUD.fundingForm,
                "parent": ORG.subOrganizationOf,
            },
        )
    }
    return sorted(rows, key=lambda r: (r[0], r[6] != "", r[2]))


LINES_QUERY = f"""
{_prologue("bud", "skos", "prov", "qb")}
SELECT ?doc ?title ?row ?col ?code ?label ?column ?amount ?unit ?yuan ?page ?tpage WHERE {{
  ?line a bud:BudgetLine ; qb:dataSet ?doc ; bud:column ?c ; bud:amount ?amount ; bud:printedUnit ?unit ;
        bud:amountYuan ?yuan ; prov:wasDerivedFrom ?cell .
  ?cell bud:rowNumber ?row ; bud:columnNumber ?col ; bud:inTable ?t . ?t bud:printedTitle ?title .
  OPTIONAL {{ ?t bud:page ?tpage }}
  BIND (STRAFTER(STR(?c), "#col-") AS ?column)
  OPTIONAL {{ ?line bud:classification/skos:notation ?code }}
  OPTIONAL {{ ?line bud:itemLabel ?label }}
  OPTIONAL {{ ?cell bud:page ?page }}
}}
"""
LINES_HEADER = (
    "document", "table", "row", "col", "code", "name", "column", "amount", "unit", "amount_yuan", "page",
)  # fmt: skip


def lines_rows(graph: Lookups) -> list[tuple[str, ...]]:
    """One row per budget line (printed figure): its table, place, code, name, column and amounts.

    Walked in the graph, as the cells are (LINES_QUERY says the same in SPARQL)."""
    first: dict[str, int] = {}
    anchors: dict[Node, int | None] = {}
    rows = {}
    for line in graph.subjects(RDF.type, BUD.BudgetLine):
        doc, c, amount, unit, yuan, cell = (
            _one(graph, line, p)
            for p in (
                QB.dataSet,
                BUD.column,
                BUD.amount,
                BUD.printedUnit,
                BUD.amountYuan,
                PROV.wasDerivedFrom,
            )
        )
        if None in (doc, c, amount, unit, yuan, cell):
            continue
        row, col, table = (_one(graph, cell, p) for p in (BUD.rowNumber, BUD.columnNumber, BUD.inTable))  # type: ignore[arg-type]
        title = _one(graph, table, BUD.printedTitle) if table is not None else None
        if row is None or col is None or title is None:
            continue
        anchor = _remembered(anchors, graph, table, lines=False)  # type: ignore[arg-type]
        if anchor is not None:
            first[str(title)] = min(first.get(str(title), 1 << 30), anchor)
        column = str(c).split("#col-", 1)[1] if "#col-" in str(c) else ""
        classification = _one(graph, line, BUD.classification)
        code = _one(graph, classification, SKOS.notation) if classification is not None else None
        label, page = _one(graph, line, BUD.itemLabel), _one(graph, cell, BUD.page)  # type: ignore[arg-type]
        values = (doc, title, row, col, code, label, column, amount, unit, yuan, page)
        rows[(str(doc), str(title), int(row), int(col))] = tuple(_text(v) for v in values)  # type: ignore[call-overload]
    return [rows[k] for k in sorted(rows, key=lambda k: (k[0], first.get(k[1], 0), k[1], k[2], k[3]))]


NARRATIVE_QUERY = f"""
{_prologue("bud", "skos", "rdf")}
SELECT ?doc ?kind ?key ?value ?unit ?text ?line WHERE {{
  {{ ?doc bud:statesDuty ?n . ?n bud:order ?key ; rdf:value ?text . BIND ("duty" AS ?kind) }}
  UNION {{ ?doc bud:definesTerm ?n . ?n skos:prefLabel ?key ; skos:definition ?text .
           BIND ("term" AS ?kind) }}
  UNION {{ ?doc bud:states ?n . ?n bud:statementKind ?key ; bud:amount ?value ; bud:printedUnit ?unit ;
                bud:sentence ?text . BIND ("figure" AS ?kind) OPTIONAL {{ ?n bud:sourceLine ?line }} }}
}}
"""
NARRATIVE_HEADER = ("document", "kind", "key", "value", "unit", "text", "source_line")
_KIND_ORDER = {"duty": 0, "figure": 1, "term": 2}


def narrative_rows(graph: Lookups) -> list[tuple[str, ...]]:
    """What the prose says: duties (numbered), figures stated with their sentence, glossary terms."""
    found: list[tuple[Node, str, Node | None, Node | None, Node | None, Node | None, Node | None]] = []
    for doc, n in graph.subject_objects(BUD.statesDuty):
        for b in _star(graph, n, {"key": BUD.order, "text": RDF.value}):
            found.append((doc, "duty", b["key"], None, None, b["text"], None))
    for doc, n in graph.subject_objects(BUD.definesTerm):
        for b in _star(graph, n, {"key": SKOS.prefLabel, "text": SKOS.definition}):
            found.append((doc, "term", b["key"], None, None, b["text"], None))
    for doc, n in graph.subject_objects(BUD.states):
        required = {
            "key": BUD.statementKind,
            "value": BUD.amount,
            "unit": BUD.printedUnit,
            "text": BUD.sentence,
        }
        for b in _star(graph, n, required, {"line": BUD.sourceLine}):
            found.append((doc, "figure", b["key"], b["value"], b["unit"], b["text"], b["line"]))
    rows = []
    for doc, kind, *rest in found:
        values = (_text(doc), kind, *(_text(v) for v in rest))
        order = int(values[2]) if kind == "duty" else 0
        rows.append(((values[0], _KIND_ORDER[kind], order, values[6], values[2]), values))
    return [r for _, r in sorted(rows)]


EXPORTS: dict[str, tuple[tuple[str, ...], Callable[[Lookups], list[tuple[object, ...]]]]] = {
    "cells": (CELLS_HEADER, cells_rows),  # type: ignore[dict-item]
    "lines": (LINES_HEADER, lines_rows),  # type: ignore[dict-item]
    "indicators": (INDICATORS_HEADER, indicators_rows),  # type: ignore[dict-item]
    "procurement": (PROCUREMENT_HEADER, procurement_rows),  # type: ignore[dict-item]
    "assets": (ASSETS_HEADER, assets_rows),  # type: ignore[dict-item]
    "units": (UNITS_HEADER, units_rows),  # type: ignore[dict-item]
    "narrative": (NARRATIVE_HEADER, narrative_rows),  # type: ignore[dict-item]
}


def write_export(kind: str, graph: Lookups, out: TextIO) -> int:
    """Write one export as CSV (budgetlod/csvout.py: byte-order mark, formulas neutralised).

    Returns the number of data rows. Raises KeyError for an unknown kind.
    """
    header, make_rows = EXPORTS[kind]
    return write_csv(out, header, make_rows(graph))
