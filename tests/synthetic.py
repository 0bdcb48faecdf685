"""Tables drawn glyph by glyph at chosen places, for geometries the Handan styles do not have.

Each case is a list of pages; a page is a list of texts (x, baseline from the top, text, size,
alignment) and rules. Nothing here knows budgetlod: the tests say what a reader must find.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"


@dataclass
class Text:
    x: float
    y: float  # baseline, from the top of the page
    text: str
    size: float = 8.0
    align: str = "left"  # left, right, centre


@dataclass
class Page:
    texts: list[Text] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, y0, x1, y1 from top
    #: cell rectangles (x0, top, x1, bottom): a table drawn as boxes, with no line objects
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    landscape: bool = False
    #: 90: a portrait page stored with `/Rotate 90`, its content drawn turned so that it reads
    #: upright as displayed (landscape), as spreadsheet exports print wide tables
    rotate: int = 0

    def add(self, x: float, y: float, text: str, size: float = 8.0, align: str = "left") -> None:
        self.texts.append(Text(x, y, text, size, align))


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def draw(path: Path, pages: list[Page]) -> Path:
    font = _font()
    c = canvas.Canvas(str(path), pagesize=A4)
    for page in pages:
        size = landscape(A4) if page.landscape else A4
        c.setPageSize(size)
        c.saveState()
        c.setPageRotation(0)  # reportlab keeps a rotation for the pages after
        height = size[1]
        if page.rotate == 90:
            c.setPageSize(A4)
            c.setPageRotation(90)
            c.translate(A4[0], 0)
            c.rotate(90)  # from here on, coordinates are those of the landscape page as displayed
            height = A4[0]
        for t in page.texts:
            c.setFont(font, t.size)
            draw_text = {"left": c.drawString, "right": c.drawRightString, "centre": c.drawCentredString}
            draw_text[t.align](t.x, height - t.y, t.text)
        for x0, y0, x1, y1 in page.rules:
            c.line(x0, height - y0, x1, height - y1)
        for x0, top, x1, bottom in page.boxes:
            c.rect(x0, height - bottom, x1 - x0, bottom - top, stroke=1, fill=0)
        c.restoreState()
        c.showPage()
    c.save()
    return path


@dataclass
class Column:
    header: list[tuple[str, float]]  # header words and their baseline offset below the header's top
    x0: float
    x1: float
    numeric: bool = True


def money(value: Decimal) -> str:
    return f"{value:,.2f}"


@dataclass
class GridTable:
    """A table drawn on consecutive pages: header on the first page only unless repeated."""

    title: str
    meta: str
    columns: list[Column]
    rows: list[list[str]]
    rows_per_page: int = 12
    repeat_header: bool = False
    ruled: bool = True
    boxed: bool = False  # cells drawn as rectangles rather than lines
    row_height: float = 18.0
    header_height: float = 30.0

    def pages(self, first: Page | None = None, top: float = 60.0) -> list[Page]:
        out: list[Page] = []
        chunks = [self.rows[i : i + self.rows_per_page] for i in range(0, len(self.rows), self.rows_per_page)]
        for n, chunk in enumerate(chunks):
            page = first if (n == 0 and first is not None) else Page()
            y = top
            if n == 0:
                page.add(300, y, self.title, 14, "centre")
                y += 22
                page.add(self.columns[0].x0, y, self.meta)
                y += 10
            if n == 0 or self.repeat_header:
                self._header(page, y)
                y += self.header_height
            for row in chunk:
                self._row(page, y, row)
                y += self.row_height
            out.append(page)
        return out

    def _boxes(self, page: Page, y0: float, y1: float) -> None:
        if self.boxed:
            page.boxes += [(col.x0, y0, col.x1, y1) for col in self.columns]

    def _hline(self, page: Page, y: float) -> None:
        if self.ruled and not self.boxed:
            page.rules.append((self.columns[0].x0, y, self.columns[-1].x1, y))

    def _vlines(self, page: Page, y0: float, y1: float) -> None:
        self._boxes(page, y0, y1)
        if self.ruled and not self.boxed:
            for col in self.columns:
                page.rules.append((col.x0, y0, col.x0, y1))
            page.rules.append((self.columns[-1].x1, y0, self.columns[-1].x1, y1))

    def _header(self, page: Page, y: float) -> None:
        self._hline(page, y)
        for col in self.columns:
            for word, offset in col.header:
                page.add((col.x0 + col.x1) / 2, y + offset, word, 8, "centre")
        self._vlines(page, y, y + self.header_height)
        self._hline(page, y + self.header_height)

    def _row(self, page: Page, y: float, row: list[str]) -> None:
        base = y + self.row_height / 2 + 3
        for col, text in zip(self.columns, row, strict=True):
            if not text:
                continue
            if col.numeric:
                page.add(col.x1 - 3, base, text, 8, "right")
            else:
                page.add(col.x0 + 3, base, text, 8, "left")
        self._vlines(page, y, y + self.row_height)
        self._hline(page, y + self.row_height)
