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
