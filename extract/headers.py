"""The header of a PDF table: which printed header cells are columns, and which are groups.

Header text is gathered into boxes (a cell wrapped over several lines is one box). A box with
two or more boxes below it, within its share of the width, is a group header (本年收入 over
its income sources, 项目 over code and name); the others are the leaf columns, left to right.
Nothing here needs ruling lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from budgetlod.extract.lines import Fragment, Line
from budgetlod.extract.pdfchars import Rule
from budgetlod.extract.settings import LAYOUT

WRAP_GAP = LAYOUT.wrap_gap
WRAP_OVERLAP = LAYOUT.wrap_overlap


@dataclass
class Box:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


def _joins(box: Box, f: Fragment) -> bool:
    overlap = min(box.x1, f.x1) - max(box.x0, f.x0)
    narrower = min(box.x1 - box.x0, f.x1 - f.x0)
    line_height = max(f.bottom - f.top, 1.0)
    gap = f.top - box.bottom
    return overlap > WRAP_OVERLAP * narrower and -1.0 <= gap < WRAP_GAP * line_height


def header_boxes(lines: list[Line]) -> list[Box]:
    """Header fragments merged into boxes: a cell wrapped over lines becomes one box."""
    boxes: list[Box] = []
    for f in sorted((f for line in lines for f in line.fragments), key=lambda f: (f.top, f.x0)):
        target = next((b for b in reversed(boxes) if _joins(b, f)), None)
        if target is None:
            boxes.append(Box(f.text, f.x0, f.x1, f.top, f.bottom))
        else:
            target.text += f.text
            target.x0, target.x1 = min(target.x0, f.x0), max(target.x1, f.x1)
            target.bottom = max(target.bottom, f.bottom)
    return boxes


def _span(box: Box, boxes: list[Box], verticals: list[Rule]) -> tuple[float, float]:
    """The share of the width a box heads.

    In a ruled header, the cell it is printed in: from the nearest vertical rule on its left to
    the nearest on its right. Otherwise halfway to its neighbours on the same header line.
    """
    mid = (box.top + box.bottom) / 2
    crossing = [(r.x0 + r.x1) / 2 for r in verticals if r.top - 1 <= mid <= r.bottom + 1]
    left_rules = [x for x in crossing if x <= box.x0 + 1]
    right_rules = [x for x in crossing if x >= box.x1 - 1]
    if left_rules and right_rules:
        return max(left_rules), min(right_rules)
    level = [b for b in boxes if b is not box and b.top < box.bottom and b.bottom > box.top]
    left = [b.center for b in level if b.center < box.center]
    right = [b.center for b in level if b.center > box.center]
    lo = (max(left) + box.center) / 2 if left else float("-inf")
    hi = (min(right) + box.center) / 2 if right else float("inf")
    return lo, hi


def _below(box: Box, boxes: list[Box], span: tuple[float, float]) -> list[Box]:
    return [b for b in boxes if b.top >= box.bottom - 1.0 and span[0] <= b.center <= span[1]]


def _is_group(box: Box, below: list[Box]) -> bool:
    """Two or more boxes below it, and printed over them (not beside them, like a tall name cell)."""
    if len(below) < 2:
        return False
    return box.x0 < max(b.x1 for b in below) and box.x1 > min(b.x0 for b in below)


Leaf = tuple[tuple[str, ...], float, float]  # header path (groups first), x0, x1 of the leaf text


def header_leaves(lines: list[Line], rules: list[Rule] | None = None) -> list[Leaf]:
    """The leaf columns of a header, left to right: each one's path and printed extent."""
    boxes = header_boxes(lines)
    verticals = [r for r in rules or [] if not r.horizontal]
    spans = {id(b): _span(b, boxes, verticals) for b in boxes}
    groups = [b for b in boxes if _is_group(b, _below(b, boxes, spans[id(b)]))]
    leaves = [b for b in boxes if b not in groups]
    out = []
    for leaf in sorted(leaves, key=lambda b: b.center):
        above = [
            g
            for g in groups
            if g.bottom <= leaf.top + 1.0 and spans[id(g)][0] <= leaf.center <= spans[id(g)][1]
        ]
        path = (*(g.text for g in sorted(above, key=lambda g: g.top)), leaf.text)
        out.append((path, leaf.x0, leaf.x1))
    return out
