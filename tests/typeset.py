"""Typeset the nine tables of a text conversion as a PDF, in the styles real disclosures use.

The tests feed these PDFs to the extractor and compare with the ground truth, so this module
reads the text conversion on its own (it does not use budgetlod's reader): `## ` headings name
the tables, tab-separated lines are rows, other lines are metadata or notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONTS = Path(__file__).resolve().parent / "fonts"
TITLES = ("收支总表", "收入总表", "支出总表", "支出表", "基本支出表", "经费支出表")
_TAG = re.compile(r"</?[a-z]+>")
_AMOUNT = re.compile(r"^-?\d+\.\d+$")
MARGIN = 40.0
ROW = 16.0
BODY = 8.0
MAX_COL = 150.0  # wider text wraps inside its cell


@dataclass
class Style:
    name: str
    font: str = "cid"  # "cid": STSong-Light, not embedded; "ttf": an embedded TrueType subset
    rules: str = "full"  # "full", "three-line" or "none"
    spaced_titles: bool = False
    yuan: bool = False  # figures in 元 with thousands separators instead of 万元
    repeat_header: bool = True
    start_at_bottom: bool = False  # a table begins low on a page and goes on over the next
    rows_per_page: int = 18
    code_above: bool = False  # a row's code printed a line above its name and figures
    password: str | None = None  # encrypt: "" = restrictions only (opens without one), else a user password
    prose_pages: int = 0  # pages of narrative after the tables (a long document)
    unnumbered: tuple[str, ...] = ()  # titles (suffix) of tables printed with no 序号 column or 栏次 row
    landscape: bool = False  # every table on a landscape page
    foot_tables: tuple[str, ...] = ()  # titles (substring) of tables printed at a page's foot
    abut_row_numbers: bool = False  # 序号 right-aligned against the labels, as narrow tables print them
    heading_after: bool = False  # the narrative's title right under the last table, no gap


@dataclass
class TextTable:
    title: str
    meta: list[str] = field(default_factory=list)
    header: list[list[str]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_tables(text: str) -> list[TextTable]:
    """The nine tables of a text conversion, each once (page-break repeats dropped)."""
    tables: list[TextTable] = []
    current: TextTable | None = None
    for raw in text.splitlines():
        line = _TAG.sub("", raw).replace("**", "").rstrip()
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            is_table = title.endswith(TITLES) and "....." not in title
            current = TextTable(title) if is_table else None
            if current:
                tables.append(current)
            continue
        if current is None or not line.strip():
            continue
        if "\t" not in line:
            if line.startswith("注"):
                current.notes.append(line)
            elif not current.rows and line not in current.meta:
                current.meta.append(line)
            continue
        cells = [c.strip() for c in line.split("\t")]
        if cells[0].isdigit():
            current.rows.append(cells)
        elif not current.rows and (cells[0] in ("序号", "栏次", "档次") or (current.header and not cells[0])):
            current.header.append(cells)
    return tables


def _font(style: Style) -> str:
    if style.font == "ttf":
        if "UMingSubset" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("UMingSubset", str(FONTS / "uming-handan-subset.ttf")))
        return "UMingSubset"
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def _yuan(cell: str) -> str:
    if not _AMOUNT.match(cell):
        return cell
    return f"{(Decimal(cell) * 10000):,.2f}"


class Typesetter:
    def __init__(self, path: Path, style: Style) -> None:
        self.style = style
        self.font = _font(style)
        encrypt = None
        if style.password is not None:
            from reportlab.lib.pdfencrypt import StandardEncryption

            encrypt = StandardEncryption(style.password, ownerPassword="owner", canPrint=0, canCopy=0)
        self.c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
        self.page_size = A4
        self.y = 0.0
        self.fresh = True
        self.abut = False

    def width(self, text: str, size: float = BODY) -> float:
        return pdfmetrics.stringWidth(text, self.font, size)

    def wrap(self, text: str, limit: float) -> list[str]:
        lines, cur = [], ""
        for ch in text:
            if cur and self.width(cur + ch) > limit:
                lines.append(cur)
                cur = ""
            cur += ch
        return [*lines, cur] if cur else lines or [""]

    def new_page(self, size: tuple[float, float]) -> None:
        if not self.fresh:
            self.c.showPage()
        self.c.setPageSize(size)
        self.page_size = size
        self.y = size[1] - MARGIN
        self.fresh = False

    def text(self, x: float, text: str, size: float = BODY) -> None:
        self.c.setFont(self.font, size)
        self.c.drawString(x, self.y, text)

    def table(self, t: TextTable) -> None:
        st = self.style
        rows = [[_yuan(c) if st.yuan else c for c in r] for r in t.rows]
        header = t.header
        if t.title.endswith(st.unnumbered) and st.unnumbered:
            rows = [r[1:] for r in rows]
            header = [h[1:] for h in header if h and h[0] not in ("栏次", "档次")]
        t = TextTable(t.title, t.meta, header, rows, t.notes)
        ncols = max(len(r) for r in t.header + rows)
        grid = [r + [""] * (ncols - len(r)) for r in t.header + rows]
        widths = [
            min(MAX_COL, max([self.width(r[j]) + 8 for r in grid if r[j]] + [22.0])) for j in range(ncols)
        ]
        total = sum(widths)
        size = landscape(A4) if st.landscape or total > A4[0] - 2 * MARGIN else A4
        at_foot = any(key in t.title for key in st.foot_tables)
        self.abut = at_foot and st.abut_row_numbers
        needed = 60 + ROW * (len(t.header) + len(rows) + 1)
        if at_foot and not self.fresh and self.page_size == size and self.y > needed + MARGIN:
            self.y = MARGIN + needed  # the whole table fits at the page's foot
        elif st.start_at_bottom and not self.fresh and self.page_size == size and self.y > 200:
            self.y = 150.0  # the title lands near the foot of the page; the rows go on overleaf
        else:
            self.new_page(size)
        title = " ".join(t.title) if st.spaced_titles else t.title
        self.y -= 20
        self.c.setFont(self.font, 14)
        self.c.drawCentredString(size[0] / 2, self.y, title)
        self.y -= 22
        meta = [m for m in t.meta if "单位" not in m]
        meta.append("单位：元" if st.yuan else "单位：万元")
        self.text(MARGIN, "    ".join(meta))
        self.y -= 10
        chunks = [rows[i : i + st.rows_per_page] for i in range(0, len(rows), st.rows_per_page)] or [[]]
        if st.start_at_bottom and len(chunks[0]) > 2:
            chunks = [
                chunks[0][:2],
                *[rows[i : i + st.rows_per_page] for i in range(2, len(rows), st.rows_per_page)],
            ]
        for n, chunk in enumerate(chunks):
            if n > 0:
                self.new_page(size)
            if n == 0 or st.repeat_header:
                self.block(t.header, widths, header=True)
            self.block(chunk, widths, header=False, last=n == len(chunks) - 1)
        for note in t.notes:
            self.y -= 14
            self.text(MARGIN, note)

    def block(self, rows: list[list[str]], widths: list[float], header: bool, last: bool = True) -> None:
        st = self.style
        xs = [MARGIN]
        for w in widths:
            xs.append(xs[-1] + w)
        top = self.y
        if st.rules in ("full", "three-line") and (header or st.rules == "full"):
            self.c.line(xs[0], top, xs[-1], top)
        for r, row in enumerate(rows):
            cells = row + [""] * (len(widths) - len(row))
            # a space in a cell of the text conversion is where the published cell wrapped
            wrapped = [
                [part for piece in c.split(" ") for part in self.wrap(piece, w - 6)] if c else [""]
                for c, w in zip(cells, widths, strict=True)
            ]
            height = max(ROW, max(len(w) for w in wrapped) * 10 + 6)
            code_row = st.code_above and not header and len(cells) > 1 and cells[1].isdigit()
            if code_row:
                height = max(height, 26.0)
            base = self.y
            spans = self.spans(rows, r) if header else [(j, j) for j in range(len(cells))]
            for a, b in spans:
                lines = wrapped[a]
                x0, x1 = xs[a], xs[b + 1]
                for k, text in enumerate(lines):
                    ty = base - height / 2 - 3 + (len(lines) - 1) * 5 - k * 10
                    if code_row:
                        ty = base - 9 if a == 1 else base - 19 - k * 10
                    self.c.setFont(self.font, BODY)
                    numeric = bool(re.match(r"^-?[\d,]+\.\d+$", text))
                    if self.abut and not header and a == 0 and text.isdigit():
                        self.c.drawRightString(x1 + 0.5, ty, text)  # touching the label's cell
                    elif header or (not numeric and not (a > 0 and text.isdigit())):
                        if header:
                            self.c.drawCentredString((x0 + x1) / 2, ty, text)
                        else:
                            self.c.drawString(x0 + (1 if self.abut else 3), ty, text)
                    else:
                        self.c.drawRightString(x1 - 3, ty, text)
                if st.rules == "full":
                    self.c.line(x0, base, x0, base - height)
                    self.c.line(x1, base, x1, base - height)
            self.y -= height
            if st.rules == "full":
                self.c.line(xs[0], self.y, xs[-1], self.y)
        if st.rules == "three-line" and (header or last):
            self.c.line(xs[0], self.y, xs[-1], self.y)

    @staticmethod
    def spans(rows: list[list[str]], r: int) -> list[tuple[int, int]]:
        """Header cells: a cell followed by empty ones spans them when the row below is split there."""
        row = rows[r]
        below = rows[r + 1] if r + 1 < len(rows) else None
        out: list[tuple[int, int]] = []
        j = 0
        while j < len(row):
            end = j
            while below is not None and end + 1 < len(row) and not row[end + 1] and row[j] and below[end + 1]:
                end += 1
            out.append((j, end))
            j = end + 1
        return out

    def prose(self, lines: list[str]) -> None:
        if self.style.heading_after:  # a part heading in a larger font right under the last table
            self.y -= 18
            self.text(MARGIN, lines[-1], size=13)
            self.y -= 18
            return
        self.y -= 30
        for line in lines:
            self.text(MARGIN, line[:40], size=10)
            self.y -= 16

    def save(self) -> None:
        self.c.showPage()
        self.c.save()


def typeset(source: Path, target: Path, style: Style) -> Path:
    """Typeset the tables of a text conversion, in a style, followed by a line of prose."""
    ts = Typesetter(target, style)
    for table in read_tables(source.read_text(encoding="utf-8")):
        ts.table(table)
    ts.prose(["邯郸市行政审批局2023年部门预算信息公开情况说明", "一、部门职责及机构设置情况"])
    for page in range(style.prose_pages):
        ts.new_page(A4)
        ts.prose([f"（{page + 1}）本部门履行职责情况说明，第{page + 1}页。" for _ in range(40)])
    ts.save()
    return target
