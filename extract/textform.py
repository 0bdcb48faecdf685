"""Reader for text conversions of disclosures (markdown-ish headings, tab-separated rows)."""

from __future__ import annotations

import html
import re

from budgetlod.extract.errors import InputError
from budgetlod.extract.lines import Fragment, Line

# A tag left unclosed by the conversion (`5754.70</b` at a cell's end) still goes: the tag may end
# at `>` or at the end of its field.
_TAG = re.compile(r"</?(?:b|p|strong|em|i|span|br|td|tr|ol|ul|li|font|div)\b[^<>]*(?:>|$)", re.IGNORECASE)
_HEADING = re.compile(r"^(#{1,6})\s+")
_ENCODINGS = ("utf-8-sig", "gb18030")


def decode(data: bytes, name: str) -> str:
    """Decode a text conversion: UTF-8 (with or without BOM), else GB18030.

    Raises InputError naming the file when neither fits.
    """
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(name, "is neither UTF-8 nor GB18030 text")


def clean(field: str) -> str:
    """A field without markup: HTML tags, markdown emphasis and escapes removed."""
    field = _TAG.sub("", field)
    field = field.replace("**", "").replace("\\*", "*")
    return html.unescape(field).strip()


def text_to_lines(text: str) -> list[Line]:
    """Split a text conversion into lines; tab-separated lines keep one fragment per field."""
    lines: list[Line] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        heading = 0
        m = _HEADING.match(raw)
        if m:
            heading = len(m.group(1))
            raw = raw[m.end() :]
        if "\t" in raw:
            fields = [clean(f) for f in raw.split("\t")]
            while fields and not fields[-1]:
                fields.pop()
            frags = [Fragment(f, float(i), float(i) + 1.0) for i, f in enumerate(fields)]
            tabular = True
        else:
            value = clean(raw)
            frags = [Fragment(value, 0.0, 1.0)] if value else []
            tabular = False
        if not any(f.text for f in frags):
            continue
        lines.append(
            Line(
                frags,
                lineno=lineno,
                top=float(lineno),
                bottom=float(lineno),
                heading=heading,
                tabular=tabular,
            )
        )
    return lines
