"""From table rows to budget lines: which item each figure belongs to and what its column means.

A table's columns fall into groups, each with its own label columns (code, name) and figure
columns: one group in most tables, two in the two-sided summaries (收入 | 支出) and in a
basic-expenditure table printed in two halves. A 三公 table printed across (items as columns,
one row of figures) takes its items from the column headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlod.extract.columns import column_roles, is_label_role
from budgetlod.extract.model import Cell, Column, Row, Table
from budgetlod.extract.numbers import Amount, compact, is_code, is_digits, parse_amount
from budgetlod.extract.patterns import first_match
from budgetlod.extract.vocabulary import (
    GRAND_AFTER_SUBTOTAL as _GRAND_AFTER_SUBTOTAL,
)
from budgetlod.extract.vocabulary import (
    ITEM_LEVEL_ONE,
    ITEM_LEVEL_TWO,
    ITEM_NUMBERING,
    SANGONG_CONCEPTS,
    SPLIT_CODE_LENGTHS,
    SUBTOTAL_ROW,
)
from budgetlod.extract.vocabulary import (
    PHASE_LEAVES as _PHASE_LEAVES,
)
from budgetlod.extract.vocabulary import (
    SANGONG_ITEMS as _SANGONG,
)
from budgetlod.extract.vocabulary import (
    SUMMARY_ROWS as _SUMMARY,
)


def _side(role: str) -> str:
    """`income` or `expenditure` for the columns of a two-sided summary table, else empty."""
    return role.split("-", 1)[0] if role.startswith(("income-", "expenditure-")) else ""


def summary_concept(label: str, side: str, subtotalled: bool = False) -> str | None:
    """The ontology concept of a summary row (合计, 本年收入合计, 上年结转…), or None.

    `总计` alone is the grand total of its side in a two-sided summary table; so is `收入合计`
    in a table that prints `当年收入小计` above it (Jiangsu 2017-2019: 小计 + 结转 = 合计).
    """
    name = item_name(label)
    if side and (name == "总计" or (subtotalled and name in _GRAND_AFTER_SUBTOTAL)):
        return "IncomeGrandTotal" if side == "income" else "ExpenditureGrandTotal"
    return first_match(_SUMMARY, name)


def _subtotalled(table: Table) -> bool:
    """Whether the table prints the year's totals as 小计 (`当年收入小计`), its 合计 being grand totals."""
    return any(SUBTOTAL_ROW.match(compact(c.text)) for row in table.rows for c in row.cells)


def row_level(label: str) -> int:
    """1 for a top item (`一、…`), 2 for a sub-item (`1. …`, `（一）…`, `其中：…`), 0 otherwise."""
    t = compact(label)
    return 1 if ITEM_LEVEL_ONE.match(t) else 2 if ITEM_LEVEL_TWO.match(t) else 0


@dataclass(frozen=True)
class Figure:
    """One amount of a table, with the row item and column role it stands for."""

    row: Row
    cell: Cell
    role: str
    amount: Amount
    code: str | None  # classification code of the row, if any
    label: str  # the row's name as printed (white space removed)
    item_key: str  # what the row is: the code, or the normalised name
    concept: str | None = None  # an ontology concept for summary and 三公 rows (bud:TableTotal …)
    level: int = 0  # 1 for 一、 items, 2 for their sub-items
    printed_code: str | None = None  # the code as printed when it is not a valid code


def item_name(label: str) -> str:
    """A row name without its numbering (`一、一般公共服务支出` -> `一般公共服务支出`)."""
    return ITEM_NUMBERING.sub("", compact(label)) or compact(label)


def sangong_item(text: str) -> str | None:
    """The canonical 三公 item a label or header names, or None."""
    t = item_name(text)
    return first_match(_SANGONG, t)


_SPLIT_LENGTHS = SPLIT_CODE_LENGTHS


def group_code(parts: list[str]) -> str | None:
    """The row's code: one whole code, or split 类 / 款 / 项 parts of the right lengths joined.

    A misprinted part (`7 11 02` for 210 11 02) gives None: the row keeps its name only.
    """
    if len(parts) == 1:
        return parts[0] if is_code(parts[0]) else None
    if parts and all(is_digits(p) and len(p) == n for p, n in zip(parts, _SPLIT_LENGTHS, strict=False)):
        return "".join(parts) if len(parts) <= len(_SPLIT_LENGTHS) else None
    return None


def column_groups(table: Table, roles: dict[int, str]) -> list[list[Column]]:
    """Columns split into groups: a label column after a figure column starts a new group."""
    groups: list[list[Column]] = [[]]
    seen_figure = False
    for column in table.columns:
        if column.is_row_number:
            continue
        label = is_label_role(roles.get(column.index, ""))
        if label and seen_figure:
            groups.append([])
            seen_figure = False
        seen_figure = seen_figure or not label
        groups[-1].append(column)
    return [g for g in groups if g]


_DIGIT = re.compile(r"\d")


def _group_has(row: Row, group: list[Column], roles: dict[int, str], label: bool) -> bool:
    """Whether a row prints a label (or a figure) in a group's columns."""
    for col in group:
        c = row.cell(col.index)
        if c is None or not c.text.strip():
            continue
        is_label = is_label_role(roles.get(col.index, ""))
        if label and is_label:
            return True
        if not label and not is_label and parse_amount(c.text) is not None:
            return True
    return False


def stray_labels(table: Table, roles: dict[int, str] | None = None) -> dict[int, int]:
    """Labels printed in a figure column (`当年支出小计` centred across two column blocks): id of the
    cell -> the column group it names, the first one from its own with a figure and no label.

    Only words with no digit, in a row whose own group prints no label: a misprinted figure
    (`2391.5O`) is never taken for a label.
    """
    roles = column_roles(table) if roles is None else roles
    groups = column_groups(table, roles)
    group_of = {col.index: g for g, group in enumerate(groups) for col in group}
    out: dict[int, int] = {}
    for row in table.rows:
        for c in row.cells:
            g = group_of.get(c.column.index)
            text = c.text.strip()
            if g is None or not text or is_label_role(roles.get(c.column.index, "")) or _DIGIT.search(text):
                continue
            if _group_has(row, groups[g], roles, label=True):
                continue
            named = next(
                (
                    h
                    for h in range(g, len(groups))
                    if _group_has(row, groups[h], roles, label=False)
                    and not _group_has(row, groups[h], roles, label=True)
                ),
                g,
            )
            out[id(c)] = named
    return out


def _is_across(table: Table, roles: dict[int, str]) -> bool:
    """A 三公 table printed across: no row carries a label, its items are the columns."""
    if table.kind.key != "three-public":
        return False
    return not any(
        is_label_role(roles.get(c.column.index, "")) and c.text.strip() for r in table.rows for c in r.cells
    )


def _across_item(column: Column) -> tuple[str, str]:
    """Item and role of a column of a 三公 table printed across."""
    parts = [compact(p) for p in column.header]
    role = "total"
    if parts and parts[-1] in _PHASE_LEAVES:
        role = "budget-amount" if parts[-1] == "预算数" else "final-amount"
        parts = parts[:-1]
    if len(parts) > 1 and parts[-1] == "小计":
        parts = parts[:-1]  # a group's subtotal is the group's own item (“三公”经费, 公务用车…)
    for part in reversed(parts):
        item = sangong_item(part)
        if item:
            return item, role
    return (parts[-1] if parts else f"c{column.number}"), role


def table_figures(table: Table) -> list[Figure]:
    """Every parsed amount of a table with its row item; duplicates of an item are qualified."""
    roles = column_roles(table)
    figures: list[Figure] = []
    if _is_across(table, roles):
        for row in table.rows:
            for c in row.cells:
                amount = parse_amount(c.text)
                if amount is not None:
                    item, role = _across_item(c.column)
                    figures.append(Figure(row, c, role, amount, None, item, item, SANGONG_CONCEPTS.get(item)))
        return figures
    seen: set[tuple[str, str]] = set()
    heading: dict[int, str] = {}  # last name in each group that carried no figures
    under: dict[int, str] = {}  # the carry-over row whose breakdown follows, in each group
    groups = column_groups(table, roles)
    strays = stray_labels(table, roles)
    subtotalled = _subtotalled(table)
    for row in table.rows:
        for g, group in enumerate(groups):
            cells = [row.cell(col.index) for col in group]
            present = [c for c in cells if c is not None and id(c) not in strays]
            parts = [compact(c.text) for c in present if roles.get(c.column.index) == "code"]
            code = group_code(parts)
            names = [
                compact(c.text) for c in present if roles.get(c.column.index, "").endswith(("name", "item"))
            ] + [compact(c.text) for c in row.cells if strays.get(id(c)) == g]
            label = "".join(names)
            side = _side(roles.get(group[0].index, ""))
            sangong = sangong_item(label) if table.kind.key == "three-public" else None
            concept = (
                SANGONG_CONCEPTS.get(sangong)
                if sangong
                else None
                if code
                else summary_concept(label, side, subtotalled)
            )
            had_figure = False
            for c in present:
                role = roles.get(c.column.index, "")
                amount = None if is_label_role(role) else parse_amount(c.text)
                if amount is None:
                    continue
                key = code or sangong or item_name(label) or f"row-{row.number}"
                level = row_level(label)
                if g in under and concept is None:
                    # the breakdown of a carry-over row (年初结转和结余 → 一、一般公共预算拨款): sub-items
                    key, level = f"{under[g]}/{key}", 0
                elif (key, role) in seen and g in heading:
                    key = f"{heading[g]}/{key}"
                    concept, level = None, 0
                if (key, role) in seen:
                    # the same words printed twice (a procurement item under two projects):
                    # each printed figure stays its own observation
                    key, concept = f"{key}#{row.number}", None
                seen.add((key, role))
                had_figure = True
                printed = " ".join(parts) if parts and code is None else None
                figures.append(Figure(row, c, role, amount, code, label, key, concept, level, printed))
            if label and not had_figure:
                heading[g] = item_name(label)
            if concept in ("CarryoverIn", "CarryoverOut"):
                under[g] = item_name(label)
            elif concept is not None:
                under.pop(g, None)
    return figures
