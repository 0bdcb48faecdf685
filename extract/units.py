"""Monetary units as printed (单位：万元) and their SDMX unit multiplier: the one place for it."""

from __future__ import annotations

import re
from decimal import Decimal

# printed unit -> power of ten that turns the printed figure into 元
UNIT_EXPONENTS: dict[str, int] = {"元": 0, "千元": 3, "万元": 4, "百万元": 6, "亿元": 8}
_UNIT_DECLARATION = re.compile(r"(?:金额)?单位[:：]\s*(百万元|千元|万元|亿元|元)")


def find_unit(text: str) -> str | None:
    """The unit a line declares (`单位：万元` -> `万元`), or None."""
    m = _UNIT_DECLARATION.search("".join(text.split()))
    return m.group(1) if m else None


def exponent(unit: str) -> int:
    """The SDMX unitMult exponent of a printed unit. Raises KeyError for an unknown unit."""
    return UNIT_EXPONENTS[unit]


def to_yuan(value: Decimal, unit: str) -> Decimal:
    """A printed figure in its unit, converted exactly to 元 (plain notation, never 1E+4)."""
    return Decimal(format(value.scaleb(UNIT_EXPONENTS[unit]), "f"))
