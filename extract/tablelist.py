"""The list of tables a disclosure prints (its 目录, or `公开NN表` labels): what "complete" means for it.

A document is complete when every table of its own list is read or printed empty. Without a
list, the tables of its template are expected. A national table its template lacks (国有资本经营
预算 in the 2017-2019 Jiangsu set) is "not in this template", never missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlod.extract.catalog import (
    KINDS_BY_KEY,
    NATIONAL,
    TableKind,
    Template,
    classify_title,
    looks_like_title,
    printed_title,
    title_core,
)
from budgetlod.extract.lines import Line
from budgetlod.extract.numbers import compact
from budgetlod.extract.segment import is_column_number_row, is_header_line
from budgetlod.extract.vocabulary import LABEL_ON_TITLE, TABLE_LABEL, TITLE_NUMBERING

# a TOC entry's tail: dot leaders and a page number (`部门预算收支总表 .....	1`)
_TOC_TAIL = re.compile(r"(?:[.…·．]{2,}|\s)*\d{0,4}$")
_MIN_ENTRIES = 3  # fewer title-like lines in a row are headings, not a list
_MAX_GAP = 2  # lines between two entries of one list (a blank or a column header)
_HEADER_REACH = 3  # a table's header follows its title within this many lines
_MIN_TITLE = 4  # characters a listed title must have to be matched by its end


@dataclass(frozen=True)
class ListedTable:
    ordinal: int  # position in the document's list, from 1
    title: str  # as listed, white space removed
    kind: TableKind | None  # None: a table of no kind known to budgetlod
    lineno: int  # index of the entry's line among the document's lines
    source: str = "contents"  # printed in a 目录, or as a `公开NN表` "label"


@dataclass(frozen=True)
class Absence:
    """A table the document does not print: listed but not found, or not in its template."""

    kind: TableKind | None
    title: str
    status: str  # "missing", "not-in-template", "not-listed", or "not-read" (printed, of no known kind)
    searched: str  # where it was looked for (`pages 1-27`); for a table not read, where it is printed
    listed_as: str | None = None  # its title in the document's own list

    def describe(self) -> str:
        if self.status == "not-read":
            return (
                f"{self.searched}, {self.title}: a table of no kind known to budgetlod, its figures not read"
            )
        listed = f"listed as {self.listed_as}; " if self.listed_as and self.listed_as != self.title else ""
        return f"{self.title} ({listed}searched {self.searched})"


def _entry(line: Line) -> tuple[str, TableKind | None] | None:
    text = _TOC_TAIL.sub("", compact(line.text))
    kind = classify_title(text)
    if kind is not None or (TITLE_NUMBERING.match(text) and looks_like_title(text)):
        return printed_title(text), kind
    return None


def _heads_a_table(lines: list[Line], i: int) -> bool:
    """A title with a header or 栏次 row right under it is a table's, not a list entry."""
    return any(is_header_line(x) or is_column_number_row(x) for x in lines[i + 1 : i + 1 + _HEADER_REACH])


def _from_contents(lines: list[Line]) -> list[ListedTable]:
    """The first run of at least three table titles with no table under them: the 目录."""
    run: list[ListedTable] = []
    gap = 0
    for i, line in enumerate(lines):
        entry = _entry(line)
        if entry is None or _heads_a_table(lines, i):
            gap += 1
            if gap > _MAX_GAP and run:
                if _is_list(run):
                    return run
                run = []
            continue
        gap = 0
        run.append(ListedTable(len(run) + 1, entry[0], entry[1], i))
    return run if _is_list(run) else []


def _is_list(run: list[ListedTable]) -> bool:
    """At least three titles, one of a known kind: numbered annex titles (`2、…绩效目标表`) are no 目录."""
    return len(run) >= _MIN_ENTRIES and any(e.kind is not None for e in run)


def _from_labels(lines: list[Line]) -> list[ListedTable]:
    """`公开01表` … `公开12表`: each label names the title printed under it."""
    listed: list[ListedTable] = []
    for i, line in enumerate(lines):
        m = TABLE_LABEL.match(line.compact)
        joined = None if m else LABEL_ON_TITLE.search(line.compact)
        if joined and looks_like_title(line.text):  # the label printed on the title's own line
            text = printed_title(line.text)
            listed.append(ListedTable(_label_number(joined), text, classify_title(text), i, "label"))
            continue
        if not m:
            continue
        title = next((x for x in lines[i + 1 : i + 6] if looks_like_title(x.text)), None)
        text = printed_title(title.text) if title else line.compact
        kind = classify_title(text) if title else None
        listed.append(ListedTable(_label_number(m), text, kind, i, "label"))
    return listed


def _label_number(m: re.Match[str]) -> int:
    """The number a label prints, whichever of its forms (`公开01表`, `公开表01`) it takes."""
    return int(next(g for g in m.groups() if g))


def read_table_list(lines: list[Line]) -> list[ListedTable]:
    """The tables the document says it prints, in its order; empty when it prints no list."""
    return _from_contents(lines) or _from_labels(lines)


def contents_lines(listed: list[ListedTable]) -> frozenset[int]:
    """The lines of a printed 目录: they name tables and start none."""
    return frozenset(e.lineno for e in listed if e.source == "contents")


def same_table(entry: ListedTable, kind: TableKind | None, title: str) -> bool:
    if entry.kind is not None:
        return entry.kind is kind
    # a table of no known kind: its printed title may add the department and year to the listed one
    a, b = sorted((title_core(entry.title), title_core(title)), key=len)
    return len(a) >= _MIN_TITLE and b.endswith(a)


def absences(
    listed: list[ListedTable],
    template: Template,
    found: list[tuple[TableKind | None, str]],
    searched: str,
) -> list[Absence]:
    """Every expected table not found, and the national ones this document's template lacks."""
    out: list[Absence] = []
    seen = {kind.key for kind, _ in found if kind is not None}
    if listed:
        for entry in listed:
            if not any(same_table(entry, kind, title) for kind, title in found):
                name = entry.kind.name_zh if entry.kind else entry.title
                out.append(Absence(entry.kind, name, "missing", searched, entry.title))
        listed_keys = {e.kind.key for e in listed if e.kind is not None}
        for key in template.kinds:
            if key not in seen and key not in listed_keys:
                kind = KINDS_BY_KEY[key]
                out.append(Absence(kind, kind.name_zh, "not-listed", searched))
    else:
        for key in template.kinds:
            if key not in seen:
                kind = KINDS_BY_KEY[key]
                out.append(Absence(kind, kind.name_zh, "missing", searched))
    for key in NATIONAL.kinds:
        if key not in seen and key not in template.kinds:
            kind = KINDS_BY_KEY[key]
            out.append(Absence(kind, kind.name_zh, "not-in-template", searched))
    return out
