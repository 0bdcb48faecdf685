"""Parsing printed figures and classification codes.

Amounts stay `Decimal` from the printed text on: a float would change the figures the
accounting rules compare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from budgetlod.extract.vocabulary import CODE_SHAPE

# Cells printed for "nothing here" in published tables.
ZERO_MARKS = frozenset({"-", "—", "－", "--", "——", "—-", "–", "/"})
_AMOUNT = re.compile(r"^[-−－]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$", re.ASCII)
_PAREN = re.compile(r"^[（(](.+)[）)]$")
_CODE = re.compile(rf"^{CODE_SHAPE}$", re.ASCII)
_SPLIT_PART = re.compile(r"^\d{2,3}$", re.ASCII)


@dataclass(frozen=True)
class Amount:
    """A printed figure: its exact value and the number of decimals printed."""

    value: Decimal
    decimals: int
    printed: str


def compact(text: str) -> str:
    """The text with all white space removed (how cells are compared)."""
    return "".join(text.split())


def parse_amount(text: str) -> Amount | None:
    """Parse a printed amount (`5754.70`, `21,601,733.00`, `(12.3)`, `-5`).

    Returns None for text that is not a figure. A dash printed for zero is a zero
    with no decimals. Raises nothing: the caller decides what an unparsed cell means.
    """
    printed = text.strip()
    t = compact(printed)
    if not t:
        return None
    if t in ZERO_MARKS:
        return Amount(Decimal(0), 0, printed)
    negative = False
    m = _PAREN.match(t)
    if m:
        t, negative = m.group(1), True
    if not _AMOUNT.match(t):
        return None
    if t[0] in "-−－":
        t, negative = t[1:], not negative
    try:
        value = Decimal(t.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None
    decimals = len(t.split(".", 1)[1]) if "." in t else 0
    return Amount(-value if negative else value, decimals, printed)


def is_code(text: str) -> bool:
    """True for a whole classification code: 3, 5 or 7 digits (类 / 款 / 项)."""
    return bool(_CODE.match(compact(text)))


def is_code_part(text: str) -> bool:
    """True for one part of a split code (`201`, `13`, `01`)."""
    return bool(_SPLIT_PART.match(compact(text)))


def is_digits(text: str) -> bool:
    """ASCII digits only: str.isdigit() also admits ¹ and ①, which int() and codes do not."""
    return text.isascii() and text.isdigit()


def parse_row_number(text: str) -> int | None:
    """The printed 序号 of a row, or None."""
    t = compact(text)
    return int(t) if is_digits(t) and len(t) <= 4 else None
