"""The one CSV writer of the project: exports, dumps and comparisons (UTF-8 with a byte-order mark,
so Excel opens it right) — and safe to open in a spreadsheet.

A disclosure's text is a stranger's text: an item named `=HYPERLINK(…)` would be a live formula in
Excel or LibreOffice. Cells that begin with `=`, `+`, `-`, `@`, a tab or a carriage return get a
leading `'`, as OWASP recommends — except a plain number (`-12.50`), which stays a number, and the
sign alone (a target's comparator `=`), which holds no formula.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import TextIO

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: object) -> str:
    """A cell's text as written: neutralised where a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if len(text) > 1 and text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(out: TextIO, header: Iterable[str], rows: Iterable[Iterable[object]]) -> int:
    """Write a byte-order mark, the header and the rows; returns the number of rows."""
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    count = 0
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
        count += 1
    return count
