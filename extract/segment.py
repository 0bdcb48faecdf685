"""Finding the tables in a stream of lines, by their titles, and sorting their lines.

Tables are found by title and header, never by page number or the table of contents: a
TOC entry has dot leaders, and a title only counts when table rows follow it. Every table
ends where the next printed title (or `公开NN表` label) begins, whether its kind is known or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlod.extract.catalog import TableKind, classify_title, looks_like_title, printed_title
from budgetlod.extract.lines import Line
from budgetlod.extract.numbers import compact, is_code, parse_amount
from budgetlod.extract.settings import LAYOUT
from budgetlod.extract.vocabulary import COLUMN_NUMBER_LABELS as _COLUMN_NUMBER_LABELS
from budgetlod.extract.vocabulary import EMPTY_NOTE as _EMPTY_NOTE
from budgetlod.extract.vocabulary import FOOTER as _FOOTER
from budgetlod.extract.vocabulary import HEADER_STARTS, TABLE_LABEL
from budgetlod.extract.vocabulary import METADATA_LABELS as _METADATA
from budgetlod.extract.vocabulary import NOTE_START as _NOTE
from budgetlod.extract.vocabulary import TOTAL_LABEL as _TOTAL_LABEL

MAX_TITLE_FRAGMENTS = LAYOUT.max_title_fragments
_DEPT_LINE = re.compile(r"^\d{3,12}[^\d\s]{2,40}$")
PAGE_NUMBER = re.compile(r"^[-—－–]?\d{1,4}[-—－–]?$")


PRINTED_EMPTY_NOTE = "表中未印任何数字（只有表头和合计行）"  # "printed with its header and no figure"


@dataclass
class Region:
    """The lines between a table's title and the next title; `kind` None for a table of no known kind."""

    kind: TableKind | None
    title_line: Line
    lines: list[Line]

    @property
    def title(self) -> str:
        return printed_title(self.title_line.text)


def _start(line: Line) -> tuple[str, TableKind | None] | None:
    """Whether a line starts a table: ("title", kind or None) or ("label", None)."""
    if line.tabular or len(line.fragments) > MAX_TITLE_FRAGMENTS:
        return None
    if TABLE_LABEL.match(line.compact):
        return "label", None
    kind = classify_title(line.text)
    if kind is not None or looks_like_title(line.text):
        return "title", kind
    return None


def find_regions(lines: list[Line], skip: frozenset[int] = frozenset()) -> list[Region]:
    """Split lines into table regions: each starts at a title and ends before the next one.

    A title with no table row before the next title (a TOC line, a heading in prose) is dropped;
    so is a `公开NN表` label, which only ends the table before it and names the one after.
    Lines in `skip` (the entries of the document's own table list) start nothing.
    """
    starts = [(i, s) for i, line in enumerate(lines) if i not in skip and (s := _start(line))]
    regions: list[Region] = []
    for n, (i, (what, kind)) in enumerate(starts):
        if what == "label":
            continue
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        body = lines[i + 1 : end]
        if any(is_column_number_row(line) or is_header_line(line) or has_figures(line) for line in body[:15]):
            regions.append(Region(kind, lines[i], body))
    return regions


def is_column_number_row(line: Line) -> bool:
    """`栏次 1 2 3 …` (or a bare run of consecutive numbers 1..n under a header)."""
    texts = [compact(f.text) for f in line.fragments if compact(f.text)]
    if not texts:
        return False
    if texts[0] in _COLUMN_NUMBER_LABELS:
        return True
    return len(texts) >= 3 and texts == [str(i) for i in range(1, len(texts) + 1)]


def is_header_line(line: Line) -> bool:
    t = line.compact
    return t.startswith(HEADER_STARTS) or (
        ("科目" in t and ("编码" in t or "名称" in t))
        or t.startswith(("“三公”经费", "三公经费", "财政拨款“三公”"))
    )


def is_metadata(line: Line) -> bool:
    t = line.compact
    return bool(_METADATA.search(t)) or bool(_DEPT_LINE.match(t))


def is_footer(line: Line) -> bool:
    """A page number: `-5-`, `第5页`, or a bare number the reader found alone at a page's edge."""
    return bool(line.extra.get("page_number")) or bool(_FOOTER.match(line.compact))


def is_note(line: Line) -> bool:
    return bool(_NOTE.match(line.compact))


def declares_empty(text: str) -> bool:
    return bool(_EMPTY_NOTE.search(compact(text)))


def is_figure(text: str) -> bool:
    """A printed amount: a number with a decimal point or thousands separators (a bare `3` may be a
    栏次 or a 序号)."""
    t = compact(text)
    return parse_amount(t) is not None and ("." in t or "," in t)


def has_figures(line: Line) -> bool:
    """True when the line holds an amount or a classification code (a data row)."""
    return any(is_code(compact(f.text)) or is_figure(f.text) for f in line.fragments if compact(f.text))


def printed_empty(region: Region) -> bool:
    """A table printed with its header and a 合计 row but not one figure: empty, not missing."""
    header = False
    for line in region.lines[:15]:
        if is_footer(line) or is_metadata(line):
            continue
        if has_figures(line):
            return False
        if is_header_line(line) or is_column_number_row(line):
            header = True
        elif header and all(_TOTAL_LABEL.match(compact(f.text)) for f in line.fragments if compact(f.text)):
            return True
    return False
