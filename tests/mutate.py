"""Change one printed figure of a text conversion, found by table title, 序号 and 栏次."""

from __future__ import annotations

import re
from pathlib import Path

from budgetlod.extract import extract_document, extraction_to_graph
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
