"""Finding the nine tables in a stream of lines, by their titles, and sorting their lines.

Tables are found by title and header, never by page number or the table of contents: a
TOC entry has dot leaders, and a title only counts when table rows follow it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlod.extract.catalog import TableKind, classify_title
from budgetlod.extract.lines import Line
from budgetlod.extract.numbers import compact, is_code, parse_amount
from budgetlod.extract.settings import LAYOUT
from budgetlod.extract.vocabulary import COLUMN_NUMBER_LABELS as _COLUMN_NUMBER_LABELS
from budgetlod.extract.vocabulary import EMPTY_NOTE as _EMPTY_NOTE
from budgetlod.extract.vocabulary import TOTAL_LABEL as _TOTAL_LABEL

MAX_TITLE_FRAGMENTS = LAYOUT.max_title_fragments
_METADATA = re.compile(
    r"(单位[:：]|预算年度|决算年度|编制部门|预算主管部门|部门名称|单位名称|截止时间|金额单位)"
)
_DEPT_LINE = re.compile(r"^\d{3,12}[^\d\s]{2,40}$")
_FOOTER = re.compile(r"^([-—－–]\d{1,4}[-—－–]|第\d+页(共\d+页)?|\d+/\d+)$")
PAGE_NUMBER = re.compile(r"^[-—－–]?\d{1,4}[-—－–]?$")
_NOTE = re.compile(r"^(注|说明|备注)[:：\d]")


PRINTED_EMPTY_NOTE = "表中未印任何数字（只有表头和合计行）"  # "printed with its header and no figure"


@dataclass
class Region:
    """The lines between a table's title and the next title."""

    kind: TableKind
    title_line: Line
    lines: list[Line]


def is_title_candidate(line: Line) -> TableKind | None:
    if line.tabular or len(line.fragments) > MAX_TITLE_FRAGMENTS:
        return None
    return classify_title(line.text)


def find_regions(lines: list[Line]) -> list[Region]:
    """Split lines into table regions: each starts at a title and ends before the next one.

    A title with no table row before the next title (a TOC line, a heading in prose) is dropped.
    """
    starts = [(i, k) for i, line in enumerate(lines) if (k := is_title_candidate(line))]
    regions: list[Region] = []
    for n, (i, kind) in enumerate(starts):
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
    return t.startswith(("序号", "项目", "科目", "功能分类", "经济分类", "支出部门经济分类")) or (
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


def has_figures(line: Line) -> bool:
    """True when the line holds an amount or a classification code (a data row)."""
    for f in line.fragments:
        t = compact(f.text)
        if not t:
            continue
        if is_code(t) or (parse_amount(t) is not None and t not in _COLUMN_NUMBER_LABELS and "." in t):
            return True
        if parse_amount(t) is not None and "," in t:
            return True
    return False


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
