"""PDF pages as a stream of text lines and ruled tables, for the parts read like a text conversion.

The performance-target, procurement and asset tables are read by the same code for both forms
(extract/performance.py, extract/annexes.py). For a PDF, each ruled table on a page becomes one
tab-like line per row, its cells the text printed between the rules (a cell wrapped over several
lines is joined); the lines around the tables stay as they are, and titles become headings.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right

from budgetlod.extract.lines import Fragment, Line
from budgetlod.extract.pdfchars import Rule

MIN_RULES = 3  # a grid needs at least this many horizontal and vertical rules
MERGE = 1.5  # rules closer than this (points) are one
_ANNEX_TITLE = re.compile(r"(绩效目标表|政府采购预算|资产占用情况表|名词解释)$")
_SECTION = re.compile(r"^[一二三四五六七八九十]+、")


def _positions(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > MERGE:
            out.append(v)
    return out


def _grids(rules: list[Rule]) -> list[tuple[list[float], list[float]]]:
    """Row and column boundaries of each ruled table on a page, top to bottom.

    Two horizontal rules belong to one table when a vertical rule runs between them; a page can
    hold several tables with titles in between.
    """
    verticals = [r for r in rules if not r.horizontal and r.bottom - r.top > 5]
    ys = _positions([(r.top + r.bottom) / 2 for r in rules if r.horizontal and r.x1 - r.x0 > 20])
    groups: list[list[float]] = []
    for y in ys:
        if groups and any(v.top <= groups[-1][-1] + MERGE and v.bottom >= y - MERGE for v in verticals):
            groups[-1].append(y)
        else:
            groups.append([y])
    out = []
    for g in groups:
        xs = _positions(
            [(v.x0 + v.x1) / 2 for v in verticals if v.top < g[-1] - MERGE and v.bottom > g[0] + MERGE]
        )
        if len(g) >= MIN_RULES and len(xs) >= MIN_RULES:
            out.append((g, xs))
    return out


WORD_GAP = 2.0  # fragments of one printed line further apart than this (points) had a space between


def _cell_text(frags: list[Fragment]) -> str:
    """A cell's text: its lines joined without a space (CJK wraps anywhere), words on one line with one."""
    parts: list[str] = []
    last: Fragment | None = None
    for f in sorted(frags, key=lambda f: (round(f.top), f.x0)):
        if last is not None and abs(f.top - last.top) <= 1 and f.x0 - last.x1 > WORD_GAP:
            parts.append(" ")
        parts.append(f.text)
        last = f
    return "".join(parts)


def title_heading(line: Line) -> int:
    """The heading level a line with no markup of its own is read at by the annex readers: 3 for an
    annex's title, 2 for a section (`六、…`), else 0."""
    return 3 if _ANNEX_TITLE.search(line.compact) else 2 if _SECTION.match(line.compact) else 0


def with_headings(lines: list[Line]) -> list[Line]:
    """A workbook's or a web page's lines with titles marked as headings, as a PDF's stream has them."""
    return [
        line if line.tabular or line.heading else dataclasses.replace(line, heading=title_heading(line))
        for line in lines
    ]


def page_stream(lines: list[Line], rules: list[Rule]) -> list[Line]:
    """One page's lines, its ruled tables turned into tab-like rows, titles marked as headings."""
    grids = _grids(rules)
    out: list[Line] = []
    rows: dict[tuple[int, int], dict[int, list[Fragment]]] = {}
    row_top: dict[tuple[int, int], float] = {}
    for line in lines:
        mid = (line.top + line.bottom) / 2
        g = next((k for k, (ys, _) in enumerate(grids) if ys[0] < mid < ys[-1]), None)
        if g is not None:
            ys, xs = grids[g]
            key = (g, bisect_right(ys, mid) - 1)
            for f in line.fragments:
                rows.setdefault(key, {}).setdefault(bisect_right(xs, f.center) - 1, []).append(f)
            row_top[key] = min(row_top.get(key, line.top), line.top)
            continue
        out.append(
            Line(
                line.fragments, page=line.page, top=line.top, bottom=line.bottom, heading=title_heading(line)
            )
        )
    page = lines[0].page if lines else None
    for key, cells in rows.items():
        fields = [_cell_text(cells.get(c, [])) for c in range(max(cells) + 1)]
        frags = [Fragment(text, float(i), float(i) + 1) for i, text in enumerate(fields)]
        out.append(Line(frags, page=page, top=row_top[key], bottom=row_top[key], tabular=True))
    out.sort(key=lambda line: line.top)
    return out


def annex_stream(lines: list[Line], rules: dict[int, list[Rule]]) -> list[Line]:
    """All pages of a PDF as one stream for the readers of text conversions."""
    pages: dict[int, list[Line]] = {}
    for line in lines:
        pages.setdefault(line.page or 0, []).append(line)
    out: list[Line] = []
    for page in sorted(pages):
        out += page_stream(pages[page], rules.get(page, []))
    return out
