"""Change one printed figure of a text conversion (found by table title, 序号 and 栏次), or one
printed run of a PDF's text."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from budgetlod.extract import extract_document, extraction_to_graph
from budgetlod.extract.document import extraction_from
from budgetlod.extract.limits import DEFAULT_LIMITS
from budgetlod.extract.lines import Line
from budgetlod.extract.pdfform import PdfContent, read_pdf
from budgetlod.namespaces import BUD
from budgetlod.validation import Report, validate_graph


def mutate(text: str, title: str, row: int, col: int, new: str) -> str:
    """The text with the cell at (序号 row, 栏次 col) of the table titled `title` printed as `new`.

    Every page of the table is searched (a row appears once). Markup around the figure is kept.
    Raises ValueError when the cell is not found, so a test cannot pass by changing nothing.
    """
    lines = text.split("\n")
    in_table = False
    for i, line in enumerate(lines):
        if line.startswith("#"):
            in_table = line.lstrip("#").strip() == title
            continue
        fields = line.split("\t")
        if in_table and fields and fields[0] == str(row) and col < len(fields):
            old = re.sub(r"<[^>]+>", "", fields[col]).strip()
            if not old:
                raise ValueError(f"{title} 序号 {row} 栏次 {col} is empty")
            fields[col] = fields[col].replace(old, new)
            lines[i] = "\t".join(fields)
            return "\n".join(lines)
    raise ValueError(f"{title} 序号 {row} 栏次 {col} not found")


def validate_changed(source: Path, old: str, new: str, folder: Path) -> Report:
    """Validate a copy of a text conversion with `old` printed as `new` (once; it must be there)."""
    text = source.read_text(encoding="utf-8")
    if old not in text:
        raise ValueError(f"{old!r} is not in {source}")
    changed = folder / f"changed-{source.name}"
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    return validate_graph(extraction_to_graph(extract_document(str(changed))))


@cache
def _printed(path: str) -> PdfContent:
    return read_pdf(path, DEFAULT_LIMITS)


def changed_pdf_report(source: Path, old: str = "", new: str = "") -> Report:
    """Validate a copy of a PDF's printed lines with `old` printed as `new` in the first text run
    that holds it (it must be there); with no `old`, the document as printed.

    The change is made to what the PDF prints as read (its lines), not to the file: rewriting a
    subsetted CID font's text in place is not something a test should depend on.
    """
    printed = _printed(str(source))
    lines: list[Line] = []
    done = not old
    for line in printed.lines:
        if not done:
            for k, frag in enumerate(line.fragments):
                if old in frag.text:
                    frags = list(line.fragments)
                    frags[k] = replace(frag, text=frag.text.replace(old, new, 1))
                    line = replace(line, fragments=frags)
                    done = True
                    break
        lines.append(line)
    if not done:
        raise ValueError(f"{old!r} is not printed in {source}")
    content = PdfContent(lines, printed.rules, printed.page_count)
    return validate_graph(extraction_to_graph(extraction_from(str(source), source.read_bytes(), content)))


def bumped(g: Graph, kind: str, by: int, *, item: str | None = None, column: str | None = None) -> None:
    """Add `by` 元 to the first line of a table kind that prints `item` (a summary row), or, with no
    item, to the first line with a row level in `column`."""
    line = next(
        s
        for s in g.subjects(BUD.tableKind, BUD[kind])
        if (item is None or g.value(s, BUD.item) == BUD[item])
        and (column is None or g.value(s, BUD.column) == BUD[column])
        and (item is not None or g.value(s, BUD.rowLevel) is not None)
    )
    old = Decimal(str(g.value(line, BUD.amountYuan)))
    g.set((line, BUD.amountYuan, Literal(old + by, datatype=XSD.decimal)))
