"""Scanned pages: an image-only PDF page recognised by OCR into the glyphs a text page gives.

The engine is RapidOCR (PaddleOCR's Chinese detection and recognition models in ONNX, shipped in
the `rapidocr_onnxruntime` package from PyPI; CPU only, offline): `pip install 'budgetlod[ocr]'`.
Measured against Tesseract 5 with Debian's chi_sim on the Handan document scanned at 200 dpi, it
reads the tables' figures and labels where Tesseract garbles them (bench/README.md).

A page is rendered at OCR_DPI, turned straight (its skew estimated from the image), recognised,
and each recognised text box becomes glyphs with boxes in points, as the PDF reader's are; the
page's ruling lines are found in the image. From there segmentation, layout, headers and rows are
the PDF reader's own. Each glyph keeps its box's recognition confidence, and a cell the lowest of
its glyphs': the graph keeps it and a figure below LOW_CONFIDENCE is reported (`--strict` fails).
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import TYPE_CHECKING, Any

from PIL import Image

if TYPE_CHECKING:
    import numpy as np

from budgetlod.extract.pdfchars import Char, Rule

OCR_DPI = 300  # the scans of the tests: 200 and 300 dpi; more costs time and reads no better
LOW_CONFIDENCE = 0.95  # a recognised figure below this is reported, to be checked against the scan
MAX_SKEW = 5.0  # degrees searched either way
INSTALL = "pip install 'budgetlod[ocr]'"  # the extra that brings the engine and its models


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@functools.cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def _dark(img: Image.Image) -> np.ndarray:
    import numpy as np  # the `ocr` extra's: a plain install reads text PDFs without it

    a = np.asarray(img.convert("L"), dtype=np.uint8)
    return a < 160


def skew_angle(img: Image.Image) -> float:
    """The angle (degrees, counter-clockwise) the page's lines are turned by: the rotation that
    makes the rows of dark pixels sharpest (text lines and rules), searched coarse then fine."""
    small = img.convert("L")
    scale = 1000 / max(small.size)
    if scale < 1:
        small = small.resize((int(small.width * scale), int(small.height * scale)))

    import numpy as np

    def sharpness(angle: float) -> float:
        turned = small.rotate(-angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
        rows = _dark(turned).sum(axis=1).astype(np.float64)
        return float(np.var(np.diff(rows)))

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=sharpness)
    fine = np.arange(best - 0.5, best + 0.51, 0.05)
    return float(max(fine, key=sharpness))


def find_rules(dark: np.ndarray, scale: float) -> list[Rule]:
    """Horizontal and vertical ruling lines in a binarised page, in points: runs of dark pixels
    longer than a fiftieth of the page (text strokes are far shorter)."""
    import cv2
    import numpy as np

    img = dark.astype(np.uint8) * 255
    rules: list[Rule] = []
    h, w = img.shape
    for horizontal in (True, False):
        length = max(10, (w if horizontal else h) // 50)
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
        lines = cv2.morphologyEx(img, cv2.MORPH_OPEN, kernel)
        count, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
        for x, y, bw, bh, _area in stats[1:count]:
            if (bw if horizontal else bh) < length:
                continue
            rules.append(
                Rule(float(x / scale), float((x + bw) / scale), float(y / scale), float((y + bh) / scale))
            )
    # A table's wall meets its rules; a tall stroke of a large title does not.
    flat = [r for r in rules if r.horizontal]
    near = 2.0
    return flat + [
        r for r in rules
        if not r.horizontal
        and any(f.x0 - near <= r.x0 <= f.x1 + near and r.top - near <= f.top <= r.bottom + near for f in flat)
    ]  # fmt: skip


def recognise(img: Image.Image, scale: float) -> tuple[list[Char], list[Rule], float]:
    """Glyphs (with confidence) and rules of one page image rendered at `scale` pixels per point;
    and the skew it was turned straight by."""
    import numpy as np

    angle = skew_angle(img)
    if abs(angle) >= 0.05:
        img = img.rotate(-angle, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
    rgb = np.asarray(img.convert("RGB"))
    result, _ = _engine()(rgb)
    rules = find_rules(_dark(img), scale)
    walls = [r for r in rules if not r.horizontal]
    boxes = []
    for box, text, confidence in result or []:
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        # a cell's wall read as a bar is a gap between two cells' texts
        read = list_mark(paired_quotes(str(text).replace("|", " ").replace("｜", " ").strip()))
        text, confidence = despeck(read, float(confidence))
        text, confidence = decimal_point(text, confidence)
        if text and text.strip(_SPECK + " "):  # a box of specks alone (`·`, `。`) holds nothing printed
            x0, x1, top, bottom = min(xs) / scale, max(xs) / scale, min(ys) / scale, max(ys) / scale
            boxes.append((text, x0, x1, top, bottom, confidence))
    # A box is as tall as its glyphs happen to reach (digits are shorter than 政): body text gets
    # the page's usual height, so that size still tells a title (far taller) from a cell.
    heights = sorted(b[4] - b[3] for b in boxes)
    usual = heights[len(heights) // 2] if heights else 0.0
    chars: list[Char] = []
    for text, x0, x1, top, bottom, confidence in boxes:
        if bottom - top < 1.4 * usual:
            middle = (top + bottom) / 2
            top, bottom = middle - usual / 2, middle + usual / 2
        chars += _glyphs(text, x0, x1, top, bottom, confidence, walls)
    return chars, rules, angle


_SPECK = "·.,，'`:;°。、“”‘’\""  # never '-': a sign
_SPECKED = re.compile(rf"^([{re.escape(_SPECK)}]*)(.*?)([{re.escape(_SPECK)}]*)$", re.DOTALL)


_LIST_MARK = re.compile(r"^(\d{0,2}[一二三四五六七八九十]{1,3})[.。，,·、][·.]?(?=[^\x00-\x7f])")


_COLON_FIGURE = re.compile(r"-?[\d,]+[:：;；]\d{1,2}")


def decimal_point(text: str, confidence: float) -> tuple[str, float]:
    """A figure whose decimal point the engine read as a colon (`5754:70`): read with its point,
    and doubtful (below LOW_CONFIDENCE), so it is reported for checking, never taken silently."""
    if not _COLON_FIGURE.fullmatch(text):
        return text, confidence
    return re.sub(r"[:：;；]", ".", text), min(confidence, LOW_CONFIDENCE - 0.01)


def list_mark(text: str) -> str:
    """A label's list mark as printed (`九、其他收入`): the engine reads its 、 as a dot or comma at
    times (`九.其他收入`, `十七。金融支出`), or a speck after it as a dot (`四、·公共安全支出`)."""
    return _LIST_MARK.sub(r"\1、", text, count=1)


def paired_quotes(text: str) -> str:
    """A Chinese opening quote closed by the engine with a straight one (`“三公"经费`): the closing
    quote it pairs with, as printed (the engine's models read the two alike)."""
    for opening, closing, straight in (("“", "”", '"'), ("‘", "’", "'")):
        at = text.find(opening)
        while at >= 0:
            after = text.find(straight, at + 1)
            if after < 0:
                break
            closed = text.find(closing, at + 1)
            if not 0 <= closed < after:  # this one is closed by a straight quote
                text = text[:after] + closing + text[after + 1 :]
                closed = after
            at = text.find(opening, closed + 1)
    return text


def despeck(text: str, confidence: float) -> tuple[str, float]:
    """A box's text without a speck read as a dot or a mark at either end (`·1181.66`, `5.`,
    `行政事业单位医疗.`): a table's figure, code or label never starts or ends so. The box is then
    doubtful: its confidence drops below LOW_CONFIDENCE, so the figure is reported for checking."""
    m = _SPECKED.match(text)
    if m is None or not m.group(2) or not (m.group(1) or m.group(3)):
        return text, confidence
    if text.count("“") == text.count("”") and text.count('"') % 2 == 0 and ("“" in text or '"' in text):
        return text, confidence  # “三公”经费: quotes that pair are printed
    if text.count("‘") == text.count("’") > 0:
        return text, confidence
    inner = m.group(2)
    if not (inner[0].isdigit() or not inner[0].isascii()) or not (
        inner[-1].isdigit() or not inner[-1].isascii()
    ):
        return text, confidence  # `-` before a word, `...`: text, not a speck
    return inner, min(confidence, LOW_CONFIDENCE - 0.01)


_LEADING_CODE = re.compile(r"(?:\d{3}|\d{5}|\d{7})(?=[^\x00-\x7f])")
_AMOUNT = r"-?\d[\d,]*\.\d+"
#: A row's 序号 read with the label of the next cell when that label starts with a list mark
#: (`9九、其他收入`); a year or count before a word (`2023年`) is not one.
_ROW_NUMBER = re.compile(r"\d{1,2}(?=[一二三四五六七八九十]{1,3}[、.。，,·])")
#: Texts of two cells the engine read as one box: a figure after a label, a label after a figure,
#: two figures with their decimals (`4863.874863.87`: amounts are printed to the same places).
_LABEL_THEN_AMOUNT = re.compile(rf"(?<=[^\x00-\x7f]){_AMOUNT}$")
_AMOUNT_THEN_LABEL = re.compile(rf"^{_AMOUNT}(?=[^\x00-\x7f])")
_TWO_AMOUNTS = re.compile(rf"{_AMOUNT}{_AMOUNT}")
#: The gap (in glyph widths) left at a cut between two cells' texts of one box: the columns'
#: bands are found by gaps, and a box's glyphs are spread evenly over it, so without a gap the two
#: texts would stay one band, one cell.
CUT_GAP = 1.0


def cells_in_box(text: str) -> set[int]:
    """Where a recognised box holds the texts of two cells: the indexes the second texts start at."""
    cuts: set[int] = set()
    if (
        (m := _LEADING_CODE.match(text))
        or (m := _AMOUNT_THEN_LABEL.match(text))
        or (m := _ROW_NUMBER.match(text))
    ):
        cuts.add(m.end())
    if m := _LABEL_THEN_AMOUNT.search(text):
        cuts.add(m.start())
    if text.count(".") == 2 and _TWO_AMOUNTS.fullmatch(text):
        places = len(text) - text.rindex(".") - 1  # the second's decimals are the first's too
        end = text.index(".") + 1 + places
        if re.fullmatch(_AMOUNT, text[:end]) and re.fullmatch(_AMOUNT, text[end:]):
            cuts.add(end)
    return cuts


def _weight(ch: str) -> float:
    """A glyph's share of a text box's width: Chinese and full-width glyphs are twice a digit's."""
    return 0.5 if ch.isascii() else 1.0


#: Points a box's glyphs keep clear of a cell wall: more than the gap that parts two bands of text
#: (LAYOUT.band_gap), so texts on either side of a wall are never one cell's.
WALL_CLEARANCE = 1.5


def _glyphs(text: str, x0: float, x1: float, top: float, bottom: float, confidence: float,
            walls: list[Rule]) -> list[Char]:  # fmt: skip
    """One recognised text box as glyphs, all on the box's middle (boxes of one printed line
    differ in height by a pixel or two), with a space after the box.

    A box may hold the texts of several cells (the engine reads a code and the name in the next
    cell as one box): it is cut where a ruled cell wall crosses it and where its text changes from
    a code or figure to a label or back (`cells_in_box`); each piece's glyphs are spread over its
    own extent by their weights, clear of the walls, with a gap at a cut that has no wall."""
    middle = (top + bottom) / 2
    crossing = sorted(w.x0 for w in walls if w.top < middle < w.bottom)
    box = (x0, x1)
    total = sum(_weight(c) for c in text)
    unit = (x1 - x0) / total
    for wall in crossing:  # a box reaching a little over a cell's wall, or up to it, stays clear of it
        if x0 - WALL_CLEARANCE < wall < x0 + 0.75 * unit:
            x0 = wall + WALL_CLEARANCE
        elif x1 - 0.75 * unit < wall < x1 + WALL_CLEARANCE:
            x1 = wall - WALL_CLEARANCE
    if x1 <= x0:  # a box no wider than the walls it touches: as the engine gave it
        x0, x1 = box
    unit = (x1 - x0) / total
    estimate = [x0]
    for ch in text:
        estimate.append(estimate[-1] + _weight(ch) * unit)
    at_wall: dict[int, float] = {}
    for wall in crossing:
        if len(text) < 2 or not (x0 + unit / 2 < wall < x1 - unit / 2):
            continue
        k = min(range(1, len(text)), key=lambda i: abs(estimate[i] - wall))
        # widths are estimates: where the script changes (a code, then a name) within three
        # glyphs of the estimate is the cell's edge
        changes = [i for i in range(1, len(text)) if text[i - 1].isascii() != text[i].isascii()]
        near = [i for i in changes if abs(i - k) <= 3]
        at_wall[min(near, key=lambda i: abs(i - k)) if near else k] = wall
    cuts = sorted(cells_in_box(text) | set(at_wall))
    out: list[Char] = []
    bounds = [0, *cuts, len(text)]
    for n, (a, b) in enumerate(itertools.pairwise(bounds)):
        left = at_wall[a] + WALL_CLEARANCE if a in at_wall else x0
        right = at_wall[b] - WALL_CLEARANCE if b in at_wall else x1
        if a not in at_wall and n:  # a cut with no wall: the pieces share the box, a gap between
            left = estimate[a] + CUT_GAP * unit / 2
        if b not in at_wall and b != len(text):
            right = estimate[b] - CUT_GAP * unit / 2
        piece = text[a:b]
        if right <= left:  # the estimates overlap the wall: as estimated
            left, right = estimate[a], estimate[b]
        step = (right - left) / sum(_weight(c) for c in piece)
        at = left
        if n:
            out.append(Char(" ", at, at, top, bottom, bottom - top, True, middle, confidence))
        for ch in piece:
            width = _weight(ch) * step
            out.append(Char(ch, at, at + width, top, bottom, bottom - top, True, middle, confidence))
            at += width
    # the space that ends the box sorts before a neighbour box overlapping its last glyph
    last = out[-1]
    end = (last.x0 + last.x1) / 2
    out.append(Char(" ", end, end, top, bottom, bottom - top, True, middle, confidence))
    return out


def ocr_page(path: str, page_index: int) -> tuple[list[Char], list[Rule], float]:
    """Render page `page_index` (0-based) of the PDF at `path` and recognise it."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        scale = OCR_DPI / 72
        img = pdf[page_index].render(scale=scale).to_pil()
    finally:
        pdf.close()
    return recognise(img, scale)
