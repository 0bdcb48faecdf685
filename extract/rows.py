"""Which printed lines make one table row.

Where the table is ruled between its rows, everything between two rules is one row, however
its cells are aligned vertically. Elsewhere (three-line and unruled tables) each line with a
figure, a code or a 序号 anchors a row, and a label-only line joins the nearest anchor when it
is closer than most rows are to each other (a wrapped label); otherwise it is a row itself.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import pairwise

from budgetlod.extract.pdfchars import Rule
from budgetlod.extract.settings import LAYOUT

WRAP_SHARE = LAYOUT.wrap_share
RULE_COVERAGE = LAYOUT.rule_coverage
RULE_MERGE = LAYOUT.rule_merge
DENSE_SHARE = LAYOUT.dense_share
MIN_RULED_ROWS = LAYOUT.min_ruled_rows


def horizontal_rules(rules: list[Rule], x0: float, x1: float) -> list[float]:
    """The vertical positions of horizontal rules running under much of [x0, x1]."""
    width = max(x1 - x0, 1.0)
    segments = sorted(((r.top + r.bottom) / 2, r.x0, r.x1) for r in rules if r.horizontal)
    rows: list[list[tuple[float, float, float]]] = []
    for seg in segments:
        if rows and seg[0] - rows[-1][-1][0] <= RULE_MERGE:
            rows[-1].append(seg)
        else:
            rows.append([seg])
    out = []
    for group in rows:
        spans = sorted((max(a, x0), min(b, x1)) for _, a, b in group if min(b, x1) > max(a, x0))
        covered, end = 0.0, float("-inf")
        for a, b in spans:
            if a > end:
                covered += b - a
            elif b > end:
                covered += b - end
            end = max(end, b)
        if covered >= RULE_COVERAGE * width:
            out.append(sum(y for y, _, _ in group) / len(group))
    return out


def anchor_owners(mids: list[float], anchors: list[int], lines: list[int]) -> dict[int, int]:
    """Owner (anchor line) of each of `lines` by vertical nearness."""
    gaps = sorted(mids[b] - mids[a] for a, b in pairwise(anchors))
    pitch = gaps[len(gaps) // 2] if gaps else 0.0
    owner: dict[int, int] = {}
    for k in lines:
        if k in anchors:
            owner[k] = k
            continue
        near = min(anchors, key=lambda a: (abs(mids[a] - mids[k]), a > k), default=None)
        close = near is not None and pitch and abs(mids[near] - mids[k]) < WRAP_SHARE * pitch
        owner[k] = near if close and near is not None else k
    return owner


def row_owners(mids: list[float], anchors: list[int], hrules: list[float]) -> dict[int, int]:
    """For every line index, the index of the first line of its row."""
    everything = list(range(len(mids)))
    cells: dict[int, list[int]] = {}
    outside = []
    for k, m in enumerate(mids):
        i = bisect_right(hrules, m) - 1
        if 0 <= i < len(hrules) - 1:
            cells.setdefault(i, []).append(k)
        else:
            outside.append(k)
    # a three-line table has one or two ruled spans holding many rows: its rules are not row rules
    if len(cells) < MIN_RULED_ROWS or len(cells) < DENSE_SHARE * max(len(anchors), 1):
        return anchor_owners(mids, anchors, everything)
    owner = {k: min(ks) for ks in cells.values() for k in ks}
    owner.update(anchor_owners(mids, [a for a in anchors if a in outside], outside))
    return owner
