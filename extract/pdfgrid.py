"""Tables of a PDF, from the geometry of the printed text (ruling lines help, but are not needed).

A table region is split into per-page chunks (header, 栏次 row, data lines); repeated headers,
page footers, notes and the prose after the table are set aside. Each chunk gets its columns
(extract/layout.py), every fragment its column, and its lines are grouped into rows
(extract/rows.py): by the rules between rows where the table is ruled, else by nearness.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from budgetlod.extract.catalog import printed_title
from budgetlod.extract.headers import header_leaves
from budgetlod.extract.layout import (
    Layout,
    band_columns,
    layout_from_bands,
    layout_from_leaves,
    layout_from_numbers,
)
from budgetlod.extract.lines import Fragment, Line
from budgetlod.extract.model import Cell, Row, Table
from budgetlod.extract.numbers import compact, is_code, is_code_part, parse_row_number
from budgetlod.extract.pdfchars import Rule
from budgetlod.extract.rows import MIN_RULED_ROWS, anchor_owners, horizontal_rules, row_owners
from budgetlod.extract.segment import (
    Region,
    declares_empty,
    has_figures,
    is_column_number_row,
    is_figure,
    is_footer,
    is_header_line,
    is_metadata,
    is_note,
)
from budgetlod.extract.settings import LAYOUT
from budgetlod.extract.units import find_unit
from budgetlod.extract.vocabulary import ITEM_START as _ITEM_START


@dataclass
class Chunk:
    """The part of a table printed on one page."""

    page: int
    header: list[Line] = field(default_factory=list)
    numbers: Line | None = None
    data: list[Line] = field(default_factory=list)


_CODE_LEVELS = frozenset({"类", "款", "项"})


def _is_code_level_header(line: Line) -> bool:
    """`类 款 项` (or `类 款`) under a split code column; a lone 款 is a wrapped word."""
    texts = [compact(f.text) for f in line.fragments]
    return len(texts) >= 2 and all(t in _CODE_LEVELS for t in texts)


def _starts_row(line: Line) -> bool:
    return has_figures(line) or parse_row_number(line.fragments[0].text) is not None


def split_chunks(region: Region) -> tuple[list[Chunk], list[str], str | None]:
    """Sort a region's lines into per-page chunks; stop at the first line that is not the table's."""
    chunks: dict[int, Chunk] = {}
    notes: list[str] = []
    unit = None
    repeating = False
    for line in region.lines:
        page = line.page or 0
        chunk = chunks.setdefault(page, Chunk(page))
        if is_footer(line):
            continue
        if is_note(line) or declares_empty(line.text):
            notes.append(line.text)
            continue
        if is_metadata(line) and not chunk.data:
            unit = unit or find_unit(line.text)
            continue
        if is_column_number_row(line) and not chunk.data:
            chunk.numbers = line
            continue
        if _is_code_level_header(line):
            chunk.header.append(line)  # 类 款 项 under a split code, even beside the first row's figures
            continue
        levels = [f for f in line.fragments if compact(f.text) in _CODE_LEVELS]
        if len(levels) >= 2 and len(levels) < len(line.fragments):
            # 类 款 项 printed on the baseline of the first row's figures: header and row apart
            chunk.header.append(Line(levels, page=line.page, top=line.top, bottom=line.bottom))
            rest = [f for f in line.fragments if f not in levels]
            line = Line(rest, page=line.page, top=line.top, bottom=line.bottom)
        if not chunk.data and not has_figures(line) and (chunk.numbers is None or is_header_line(line)):
            if parse_row_number(line.fragments[0].text) is None:
                chunk.header.append(line)
                continue
        if notes:
            break  # prose after a table's note
        starts_row = _starts_row(line)
        if chunk.data and is_column_number_row(line):
            # the header printed again mid-table: what came since the last row was that header
            while chunk.data and not _starts_row(chunk.data[-1]):
                chunk.data.pop()
            repeating = True  # a header printed vertically goes on below its 栏次 row
            continue
        if chunk.data and is_header_line(line):
            repeating = True
            continue
        if repeating and not starts_row:
            continue
        repeating = False
        chunk.data.append(line)
    return [c for c in chunks.values() if c.header or c.data or c.numbers], notes, unit


CONTINUATION_LINES = LAYOUT.continuation_lines
PROSE_CROSSINGS = LAYOUT.prose_crossings
PROSE_WIDTH = LAYOUT.prose_width


def _is_prose(line: Line, layout: Layout, ruled_until: float | None) -> bool:
    """A line whose text runs across the columns is prose after the table, not a row.

    Below a ruled table's last rule every line is; inside it (or in an unruled table) a long
    wrapped label may cross a column boundary, so it takes three crossings and some width.
    """
    if _starts_row(line) or len(layout.centers) < 2:
        return False
    bounds = [(a + b) / 2 for a, b in pairwise(layout.centers)]
    width = layout.centers[-1] - layout.centers[0]
    below_rules = ruled_until is not None and line.top > ruled_until
    for f in line.fragments:
        crossed = sum(1 for b in bounds if f.x0 + 2 < b < f.x1 - 2)
        if below_rules:
            return True  # a ruled table ends at its last rule
        if crossed >= PROSE_CROSSINGS and f.x1 - f.x0 >= PROSE_WIDTH * width:
            return True
    return False


def reclaim_first_row(chunk: Chunk, rules: list[Rule]) -> None:
    """Give back to the data the header lines printed inside the first ruled row.

    In a ruled table a row's label may sit above its figures; before the first figure is seen
    such a label looks like header text. Lines of 类 / 款 / 项 stay in the header.
    """
    if not chunk.data or not chunk.header:
        return
    frags = [f for line in chunk.header + chunk.data for f in line.fragments]
    hrules = horizontal_rules(rules, min(f.x0 for f in frags), max(f.x1 for f in frags))
    first = chunk.data[0]
    mid = (first.top + first.bottom) / 2
    above = [y for y in hrules if y <= mid]
    if not above:
        return
    top = max(above)
    moved = [h for h in chunk.header if (h.top + h.bottom) / 2 > top and not _is_code_level_header(h)]
    if moved:
        chunk.header = [h for h in chunk.header if h not in moved]
        chunk.data = sorted(moved + chunk.data, key=lambda line: line.top)


@dataclass
class Plan:
    """A table's chunk on one page, ready to be read: its columns and its row lines."""

    chunk: Chunk
    layout: Layout
    lines: list[Line]
    rules: list[Rule]


HEADING_SIZE = LAYOUT.heading_size


def _is_heading(line: Line, body: float) -> bool:
    """A line without a figure or 序号, all of it in a larger font than the rows: the next heading."""
    sizes = [f.bottom - f.top for f in line.fragments]
    return bool(sizes) and body > 0 and min(sizes) >= HEADING_SIZE * body and not _starts_row(line)


def cut_prose(chunk: Chunk, layout: Layout, rules: list[Rule]) -> tuple[list[Line], bool]:
    """The chunk's data lines up to the first line of prose or heading; and whether one was met."""
    page_frags = [f for line in chunk.header + chunk.data for f in line.fragments]
    ruled = (
        horizontal_rules(rules, min(f.x0 for f in page_frags), max(f.x1 for f in page_frags))
        if page_frags
        else []
    )
    ruled_until = max(ruled) if len(ruled) >= MIN_RULED_ROWS else None
    sizes = sorted(f.bottom - f.top for line in chunk.data if _starts_row(line) for f in line.fragments)
    body = sizes[len(sizes) // 2] if sizes else 0.0
    for k, line in enumerate(chunk.data):
        if _is_prose(line, layout, ruled_until) or _is_heading(line, body):
            return chunk.data[:k], True
    return chunk.data, False


def plan_rows(plan: Plan, assigned: dict[int, int]) -> list[tuple[Line, dict[int, list[Fragment]]]]:
    """Group a chunk's lines into rows (by rules, else by anchors); each row's fragments by column."""
    lines = plan.lines
    placed: list[dict[int, list[Fragment]]] = []
    for line in lines:
        by_col: dict[int, list[Fragment]] = {}
        for f in line.fragments:
            by_col.setdefault(assigned[id(f)], []).append(f)
        placed.append(by_col)
    rn = next((c.index for c in plan.layout.columns if c.is_row_number), None)

    def is_anchor(k: int) -> bool:
        if has_figures(lines[k]) or any(_ITEM_START.match(f.text) for f in lines[k].fragments):
            return True
        return rn is not None and rn in placed[k] and parse_row_number(placed[k][rn][0].text) is not None

    def code_only(k: int) -> bool:
        texts = [compact(f.text) for c, fs in placed[k].items() if c != rn for f in fs]
        return bool(texts) and all(is_code(t) or is_code_part(t) for t in texts)

    # a code printed a line above its row's name and figures joins that row
    lifted = {
        k: k + 1
        for k in range(len(lines) - 1)
        if code_only(k)
        and not any(is_code(compact(f.text)) for f in lines[k + 1].fragments)
        and lines[k + 1].top - lines[k].bottom < lines[k].bottom - lines[k].top
    }
    anchors = [k for k in range(len(lines)) if is_anchor(k) and k not in lifted]
    mids = [(line.top + line.bottom) / 2 for line in lines]
    frags = [f for line in lines for f in line.fragments]
    hrules = horizontal_rules(plan.rules, min(f.x0 for f in frags), max(f.x1 for f in frags)) if frags else []
    owner = row_owners(mids, anchors, hrules)
    _split_stacked(owner, placed, mids, anchors, rn)
    for k, below in lifted.items():
        owner[k] = owner[below]
    rows: dict[int, dict[int, list[Fragment]]] = {}
    for k in range(len(lines)):
        target = rows.setdefault(owner[k], {})
        for col, fs in placed[k].items():
            target.setdefault(col, []).extend(fs)
    return [(lines[k], rows[k]) for k in sorted(rows)]


def _split_stacked(
    owner: dict[int, int],
    placed: list[dict[int, list[Fragment]]],
    mids: list[float],
    anchors: list[int],
    rn: int | None,
) -> None:
    """A ruled row holding two figures in one column on two lines is two rows: a cell merged over
    both (a procurement item over its two 组织形式) hid the rule between them from most columns."""
    groups: dict[int, list[int]] = {}
    for k in sorted(owner):
        groups.setdefault(owner[k], []).append(k)
    for ks in groups.values():
        if len(ks) < 2:
            continue
        per_column: dict[int, int] = {}
        for k in ks:
            for col, fs in placed[k].items():
                if col != rn and any(is_figure(f.text) for f in fs):
                    per_column[col] = per_column.get(col, 0) + 1
        if max(per_column.values(), default=0) < 2:
            continue
        sub = anchor_owners(mids, [k for k in ks if k in anchors], ks)
        for k in ks:
            owner[k] = sub[k]


def _cell_text(frags: list[Fragment]) -> str:
    """Fragments of one cell in reading order; wrapped lines joined by a space."""
    frags = sorted(frags, key=lambda f: (round(f.top), f.x0))
    parts: list[str] = []
    last_top: float | None = None
    prev_x1 = 0.0
    for f in frags:
        if parts and last_top is not None and abs(f.top - last_top) > 1:
            parts.append(" ")
        elif parts:
            parts.append(" " if f.x0 - prev_x1 > 2 else "")
        parts.append(f.text)
        last_top, prev_x1 = f.top, f.x1
    return "".join(parts).strip()


_NUMBER_THEN_LABEL = re.compile(r"^(\d{1,4})([^\d.,，、．%％].*)$")
# An item's own numbering (`二、外交支出`, `（一）…`, `其中：…`) starts a row even where no figure is
# printed on it; a label wrapped onto a second line never starts so.
DIGIT_EM = LAYOUT.digit_em


def split_row_numbers(lines: list[Line], layout: Layout, verticals: list[Rule]) -> list[Line]:
    """A 序号 printed against its label (`1合计`, one run of glyphs) split into 序号 and label.

    Only where the table has a 序号 column and the run starts left of that column's right boundary
    (no label starts there); the split is placed after the digits, which are half as wide as the
    label's characters.
    """
    rn = next((c.index for c in layout.columns if c.is_row_number), None)
    if rn is None or rn + 1 >= len(layout.columns):
        return lines
    boundary = layout.bounds(verticals)[rn]
    out = []
    for line in lines:
        first = line.fragments[0] if line.fragments else None
        m = _NUMBER_THEN_LABEL.match(first.text) if first else None
        if first is None or m is None or first.x0 >= boundary:
            out.append(line)
            continue
        cut = first.x0 + len(m.group(1)) * DIGIT_EM * (first.bottom - first.top)
        parts = [
            Fragment(m.group(1), first.x0, cut, first.top, first.bottom),
            Fragment(m.group(2), cut, first.x1, first.top, first.bottom),
        ]
        out.append(replace(line, fragments=parts + line.fragments[1:]))
    return out


def plan_table(region: Region, rules: dict[int, list[Rule]]) -> tuple[Table, list[Plan]]:
    """Sort a region into per-page plans, each with the columns it is read with."""
    table = Table(region.kind, printed_title(region.title_line.text), columns=[])
    chunks, table.notes, table.unit = split_chunks(region)
    table.declared_empty = any(declares_empty(n) for n in table.notes)
    layout: Layout | None = None
    plans: list[Plan] = []
    for chunk in chunks:
        page_rules = rules.get(chunk.page, [])
        if layout is not None and chunk.numbers is None and not any(is_header_line(h) for h in chunk.header):
            # a continuation page without a repeated header: its first label lines are rows,
            # unless no row starts near its top (the table ended on the page before)
            chunk.data = sorted(chunk.header + chunk.data, key=lambda line: line.top)
            chunk.header = []
            x0, x1 = layout.extents[0][0], layout.extents[-1][1]
            ruled_on = len(horizontal_rules(page_rules, x0, x1)) >= MIN_RULED_ROWS
            if not ruled_on and not any(_starts_row(line) for line in chunk.data[:CONTINUATION_LINES]):
                break
        reclaim_first_row(chunk, page_rules)
        leaves = header_leaves(chunk.header, page_rules) if chunk.numbers is None and chunk.header else []
        if chunk.numbers is not None:
            page_layout = layout_from_numbers(chunk.numbers, chunk.header)
        elif len(leaves) >= 2:
            page_layout = layout_from_leaves(leaves)
        elif chunk.header or layout is None:
            if not chunk.data:
                continue
            page_layout = layout_from_bands(chunk.data, chunk.header)
        else:
            page_layout = layout
        if layout is None:
            layout = page_layout
            table.columns = list(layout.columns)
        chunk.data = split_row_numbers(chunk.data, page_layout, [r for r in page_rules if not r.horizontal])
        lines, stopped = cut_prose(chunk, page_layout, page_rules)
        plans.append(Plan(chunk, page_layout, lines, page_rules))
        if stopped:
            break
    return table, plans


def assign_columns(plans: list[Plan]) -> dict[int, int]:
    """Column of every data fragment (by id), banded over all pages laid out alike.

    A column that holds only short labels on one page is still recognised from its long
    labels on another, as long as both pages print the table's columns at the same places.
    """
    assigned: dict[int, int] = {}
    alike: dict[tuple[tuple[int, int], ...], list[Plan]] = {}
    for plan in plans:
        key = tuple((round(a), round(b)) for a, b in plan.layout.extents)
        alike.setdefault(key, []).append(plan)
    for group in alike.values():
        frags = [f for plan in group for line in plan.lines for f in line.fragments]
        verticals = [r for plan in group for r in plan.rules if not r.horizontal]
        for f, column in band_columns(frags, group[0].layout, verticals).items():
            assigned[id(f)] = column
    return assigned


def region_to_table(region: Region, rules: dict[int, list[Rule]] | None = None) -> Table:
    """Read one table region of a PDF; `rules` are the ruling segments of each page, if any."""
    table, plans = plan_table(region, rules or {})
    assigned = assign_columns(plans)
    by_number = {c.number: c for c in table.columns}
    position = 0
    for plan in plans:
        if plan.chunk.page and plan.chunk.page not in table.pages:
            table.pages.append(plan.chunk.page)
        for line, cols in plan_rows(plan, assigned):
            number = None
            cells = []
            for i, fs in cols.items():
                col = plan.layout.columns[i]
                text = _cell_text(fs)
                own = (
                    by_number.get(col.number, col)
                    if col.number_printed
                    else table.columns[min(col.index, len(table.columns) - 1)]
                )
                if col.is_row_number:
                    number = parse_row_number(text)
                    continue
                if text:
                    known = [f.confidence for f in fs if f.confidence is not None]
                    cells.append(Cell(own, text, page=line.page, confidence=min(known) if known else None))
            position += 1
            cells.sort(key=lambda c: c.column.index)
            printed = number is not None
            table.rows.append(Row(number if printed else position, printed, cells, line.page))
    return table
