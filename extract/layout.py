"""Where a PDF table's columns are, and which column each printed fragment belongs to.

Columns come from a 栏次 row, from the header's leaf cells, or from the bands the figures
occupy. Data fragments are placed band by band (a band being text printed in one vertical
strip across all the rows of a table), so a label left-aligned in a wide cell still lands in
its own column; the boundaries between columns are vertical rules where a table is ruled,
else halfway across the gap between two headers.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from budgetlod.extract.headers import WRAP_GAP, WRAP_OVERLAP, Leaf
from budgetlod.extract.lines import Fragment, Line
from budgetlod.extract.model import Column
from budgetlod.extract.numbers import compact, is_code, is_code_part, is_digits, parse_amount
from budgetlod.extract.pdfchars import Rule
from budgetlod.extract.settings import LAYOUT

BAND_GAP = LAYOUT.band_gap
TEXT_GAP = LAYOUT.text_gap
#: Numbers missing from a 栏次 row that are taken for unread (their columns placed in the gap)
#: rather than for a row that does not number those columns.
MAX_UNREAD_NUMBERS = 2


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


def _is_words(f: Fragment) -> bool:
    t = compact(f.text)
    return parse_amount(t) is None and not is_code(t) and not is_code_part(t)


def bands(fragments: list[Fragment]) -> list[tuple[float, float, list[Fragment]]]:
    """Merge the horizontal extents of fragments into disjoint bands, left to right.

    Two bands of words separated by less than about a character are one cell's text (a label
    printed with a space in it); a band of figures or codes never joins a band of words.
    """
    out: list[tuple[float, float, list[Fragment]]] = []
    for f in sorted(fragments, key=lambda f: f.x0):
        if out and f.x0 <= out[-1][1] + BAND_GAP:
            x0, x1, members = out[-1]
            members.append(f)
            out[-1] = (x0, max(x1, f.x1), members)
        else:
            out.append((f.x0, f.x1, [f]))
    merged: list[tuple[float, float, list[Fragment]]] = []
    for band in out:
        if merged:
            x0, x1, members = merged[-1]
            height = max(f.bottom - f.top for f in members + band[2])
            if band[0] - x1 < TEXT_GAP * height and all(map(_is_words, members + band[2])):
                merged[-1] = (x0, max(x1, band[1]), members + band[2])
                continue
        merged.append(band)
    return merged


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

    row_number = {c.index for c in layout.columns if c.is_row_number}
    rn = min(row_number, default=len(bounds))
    rn_column = (rn, bounds[rn]) if rn < len(bounds) else None  # the 序号 column and its right boundary
    assigned: dict[Fragment, int] = {}
    for x0, x1, members in bands(fragments):
        inside = [i for i, c in enumerate(centers) if x0 - BAND_GAP <= c <= x1 + BAND_GAP]
        if any(_is_words(f) for f in members):
            inside = [i for i in inside if i not in row_number]  # 序号 are numbers
        for f in members:
            if rn_column and f.x1 <= rn_column[1] and is_digits(compact(f.text)):
                assigned[f] = rn_column[0]  # a 序号 printed against its label shares the label's band
                continue
            if len(inside) == 1:
                assigned[f] = inside[0]
            elif inside:
                assigned[f] = min(
                    inside, key=lambda k: (k != column_of(f.center), abs(centers[k] - f.center))
                )
            else:
                overlaps = [min(x1, edges[k + 1]) - max(x0, edges[k]) for k in range(len(centers))]
                candidates = [k for k in range(len(centers)) if not (k in row_number and _is_words(f))]
                assigned[f] = max(candidates or range(len(centers)), key=lambda k: overlaps[k])
    return assigned


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
                if top - abottom < WRAP_GAP * (bottom - top) and overlap > WRAP_OVERLAP * min(
                    a1 - a0, x1 - x0
                ):
                    stack[-1] = (t + text, min(a0, x0), max(a1, x1), atop, bottom)
                    continue
            stack.append((text, x0, x1, top, bottom))
    return [tuple(part[0] for part in stack) for stack in stacks]


def layout_from_numbers(numbers: Line, header: list[Line]) -> Layout:
    """Columns from a 栏次 row: its label marks the 序号 column, its numbers the others."""
    extents: list[tuple[float, float]] = []
    columns: list[Column] = []
    first = numbers.fragments[0]
    if is_digits(compact(first.text)):
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
        is_rn = not is_digits(t)
        expected = next((c.number + 1 for c in reversed(columns) if not c.is_row_number), 1)
        if not is_rn and extents and expected < int(t) <= expected + MAX_UNREAD_NUMBERS:
            # a number of the row not read (a scan's faint digit): its column is still printed,
            # between its neighbours (`栏次 2 3 4 5` with 项目 above the gap before the 2)
            left, right = extents[-1][1], f.x0
            for k, n in enumerate(range(expected, int(t)), start=1):
                middle = left + (right - left) * k / (int(t) - expected + 1)
                columns.append(Column(len(columns), n, False, (), False))
                extents.append((middle - 1.0, middle + 1.0))
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
