"""From table rows to budget lines: which item each figure belongs to and what its column means."""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlod.extract.columns import column_roles, is_label_role
from budgetlod.extract.model import Cell, Row, Table
from budgetlod.extract.numbers import Amount, compact, is_code, parse_amount

_NUMBERING = re.compile(
    r"^(其中[:：]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、])+"
)


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


def item_name(label: str) -> str:
    """A row name without its numbering (`一、一般公共服务支出` -> `一般公共服务支出`)."""
    return _NUMBERING.sub("", compact(label)) or compact(label)


def _side(role: str) -> str:
    return role.split("-", 1)[0] if role.startswith(("income-", "expenditure-")) else ""


def row_code(row: Row, roles: dict[int, str]) -> str | None:
    """The row's code: a whole code, or the 类 / 款 / 项 parts of split code columns joined."""
    parts = [compact(c.text) for c in row.cells if roles.get(c.column.index) == "code"]
    joined = "".join(parts)
    return joined if parts and is_code(joined) else None


def table_figures(table: Table) -> list[Figure]:
    """Every parsed amount of a table with its row item; duplicates of an item are qualified."""
    roles = column_roles(table)
    figures: list[Figure] = []
    seen: set[tuple[str, str]] = set()
    heading: dict[str, str] = {}  # last row name on each side that carried no figures
    for row in table.rows:
        code = row_code(row, roles)
        labels: dict[str, str] = {}
        for c in row.cells:
            role = roles.get(c.column.index, "")
            if role.endswith(("name", "item")) and c.text.strip():
                labels[_side(role)] = compact(c.text)
        has_figures: set[str] = set()
        for c in row.cells:
            role = roles.get(c.column.index, "")
            if is_label_role(role):
                continue
            amount = parse_amount(c.text)
            if amount is None:
                continue
            side = _side(role)
            label = labels.get(side, labels.get("", ""))
            key = code or item_name(label) or f"row-{row.number}"
            if (key, role) in seen and side in heading:
                key = f"{heading[side]}/{key}"
            seen.add((key, role))
            has_figures.add(side)
            figures.append(Figure(row, c, role, amount, code, label, key))
        for side, label in labels.items():
            if side not in has_figures:
                heading[side] = item_name(label)
    return figures
