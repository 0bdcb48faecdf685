"""Characters of a PDF page with their boxes, read through pdfplumber's pdfminer engine.

pdfplumber turns every glyph into a dict of some thirty attributes and also collects every
ruling line and rectangle; table reading here needs only each glyph's text and box. This
device records just that, which makes the whole extraction faster than a plain
`extract_tables()` pass over the same pages (see bench/extract_speed.py).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.utils import Matrix, apply_matrix_rect


class Char(NamedTuple):
    """One printed glyph: its text and box in points, `top` measured from the top of the page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    upright: bool


class CharDevice(PDFTextDevice):
    """A pdfminer device that keeps glyph text and boxes and ignores all drawing."""

    def __init__(self, rsrcmgr: PDFResourceManager) -> None:
        super().__init__(rsrcmgr)
        self.chars: list[Char] = []
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
        self.chars.append(
            Char(text, x0, x1, self.height - y1, self.height - y0, size, a * d * scaling > 0 and b * c <= 0)
        )
        return adv

    def paint_path(self, *args: Any, **kwargs: Any) -> None:
        return None  # rules and rectangles are not needed to read the tables


def page_chars(rsrcmgr: PDFResourceManager, page: PDFPage) -> list[Char]:
    """All glyphs of one page, in content-stream order."""
    device = CharDevice(rsrcmgr)
    PDFPageInterpreter(rsrcmgr, device).process_page(page)
    return device.chars
