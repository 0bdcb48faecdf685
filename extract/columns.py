"""What a column means, from its printed header: a stable role key shared by every document.

Headers are printed in many ways (wrapped, merged, with a group above); a role is found by
matching the header text, joined, against known names. Two-sided summary tables (收入 on the
left, 支出 on the right) prefix the side, found from the position of the 项目 columns.
"""

from __future__ import annotations

from budgetlod.extract.model import Column, Table
from budgetlod.extract.numbers import compact, is_code, is_code_part, is_digits, parse_amount
from budgetlod.extract.vocabulary import LABEL_ROLES, ROLES, SIDED_ROLES, TWO_SIDED


def declared_roles() -> frozenset[str]:
    """Every role key the ontology declares a concept for (bud:col-<key>)."""
    plain = {key for key, _ in ROLES}
    sided = {f"{side}-{key}" for key in SIDED_ROLES for side in ("income", "expenditure")}
    return frozenset(plain | sided)


def is_label_role(role: str) -> bool:
    """True for columns that hold codes or names rather than figures."""
    return role.rsplit("-", 1)[-1] in LABEL_ROLES


def _content(table: Table, column: Column) -> str:
    """What a column holds: `codes`, `digits` (codes or whole amounts), `amounts`, `labels`, `nothing`."""
    texts = [compact(c.text) for row in table.rows for c in row.cells if c.column.index == column.index]
    if not texts:
        return "nothing"
    if all(is_code(t) or is_code_part(t) for t in texts):
        return "codes"
    if all(is_digits(t) for t in texts):
        return "digits"  # a misprinted code part, or figures printed without separators
    if all(parse_amount(t) is not None for t in texts):
        return "amounts"
    return "labels"


def _header_role(parts: list[str], allowed: set[str] | None) -> str | None:
    def match(text: str) -> str | None:
        return next(
            (key for key, pattern in ROLES if pattern.search(text) and (allowed is None or key in allowed)),
            None,
        )

    for part in reversed(parts):  # the lowest header line is the most specific
        role = match(part)
        if role:
            return role
    return match("".join(parts))


def column_roles(table: Table) -> dict[int, str]:
    """Role key of every column of a table, by column index (the 序号 column excluded)."""
    roles: dict[int, str] = {}
    all_roles = {key for key, _ in ROLES}
    for column in table.columns:
        if column.is_row_number:
            continue
        parts = [compact(p) for p in column.header]
        content = _content(table, column)
        # a merged header cell can sit over columns it does not name: figures never hold labels
        allowed = all_roles - LABEL_ROLES if content == "amounts" else None
        role = _header_role(parts, allowed)
        if role is None:
            role = {"codes": "code", "labels": "name"}.get(content, f"c{column.number}")
        roles[column.index] = role
    if table.kind.key in TWO_SIDED:
        label_cols = [i for i, r in roles.items() if r in ("item", "name")]
        split = label_cols[1] if len(label_cols) > 1 else None
        for i in roles:
            side = "income" if split is None or i < split else "expenditure"
            roles[i] = f"{side}-{roles[i]}"
    return roles
