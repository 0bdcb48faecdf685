"""Tables of a PDF, from the geometry of the printed text alone (ruling lines are not needed).

Per page, a table's columns come from its 栏次 row where one is printed, else from the
horizontal bands its figures occupy; the header text above each column names it. Data
fragments are placed by band, so a label printed left-aligned in a wide cell still lands in
its own column, and a label wrapped over several lines joins the row whose figures it is
nearest to.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from budgetlod.extract.catalog import printed_title
from budgetlod.extract.headers import Leaf, header_leaves
from budgetlod.extract.lines import Fragment, Line
from budgetlod.extract.model import Cell, Column, Row, Table
from budgetlod.extract.numbers import compact, parse_row_number
from budgetlod.extract.pdfchars import Rule
from budgetlod.extract.rows import MIN_RULED_ROWS, horizontal_rules, row_owners
from budgetlod.extract.segment import (
    Region,
    declares_empty,
    has_figures,
    is_column_number_row,
    is_footer,
    is_header_line,
    is_metadata,
    is_note,
)
from budgetlod.extract.units import find_unit

# Gaps narrower than this (points) do not separate two bands of text.
BAND_GAP = 1.0


@dataclass
class Layout:
    """Columns of a table on a page: where each one's header (or 栏次) is printed."""

    columns: list[Column]
    extents: list[tuple[float, float]]

    @property
    def centers(self) -> list[float]:
        return [(a + b) / 2 for a, b in self.extents]

    def bounds(self, verticals: list[Rule]) -> list[float]:
        """The boundary between each pair of neighbouring columns.

        A vertical rule between the two headers where the table is ruled; else halfway across
        the gap between the two headers' printed text.
        """
        out = []
        for (a0, a1), (b0, b1) in pairwise(self.extents):
            middle = (a1 + b0) / 2
            between = [
                (r.x0 + r.x1) / 2 for r in verticals if (a0 + a1) / 2 < (r.x0 + r.x1) / 2 < (b0 + b1) / 2
            ]
            out.append(min(between, key=lambda x: abs(x - middle)) if between else middle)
        return out


@dataclass
class Chunk:
    """The part of a table printed on one page."""

    page: int
    header: list[Line] = field(default_factory=list)
    numbers: Line | None = None
    data: list[Line] = field(default_factory=list)


def bands(fragments: list[Fragment]) -> list[tuple[float, float, list[Fragment]]]:
    """Merge the horizontal extents of fragments into disjoint bands, left to right."""
    out: list[tuple[float, float, list[Fragment]]] = []
    for f in sorted(fragments, key=lambda f: f.x0):
        if out and f.x0 <= out[-1][1] + BAND_GAP:
            x0, x1, members = out[-1]
            members.append(f)
            out[-1] = (x0, max(x1, f.x1), members)
        else:
            out.append((f.x0, f.x1, [f]))
    return out


def _nearest(x: float, centers: list[float]) -> int:
    return min(range(len(centers)), key=lambda i: abs(centers[i] - x))


def band_columns(fragments: list[Fragment], layout: Layout, verticals: list[Rule]) -> dict[Fragment, int]:
    """Assign data fragments to column indexes: by the band they print in, over all rows at once.

    A band holding one column centre belongs to that column. A band holding several is split
    at the column boundaries; a band holding none goes to the column it overlaps most.
    """
    centers = layout.centers
    bounds = layout.bounds(verticals)
    edges = [float("-inf"), *bounds, float("inf")]

    def column_of(x: float) -> int:
        return bisect_right(bounds, x)

    assigned: dict[Fragment, int] = {}
    for x0, x1, members in bands(fragments):
        inside = [i for i, c in enumerate(centers) if x0 - BAND_GAP <= c <= x1 + BAND_GAP]
        for f in members:
            if len(inside) == 1:
                assigned[f] = inside[0]
            elif inside:
                assigned[f] = min(
                    inside, key=lambda k: (k != column_of(f.center), abs(centers[k] - f.center))
                )
            else:
                overlaps = [min(x1, edges[k + 1]) - max(x0, edges[k]) for k in range(len(centers))]
                assigned[f] = max(range(len(centers)), key=lambda k: overlaps[k])
    return assigned


WRAP_GAP = 0.5  # header lines closer than this share of a line height are one wrapped cell


def _header_paths(header: list[Line], centers: list[float]) -> list[tuple[str, ...]]:
    """Header text above each column, top to bottom; a cell wrapped over lines is one part."""
    stacks: list[list[tuple[str, float, float, float, float]]] = [[] for _ in centers]
    for line in header:
        per_col: dict[int, list[Fragment]] = {}
        for f in line.fragments:
            per_col.setdefault(_nearest(f.center, centers), []).append(f)
        for i, frags in per_col.items():
            text = "".join(f.text for f in frags)
            x0, x1 = min(f.x0 for f in frags), max(f.x1 for f in frags)
            top, bottom = min(f.top for f in frags), max(f.bottom for f in frags)
            stack = stacks[i]
            if stack:
                t, a0, a1, atop, abottom = stack[-1]
                overlap = min(a1, x1) - max(a0, x0)
                if top - abottom < WRAP_GAP * (bottom - top) and overlap > 0.5 * min(a1 - a0, x1 - x0):
                    stack[-1] = (t + text, min(a0, x0), max(a1, x1), atop, bottom)
                    continue
            stack.append((text, x0, x1, top, bottom))
    return [tuple(part[0] for part in stack) for stack in stacks]


def layout_from_numbers(numbers: Line, header: list[Line]) -> Layout:
    """Columns from a 栏次 row: its label marks the 序号 column, its numbers the others."""
    extents: list[tuple[float, float]] = []
    columns: list[Column] = []
    first = numbers.fragments[0]
    if compact(first.text).isdigit():
        # 栏次 printed vertically or not at all: the 序号 column is where 序 / 栏 stands
        label = next(
            (
                f
                for line in header
                for f in line.fragments
                if f.x1 <= first.x0 and compact(f.text)[:1] in "序栏"
            ),
            None,
        )
        if label is not None:
            columns.append(Column(0, 0, False, (), True))
            extents.append((label.x0, label.x1))
    for f in numbers.fragments:
        t = compact(f.text)
        is_rn = not t.isdigit()
        columns.append(Column(len(columns), 0 if is_rn else int(t), not is_rn, (), is_rn))
        extents.append((f.x0, f.x1))
    paths = _header_paths(header, [(a + b) / 2 for a, b in extents])
    columns = [Column(c.index, c.number, c.number_printed, paths[c.index], c.is_row_number) for c in columns]
    return Layout(columns, extents)


def layout_from_leaves(leaves: list[Leaf]) -> Layout:
    """Columns from the header's leaf cells; a leaf headed 序号 is the row-number column."""
    columns: list[Column] = []
    position = 0
    for i, (path, _x0, _x1) in enumerate(leaves):
        is_rn = compact(path[-1]).startswith("序号")
        if not is_rn:
            position += 1
        columns.append(Column(i, 0 if is_rn else position, False, path, is_rn))
    return Layout(columns, [(x0, x1) for _, x0, x1 in leaves])


def layout_from_bands(data: list[Line], header: list[Line]) -> Layout:
    """Columns from the bands the figures occupy (no 栏次 row, no usable header)."""
    frags = [f for line in data for f in line.fragments]
    extents = [(x0, x1) for x0, x1, _ in bands(frags)]
    paths = _header_paths(header, [(a + b) / 2 for a, b in extents])
    has_rn = bool(paths and paths[0] and compact(paths[0][0]).startswith("序号"))
    columns = []
    for i, path in enumerate(paths):
        is_rn = has_rn and i == 0
        columns.append(Column(i, 0 if is_rn else i + (0 if has_rn else 1), False, path, is_rn))
    return Layout(columns, extents)


_CODE_LEVELS = frozenset({"类", "款", "项"})


def _is_code_level_header(line: Line) -> bool:
    return all(compact(f.text) in _CODE_LEVELS for f in line.fragments)


def _starts_row(line: Line) -> bool:
    return has_figures(line) or parse_row_number(line.fragments[0].text) is not None


def split_chunks(region: Region) -> tuple[list[Chunk], list[str], str | None, bool]:
    """Sort a region's lines into per-page chunks; stop at the first line that is not the table's."""
    chunks: dict[int, Chunk] = {}
    notes: list[str] = []
    unit = None
    ended = False
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
        if not chunk.data and not has_figures(line) and (chunk.numbers is None or is_header_line(line)):
            if parse_row_number(line.fragments[0].text) is None:
                chunk.header.append(line)
                continue
        if notes:
            ended = True  # prose after a table's note
            break
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
    return [c for c in chunks.values() if c.header or c.data or c.numbers], notes, unit, ended


CONTINUATION_LINES = 3  # a table going on over a page has a row among the page's first lines
PROSE_CROSSINGS = 3  # a fragment running across this many column boundaries is prose
PROSE_WIDTH = 0.35  # ... and as wide as this share of the table


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


def chunk_rows(
    chunk: Chunk, layout: Layout, rules: list[Rule]
) -> tuple[list[tuple[Line, dict[int, list[Fragment]]]], bool]:
    """Group the chunk's data lines into rows, wrapped label lines joined to their row."""
    lines = []
    stopped = False
    page_frags = [f for line in chunk.header + chunk.data for f in line.fragments]
    ruled = (
        horizontal_rules(rules, min(f.x0 for f in page_frags), max(f.x1 for f in page_frags))
        if page_frags
        else []
    )
    ruled_until = max(ruled) if len(ruled) >= MIN_RULED_ROWS else None
    for line in chunk.data:
        if _is_prose(line, layout, ruled_until):
            stopped = True
            break
        lines.append(line)
    verticals = [r for r in rules if not r.horizontal]
    assigned = band_columns([f for line in lines for f in line.fragments], layout, verticals)
    placed: list[dict[int, list[Fragment]]] = []
    for line in lines:
        by_col: dict[int, list[Fragment]] = {}
        for f in line.fragments:
            by_col.setdefault(assigned[f], []).append(f)
        placed.append(by_col)
    rn = next((c.index for c in layout.columns if c.is_row_number), None)

    def is_anchor(k: int) -> bool:
        if has_figures(lines[k]):
            return True
        return rn is not None and rn in placed[k] and parse_row_number(placed[k][rn][0].text) is not None

    anchors = [k for k in range(len(lines)) if is_anchor(k)]
    mids = [(line.top + line.bottom) / 2 for line in lines]
    frags = [f for line in lines for f in line.fragments]
    hrules = horizontal_rules(rules, min(f.x0 for f in frags), max(f.x1 for f in frags)) if frags else []
    owner = row_owners(mids, anchors, hrules)
    rows: dict[int, dict[int, list[Fragment]]] = {}
    for k in range(len(lines)):
        target = rows.setdefault(owner[k], {})
        for col, frags in placed[k].items():
            target.setdefault(col, []).extend(frags)
    return [(lines[k], rows[k]) for k in sorted(rows)], stopped


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


def region_to_table(region: Region, rules: dict[int, list[Rule]] | None = None) -> Table:
    """Read one table region of a PDF; `rules` are the ruling segments of each page, if any."""
    table = Table(region.kind, printed_title(region.title_line.text), columns=[])
    chunks, table.notes, table.unit, _ = split_chunks(region)
    table.declared_empty = any(declares_empty(n) for n in table.notes)
    layout: Layout | None = None
    by_number: dict[int, Column] = {}
    position = 0
    for chunk in chunks:
        if layout is not None and chunk.numbers is None and not any(is_header_line(h) for h in chunk.header):
            # a continuation page without a repeated header: its first label lines are rows,
            # unless no row starts near its top (the table ended on the page before)
            chunk.data = sorted(chunk.header + chunk.data, key=lambda line: line.top)
            chunk.header = []
            if not any(_starts_row(line) for line in chunk.data[:CONTINUATION_LINES]):
                break
        reclaim_first_row(chunk, (rules or {}).get(chunk.page, []))
        page_rules = (rules or {}).get(chunk.page, [])
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
            by_number = {c.number: c for c in table.columns}
        if chunk.page and chunk.page not in table.pages:
            table.pages.append(chunk.page)
        grouped, stopped = chunk_rows(chunk, page_layout, (rules or {}).get(chunk.page, []))
        for line, cols in grouped:
            texts = {page_layout.columns[i]: _cell_text(fs) for i, fs in cols.items()}
            number = None
            cells = []
            for col, text in texts.items():
                own = (
                    by_number.get(col.number, col)
                    if col.number_printed
                    else table.columns[min(col.index, len(table.columns) - 1)]
                )
                if col.is_row_number:
                    number = parse_row_number(text)
                    continue
                if text:
                    cells.append(Cell(own, text, page=line.page))
            position += 1
            cells.sort(key=lambda c: c.column.index)
            table.rows.append(
                Row(number if number is not None else position, number is not None, cells, line.page)
            )
        if stopped:
            break
    return table
