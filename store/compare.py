"""One classification code across departments, regions and years, in 元, with each figure's source.

The figure compared is the line's total in the table its template spends by function in (the
支出总表's 合计 column in the national nine; 财政拨款支出预算表 in the Jiangsu 2017-2019 set: the
ontology's bud:comparedTable). A 项 that every 款 of a 类 repeats under its own code — 行政运行
(…01), 一般行政管理事务 (…02), 机关服务 (…03), 事业运行 (…50) — is also matched by name within
the 类: 财政局's 行政运行 is 2010601, 商务委's 2011301, a 政府办公厅's 2010301.
Each row says how it matched (`exact` or `item`).

What a comparison needs is computed once, when a graph is loaded (`comparison_quads`): each compared
line gets `bud:comparedCode` (its code), for a repeated 项 `bud:comparedItem` ("201-行政运行"), and
its row of the answer (`bud:comparedRow`), so that a comparison is an index lookup of those literals
and one value a line rather than a visit to every line of every document (bench/README.md: 2 s at
1,000 documents before, 40 ms after).
"""

from __future__ import annotations

import functools
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Graph

from budgetlod.csvout import write_csv
from budgetlod.extract.vocabulary import CODE_SHAPE
from budgetlod.namespaces import BUD, DCTERMS, PROV, QB, RDF, SKOS, prologue
from budgetlod.resources import load_ontology
from budgetlod.store.examples import PREFIXES
from budgetlod.store.results import Rows

COLUMNS = (
    "department", "department_iri", "region", "region_code", "year", "phase", "code", "name",
    "amount_yuan", "document", "page", "document_title", "line", "match",
)  # fmt: skip
#: Items repeated under every 款 of a 类, by the last two digits of the 项 code.
REPEATED_ITEMS = {"01": "行政运行", "02": "一般行政管理事务", "03": "机关服务", "50": "事业运行"}
CODE = re.compile(CODE_SHAPE, re.ASCII)


def check_code(code: str) -> str:
    code = code.strip()
    if not CODE.fullmatch(code):
        raise ValueError(f"{code!r} is not a classification code (3, 5 or 7 digits: 201, 20103, 2010301)")
    return code


def item_key(code: str, name: str) -> str:
    """The key a repeated 项 is compared by: its 类 and its name ("201-行政运行")."""
    return f"{code[:3]}-{name}"


def compare_query(code: str, by_item: bool = True) -> str:
    """The compared lines of `code` and their rows, written at load time: two index lookups a line."""
    code = check_code(code)
    match = f'{{ ?line bud:comparedCode "{code}" }}'
    item = REPEATED_ITEMS.get(code[-2:]) if len(code) == 7 and by_item else None
    if item:
        match += f' UNION {{ ?line bud:comparedItem "{item_key(code, item)}" }}'
    return PREFIXES + f"SELECT DISTINCT ?line ?row WHERE {{ {match} ?line bud:comparedRow ?row }}"


def legacy_query(code: str, by_item: bool = True) -> str:
    """The comparison computed at query time, for a store loaded before the keys existed."""
    code = check_code(code)
    match = f'?code = "{code}"'
    item = REPEATED_ITEMS.get(code[-2:]) if len(code) == 7 and by_item else None
    if item:
        match += f' || (STRLEN(?code) = 7 && STRSTARTS(?code, "{code[:3]}") && ?name = "{item}")'
    return (
        PREFIXES
        + prologue("prov")
        + f"""SELECT ?department ?dept ?region ?region_code ?year ?phase ?code ?name ?yuan ?doc ?page ?title
       ?line
WHERE {{
  ?line a bud:BudgetLine ; bud:functionalClassification/skos:notation ?code ; bud:itemLabel ?name ;
        bud:amountYuan ?yuan ; bud:department ?dept ; bud:fiscalYear ?year ; bud:budgetPhase ?ph ;
        qb:dataSet ?doc ; prov:wasDerivedFrom ?cell ; bud:tableKind ?tk ; bud:column ?col .
  FILTER({match})
  OPTIONAL {{ ?doc bud:template ?tpl }}
  BIND (COALESCE(?tpl, bud:template-national-2020) AS ?template)
  ?template bud:comparedTable ?tk ; bud:comparedColumn ?col .
  ?dept skos:prefLabel ?department .
  ?doc dct:title ?title .
  ?ph skos:prefLabel ?phase . FILTER(LANG(?phase) = "zh")
  OPTIONAL {{ ?dept bud:regionName ?region }}
  OPTIONAL {{ ?dept bud:region/skos:notation ?region_code }}
  OPTIONAL {{ ?cell bud:page ?page }}
}}
ORDER BY ?region_code ?department ?year ?phase ?code"""
    )


DEFAULT_TEMPLATE = str(BUD["template-national-2020"])


@functools.cache
def _ontology() -> Graph:
    return load_ontology()


@functools.cache
def compared_columns() -> dict[str, tuple[str, str]]:
    """template IRI -> (table kind, column) its documents are compared by (ontology data)."""
    onto = _ontology()
    out = {}
    for template, table in onto.subject_objects(BUD.comparedTable):
        column = onto.value(template, BUD.comparedColumn)
        if column is not None:
            out[str(template)] = (str(table), str(column))
    return out


_WANTED = {str(p): p for p in (RDF.type, BUD.functionalClassification, BUD.itemLabel, BUD.tableKind,
                                BUD.column, QB.dataSet, BUD.template, SKOS.notation, SKOS.prefLabel,
                                BUD.department, BUD.regionName, BUD.region, BUD.fiscalYear, BUD.budgetPhase,
                                BUD.amountYuan, DCTERMS.title, PROV.wasDerivedFrom, BUD.page)}  # fmt: skip
_LINE = ox.NamedNode(str(BUD.BudgetLine))


@functools.cache
def phase_labels() -> dict[str, str]:
    """budget phase IRI -> its Chinese label (预算, 决算): ontology data, as the rows print it."""
    onto = _ontology()
    return {
        str(s): str(o) for s, o in onto.subject_objects(SKOS.prefLabel)
        if getattr(o, "language", None) == "zh" and (s, RDF.type, BUD.BudgetPhase) in onto
    }  # fmt: skip


def canonical_decimal(text: str) -> str:
    """A decimal as a store gives it back (12907100.00 -> 12907100, 16231840.80 -> 16231840.8)."""
    try:
        return format(Decimal(text).normalize(), "f")
    except ArithmeticError:
        return text


def comparison_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The comparison keys of the budget lines among `quads`, each in its line's graph.

    A line is compared when it sits in the table and column its document's template is compared by
    (no bud:template: the national nine); its key is its code, and for a 7-digit repeated 项 also
    `item_key` of its 类 and name — what `compare_query` looks up.
    """
    facts: dict[str, dict[str, list[ox.Quad]]] = {}
    for q in quads:
        p = q.predicate.value
        if p in _WANTED:
            facts.setdefault(q.subject.value, {}).setdefault(p, []).append(q)  # type: ignore[union-attr]

    def values(node: object, prop: object) -> list[str]:
        key = getattr(node, "value", node)
        return [q.object.value for q in facts.get(key, {}).get(str(prop), [])]  # type: ignore[call-overload, union-attr]

    compared = compared_columns()
    out = []
    for props in facts.values():
        types = props.get(str(RDF.type), [])
        line = next((q for q in types if q.object == _LINE), None)
        if line is None:
            continue
        subject = line.subject
        docs = [q.object for q in props.get(str(QB.dataSet), [])]
        templates = {t for d in docs for t in values(d, BUD.template)} or {DEFAULT_TEMPLATE}
        where = {compared[t] for t in templates if t in compared}
        if not any(
            (k, c) in where for k in values(subject, BUD.tableKind) for c in values(subject, BUD.column)
        ):
            continue
        codes = {
            n
            for c in props.get(str(BUD.functionalClassification), [])
            for n in values(c.object, SKOS.notation)
        }
        names = set(values(subject, BUD.itemLabel))
        keys = [(BUD.comparedCode, code) for code in codes if CODE.fullmatch(code)]
        keys += [
            (BUD.comparedItem, item_key(code, name))
            for code in codes if len(code) == 7 and CODE.fullmatch(code)
            for name in names if name in REPEATED_ITEMS.values()
        ]  # fmt: skip
        for prop, key in sorted(keys):
            out.append(ox.Quad(subject, ox.NamedNode(str(prop)), ox.Literal(key), line.graph_name))
        if keys:
            row = _row(subject, values, sorted(codes)[0], sorted(names))
            out.append(ox.Quad(subject, ox.NamedNode(str(BUD.comparedRow)), ox.Literal(row), line.graph_name))
    return out


def _row(line: object, values: Callable[[object, object], list[str]], code: str, names: list[str]) -> str:
    """A compared line's row of the comparison (COLUMNS but `line` and `match`), as JSON."""

    def first(node: object, prop: object) -> str:
        found = sorted(values(node, prop))
        return found[0] if found else ""

    dept = first(line, BUD.department)
    doc = first(line, QB.dataSet)
    cells = values(line, PROV.wasDerivedFrom)
    region_iri = first(dept, BUD.region)
    phase = first(line, BUD.budgetPhase)
    row = {
        "department": first(dept, SKOS.prefLabel), "department_iri": dept,
        "region": first(dept, BUD.regionName),
        "region_code": first(region_iri, SKOS.notation) if region_iri else "",
        "year": first(line, BUD.fiscalYear),
        "phase": phase_labels().get(phase, ""), "code": code, "name": names[0] if names else "",
        "amount_yuan": canonical_decimal(first(line, BUD.amountYuan)), "document": doc,
        "page": first(cells[0], BUD.page) if cells else "", "document_title": first(doc, DCTERMS.title),
    }  # fmt: skip
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Row:
    values: dict[str, str]

    @property
    def amount(self) -> Decimal:
        return Decimal(self.values["amount_yuan"])


def compare(select: Callable[[str], Rows], code: str, by_item: bool = True) -> list[Row]:
    code = check_code(code)
    result = select(compare_query(code, by_item))
    out = []
    for line, row in result.rows:
        if line is None or row is None:
            continue
        values = json.loads(row.value)
        values["line"] = line.value
        values["match"] = "exact" if values["code"] == code else "item"
        out.append(Row(values))
    if not out and not select(PREFIXES + "SELECT ?l WHERE { ?l bud:comparedRow ?r } LIMIT 1").rows:
        return _legacy(select, code, by_item)  # a store loaded before the keys were written
    out.sort(key=lambda r: tuple(r.values[k] for k in ("region_code", "department", "year", "phase", "code")))
    return out


def _legacy(select: Callable[[str], Rows], code: str, by_item: bool) -> list[Row]:
    result = select(legacy_query(code, by_item))
    out = []
    for r in result.rows:
        v = dict(zip(result.variables, (t.value if t is not None else "" for t in r), strict=True))
        out.append(Row({
            "department": v["department"], "department_iri": v["dept"], "region": v["region"],
            "region_code": v["region_code"], "year": v["year"], "phase": v["phase"], "code": v["code"],
            "name": v["name"], "amount_yuan": v["yuan"], "document": v["doc"], "page": v["page"],
            "document_title": v["title"], "line": v["line"],
            "match": "exact" if v["code"] == code else "item",
        }))  # fmt: skip
    return out


def pivot(rows: list[Row]) -> dict[str, dict[str, dict[str, Decimal]]]:
    """department -> year -> phase (预算 / 决算) -> 元: budget against final accounts, and series."""
    per_doc: dict[tuple[str, str, str, str], Decimal] = {}
    for r in rows:
        v = r.values
        key = (v["department"], v["year"], v["phase"], v["document"])
        per_doc[key] = per_doc.get(key, Decimal(0)) + r.amount
    out: dict[str, dict[str, dict[str, Decimal]]] = {}
    for (dept, year, phase, _), amount in per_doc.items():
        # Two forms of one document (its PDF and its text) give the same figure: the first counts.
        out.setdefault(dept, {}).setdefault(year, {}).setdefault(phase, amount)
    return out


def rows_csv(rows: list[Row]) -> str:
    """The rows as CSV (budgetlod/csvout.py), for `budgetlod compare` and /compare.csv alike."""
    buf = io.StringIO()
    write_csv(buf, COLUMNS, ([r.values[c] for c in COLUMNS] for r in rows))
    return buf.getvalue()
