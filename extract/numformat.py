"""A spreadsheet number as it is printed: its value in its cell's number format.

A workbook stores 17264.1 and shows `17,264.10` under `#,##0.00`: the printed figure is what a
reader of the disclosure sees, so that is what budgetlod keeps (and parses, as it parses a PDF's).
Covered: General, digit placeholders (0 # ?), thousands separators and scaling commas, percent,
sections for negatives and zero, literal text, colours, conditions and locale tags. Dates are
printed as ISO dates (a budget table has none; a header may).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

_BRACKETS = re.compile(r"\[[^\]]*\]")  # [Red], [>=100], [$-804], [$¥-804]
_QUOTED = re.compile(r'"([^"]*)"')
_DATE_CODES = re.compile(r"[ymdhs]", re.IGNORECASE)


def as_decimal(value: float | int | Decimal) -> Decimal:
    """A stored number as a Decimal: the shortest decimal that reads back as the same double."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(value))


def _general(value: Decimal) -> str:
    # Excel shows at most 11 significant digits under General; budget figures have far fewer.
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def _sections(fmt: str) -> list[str]:
    out, buf, quoted = [], "", False
    for ch in fmt:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            out.append(buf)
            buf = ""
        else:
            buf += ch
    return [*out, buf]


def _literal(section: str) -> tuple[str, str, str]:
    """(text before the number, the number's pattern, text after it)."""
    section = _BRACKETS.sub("", section)
    marked = _QUOTED.sub(lambda m: "\x00" + m.group(1) + "\x01", section)
    # escapes: \x is x; _x is a space as wide as x; *x fills (nothing when printed as text)
    marked = re.sub(r"\\(.)", lambda m: "\x00" + m.group(1) + "\x01", marked)
    marked = re.sub(r"_.", " ", marked)
    marked = re.sub(r"\*.", "", marked)
    first = next((i for i, c in enumerate(marked) if c in "0#?" and not _inside(marked, i)), None)
    if first is None:
        return _plain(marked), "", ""
    last = max(i for i, c in enumerate(marked) if c in "0#?.,%" and not _inside(marked, i))
    while last + 1 < len(marked) and marked[last + 1] in ",%" and not _inside(marked, last + 1):
        last += 1
    return _plain(marked[:first]), marked[first : last + 1], _plain(marked[last + 1 :])


def _inside(marked: str, i: int) -> bool:
    return marked.rfind("\x00", 0, i) > marked.rfind("\x01", 0, i)


def _plain(text: str) -> str:
    return text.replace("\x00", "").replace("\x01", "")


def format_number(value: float | int | Decimal, fmt: str | None) -> str:
    """`value` printed under the Excel number format `fmt` (None or General: as stored)."""
    number = as_decimal(value)
    fmt = fmt or "General"
    if fmt.strip().lower() in ("general", "@", ""):
        return _general(number)
    sections = _sections(fmt)
    if number < 0 and len(sections) > 1:
        section, sign = sections[1], ""  # the negative section prints its own sign or brackets
        number = -number
    elif number == 0 and len(sections) > 2:
        section, sign = sections[2], ""
    else:
        section, sign = sections[0], "-" if number < 0 else ""
        number = abs(number)
    if _DATE_CODES.search(_QUOTED.sub("", _BRACKETS.sub("", section))) and not re.search(r"[0#?]", section):
        return _general(number)  # a date format on a plain number: print the number
    before, pattern, after = _literal(section)
    if not pattern:
        return before if before else _general(number)
    percent = pattern.count("%")
    number = number * (Decimal(100) ** percent)
    core = pattern.replace("%", "")
    scaling = len(core) - len(core.rstrip(","))
    number = number / (Decimal(1000) ** scaling)
    core = core.rstrip(",")
    integer, _, fraction = core.partition(".")
    places = sum(1 for c in fraction if c in "0#?")
    required = sum(1 for c in fraction if c == "0")
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{places}f}" if "," in integer else f"{rounded:.{places}f}"
    if places > required:  # '#' decimals: trailing zeros beyond the required ones are not printed
        whole, _, frac = text.partition(".")
        frac = frac.rstrip("0")
        frac = frac + "0" * max(0, required - len(frac))
        text = whole + ("." + frac if frac else ("." if "." in core and required else ""))
    min_int = sum(1 for c in integer if c == "0")
    whole, dot, frac = text.partition(".")
    if min_int == 0 and whole.replace(",", "") == "0":
        whole = ""  # '#.00' prints .50
    text = whole + dot + frac
    return f"{sign}{before}{text}{'%' * percent}{after}"


def format_cell(value: object, fmt: str | None) -> str:
    """Any cell value as printed: numbers through `format_number`, dates as ISO, text as is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return format_number(value, fmt)
    return str(value)
