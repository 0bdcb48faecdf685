"""One classification code across departments, regions and years, in 元, with each figure's source.

The figure compared is the line's total in the table its template spends by function in (the
支出总表's 合计 column in the national nine; 财政拨款支出预算表 in the Jiangsu 2017-2019 set: the
ontology's bud:comparedTable). A 项 that every 款 of a 类 repeats under its own code — 行政运行
(…01), 一般行政管理事务 (…02), 机关服务 (…03), 事业运行 (…50) — is also matched by name within
the 类: 财政局's 行政运行 is 2010601, 商务委's 2011301, a 政府办公厅's 2010301.
Each row says how it matched (`exact` or `item`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from budgetlod.csvout import write_csv
from budgetlod.extract.vocabulary import CODE_SHAPE
from budgetlod.namespaces import prologue
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


def compare_query(code: str, by_item: bool = True) -> str:
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
  # the table each template's documents are compared by (ontology data: bud:comparedTable)
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
