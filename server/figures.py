"""Figures as a reader sees them, alike on every page: the printed figure with thousands separators,
in its printed unit and to its printed decimals (`1,290.71`), and its value in 元 for a tooltip."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from budgetlod.extract.units import UNIT_EXPONENTS, to_yuan


def _number(text: str) -> Decimal | None:
    t = text.strip().replace(",", "")
    if not t or len(t) > 40:
        return None
    try:
        value = Decimal(t)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def figure(text: object) -> str:
    """`1290.71` → `1,290.71`, `12121164` → `12,121,164`; anything not a plain number as it is."""
    s = str(text)
    value = _number(s)
    if value is None:
        return s
    exp = value.as_tuple().exponent
    decimals = -exp if isinstance(exp, int) and exp < 0 else 0
    return f"{value:,.{decimals}f}"


def in_yuan(text: object, unit: str | None) -> str:
    """The figure in 元 (`12,907,100 元`), for a tooltip; empty when it is no figure or no money."""
    value = _number(str(text))
    if value is None or unit not in UNIT_EXPONENTS:
        return ""
    return f"{figure(to_yuan(value, unit))} 元"


def wan(yuan: object) -> str:
    """An amount in 元 shown in 万元 to two decimals (`12,907,100` → `1,290.71`); empty for none."""
    value = _number(str(yuan)) if yuan is not None else None
    return "" if value is None else f"{value / 10000:,.2f}"
