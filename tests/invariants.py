"""Accounting invariants of an extracted table, as pdfplumber's own tests check column sums.

Each check allows half a unit of the last printed digit per summand (rounding in print).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from budgetlod.extract.figures import Figure, table_figures
from budgetlod.extract.model import Table


def _tolerance(parts: list[Figure]) -> Decimal:
    return sum((Decimal(5).scaleb(-(p.amount.decimals + 1)) for p in parts), Decimal(0))


def sum_failures(table: Table) -> list[str]:
    """Places where 项 do not sum to their 款, 款 to their 类, or 类 to the table total."""
    figures = table_figures(table)
    by_role: dict[str, dict[str, Figure]] = defaultdict(dict)
    totals: dict[str, Figure] = {}
    for f in figures:
        if f.code:
            by_role[f.role][f.code] = f
        elif f.item_key in ("合计", "总计") or f.label in ("合计", "总计"):
            totals[f.role] = f
    failures = []
    for role, codes in by_role.items():
        for code, parent in codes.items():
            children = [f for c, f in codes.items() if len(c) == len(code) + 2 and c.startswith(code)]
            if children:
                failures += _check(table, role, code, parent, children)
        tops = [f for c, f in codes.items() if len(c) == 3]
        if role in totals and tops:
            failures += _check(table, role, "合计", totals[role], tops)
    return failures


def _check(table: Table, role: str, name: str, parent: Figure, parts: list[Figure]) -> list[str]:
    total = sum((p.amount.value for p in parts), Decimal(0))
    if abs(total - parent.amount.value) <= _tolerance([parent, *parts]):
        return []
    return [f"{table.kind.key} {name} {role}: printed {parent.amount.printed}, parts sum to {total}"]


INCOME_SOURCES = (
    "appropriation-income",
    "special-account-income",
    "business-income",
    "operating-income",
    "upper-subsidy-income",
    "subordinate-remit-income",
    "other-income",
)
# columns whose figures add up to another column of the same row, by table
IDENTITIES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "expenditure-summary": [
        ("total", ("basic", "project", "operating-expenditure", "remit-upper", "subsidy-subordinate"))
    ],
    "general-expenditure": [("total", ("basic", "project"))],
    "fund-expenditure": [("total", ("basic", "project"))],
    "state-capital-expenditure": [("total", ("basic", "project"))],
    "general-basic-expenditure": [("total", ("personnel", "public-funds"))],
    "income-summary": [
        ("total", ("subtotal", "carryover")),
        ("subtotal", INCOME_SOURCES),
        ("total", (*INCOME_SOURCES, "carryover")),
    ],
}


def row_failures(table: Table) -> list[str]:
    """Rows whose parts (基本支出 + 项目支出, 人员经费 + 公用经费, income sources) miss their total."""
    by_row: dict[int, dict[str, Figure]] = defaultdict(dict)
    for f in table_figures(table):
        by_row[id(f.row)][f.role] = f
    failures = []
    for total_role, part_roles in IDENTITIES.get(table.kind.key, []):
        for figs in by_row.values():
            parts = [figs[r] for r in part_roles if r in figs]
            if total_role in figs and parts:
                failures += _check(table, total_role, figs[total_role].item_key, figs[total_role], parts)
    return failures
