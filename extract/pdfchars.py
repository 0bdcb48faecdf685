"""Characters of a PDF page with their boxes, read through pdfplumber's pdfminer engine.

pdfplumber turns every glyph into a dict of some thirty attributes and also collects every
ruling line and rectangle; table reading here needs only each glyph's text and box. This
device records just that, which makes the whole extraction faster than a plain
`extract_tables()` pass over the same pages (see bench/extract_speed.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any, NamedTuple

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import stream_value
from pdfminer.utils import Matrix, apply_matrix_pt, apply_matrix_rect

from budgetlod.extract.limits import Budget
from budgetlod.extract.settings import LAYOUT


class Char(NamedTuple):
    """One printed glyph: its text and box in points, `top` measured from the top of the page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    upright: bool
    baseline: float  # where the glyph stands, from the top: one line's glyphs share it, whatever the font
    confidence: float | None = None  # a recognised (OCR) glyph's: its text box's confidence, 0-1


class Rule(NamedTuple):
    """A horizontal or vertical ruling segment, `top` measured from the top of the page."""

    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


THIN = LAYOUT.thin
MIN_RULE = LAYOUT.min_rule


class CharDevice(PDFTextDevice):
    """A pdfminer device that keeps glyph text and boxes, and axis-aligned ruling segments."""

    def __init__(self, rsrcmgr: PDFResourceManager, budget: Budget | None = None) -> None:
        super().__init__(rsrcmgr)
        self.budget = budget
        self.chars: list[Char] = []
        self.rules: list[Rule] = []
        self.height = 0.0

    def begin_page(self, page: PDFPage, ctm: Matrix) -> None:
        x0, y0, x1, y1 = page.mediabox
        self.height = (x1 - x0) if page.rotate in (90, 270) else (y1 - y0)
        self.ctm = ctm

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: Any,
        graphicstate: Any,
    ) -> float:
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = f"(cid:{cid})"
        adv = font.char_width(cid) * fontsize * scaling
        # the same box pdfminer's LTChar computes
        if font.is_vertical():
            vx, vy = font.char_disp(cid)  # type: ignore[misc]
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            bbox = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
        else:
            descent = font.get_descent() * fontsize
            bbox = (0, descent + rise, adv, descent + rise + fontsize)
        a, b, c, d, _e, _f = matrix
        x0, y0, x1, y1 = apply_matrix_rect(matrix, bbox)
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        size = (x1 - x0) if font.is_vertical() else (y1 - y0)
        upright = a * d * scaling > 0 and b * c <= 0
        baseline = self.height - apply_matrix_pt(matrix, (0, rise))[1]
        self.chars.append(Char(text, x0, x1, self.height - y1, self.height - y0, size, upright, baseline))
        return adv

    def paint_path(self, gstate: Any, stroke: bool, fill: bool, evenodd: bool, path: Any) -> None:
        """Keep the axis-aligned edges of stroked paths and of thin filled rectangles."""
        assert self.ctm is not None
        subpaths: list[list[tuple[float, float]]] = []
        for seg in path:
            op = seg[0]
            if op == "m":
                subpaths.append([apply_matrix_pt(self.ctm, (seg[1], seg[2]))])
            elif op in ("l", "c", "v", "y") and subpaths:
                subpaths[-1].append(apply_matrix_pt(self.ctm, (seg[-2], seg[-1])))
            elif op == "h" and subpaths and subpaths[-1]:
                subpaths[-1].append(subpaths[-1][0])
        for pts in subpaths:
            if len(pts) < 2:
                continue
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            thin = min(max(xs) - min(xs), max(ys) - min(ys)) < THIN
            if not stroke and not thin:
                continue  # a shaded cell: its edges are not rules
            if thin:
                self._rule(min(xs), max(ys), max(xs), min(ys))
                continue
            for (xa, ya), (xb, yb) in pairwise(pts):
                if abs(xa - xb) < 0.5 or abs(ya - yb) < 0.5:
                    self._rule(min(xa, xb), max(ya, yb), max(xa, xb), min(ya, yb))

    def _rule(self, x0: float, y_top: float, x1: float, y_bottom: float) -> None:
        if max(x1 - x0, y_top - y_bottom) >= MIN_RULE:
            self.rules.append(Rule(x0, x1, self.height - y_top, self.height - y_bottom))


class LimitedInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter, charged for every stream it draws (its inflated bytes).

    Form XObjects are run by copies of this class (pdfminer's `dup`) on the same device, so what
    a page draws through them, however deeply nested, is charged to the page's one budget.
    """

    device: CharDevice

    def execute(self, streams: Sequence[object]) -> None:
        budget = self.device.budget
        if budget is not None:
            budget.spend_draw()
            for obj in streams:
                budget.spend_stream(stream_value(obj))
        super().execute(streams)


def page_objects(
    rsrcmgr: PDFResourceManager, page: PDFPage, budget: Budget | None = None
) -> tuple[list[Char], list[Rule]]:
    """All glyphs of one page in content-stream order, and its ruling segments.

    With a budget, raises LimitExceeded when the page costs more than its limits allow.
    """
    device = CharDevice(rsrcmgr, budget)
    LimitedInterpreter(rsrcmgr, device).process_page(page)
    return device.chars, device.rules
