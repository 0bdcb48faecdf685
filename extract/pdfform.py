"""Reader for PDF disclosures: glyphs grouped into printed lines and fragments, with geometry."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFResourceManager

from budgetlod.extract import ocrform as ocr
from budgetlod.extract.errors import InputError, at
from budgetlod.extract.limits import DEFAULT_LIMITS, Budget, LimitExceeded, WorkLimits
from budgetlod.extract.lines import Fragment, Line
from budgetlod.extract.pdfchars import Char, Rule, page_objects
from budgetlod.extract.segment import PAGE_NUMBER
from budgetlod.extract.settings import LAYOUT
from budgetlod.moretime import more_time

X_TOLERANCE = LAYOUT.x_tolerance
BASELINE_SHARE = LAYOUT.baseline_share
DUPLICATE_TOLERANCE = LAYOUT.duplicate_tolerance


def _fragments(chars: list[Char]) -> list[Fragment]:
    """Split one line's glyphs (left to right) into fragments at spaces and wide gaps."""
    runs: list[list[Char]] = [[]]
    for c in chars:
        run = runs[-1]
        if not c.text.strip():
            runs.append([])
            continue
        if run:
            last = run[-1]
            if c.text == last.text and abs(c.x0 - last.x0) < DUPLICATE_TOLERANCE:
                continue
            if c.x0 - last.x1 > X_TOLERANCE:
                runs.append([])
        runs[-1].append(c)
    return [
        Fragment(
            "".join(c.text for c in run),
            run[0].x0,
            max(c.x1 for c in run),
            min(c.top for c in run),
            max(c.bottom for c in run),
            min((c.confidence for c in run if c.confidence is not None), default=None),
        )
        for run in runs
        if run
    ]


def chars_to_lines(chars: Iterable[Char], page: int) -> list[Line]:
    """Group glyphs into printed lines by their vertical middle, then into fragments by gaps.

    A fragment ends at a space or where the gap to the next glyph exceeds X_TOLERANCE; a glyph
    printed twice at the same place (fake bold) is kept once.
    """
    ordered = sorted(chars, key=lambda c: (c.baseline, c.x0))
    groups: list[list[Char]] = []
    base = 0.0
    for c in ordered:
        # glyphs of one line stand on one baseline, whatever their font's box (Times digits beside
        # a CJK font sit lower or higher in their boxes, but not on another baseline)
        if groups and abs(c.baseline - base) <= BASELINE_SHARE * max(c.size, 1.0):
            groups[-1].append(c)
        else:
            groups.append([c])
            base = c.baseline
    lines = []
    for g in groups:
        frags = _fragments(sorted(g, key=lambda c: c.x0))
        if frags:
            lines.append(
                Line(frags, page=page, top=min(f.top for f in frags), bottom=max(f.bottom for f in frags))
            )
    return lines


EDGE = LAYOUT.edge


def mark_page_numbers(lines: list[Line], height: float) -> None:
    """Flag the page number: a bare number as the first or last line, near the page's edge."""
    for line in (lines[:1] + lines[-1:]) if lines else []:
        near_edge = line.top < EDGE * height or line.bottom > (1 - EDGE) * height
        if near_edge and PAGE_NUMBER.match(line.compact):
            line.extra["page_number"] = True


@dataclass
class PdfContent:
    """What a PDF prints: its lines, its ruling segments by page, and its page count."""

    lines: list[Line]
    rules: dict[int, list[Rule]]
    page_count: int
    recognised: dict[int, float] = field(default_factory=dict)  # page -> skew: pages read by OCR
    unread: list[int] = field(default_factory=list)  # image-only pages not read (no OCR installed)


MAX_PAGE_SIDE = 14_400.0  # points: the largest page side PDF allows (200 inches)


@contextlib.contextmanager
def _closing(pdf: pdfplumber.PDF) -> Iterator[pdfplumber.PDF]:
    """Close the PDF; pdfplumber's close lists the pages again, which fails where they did."""
    try:
        yield pdf
    finally:
        try:
            pdf.close()
        except Exception:
            pdf.stream.close()


def _not_readable(path: str, e: BaseException, where: str | None = None) -> InputError:
    """Any error of the PDF libraries while opening or sizing pages: the file is not a readable PDF."""
    cause = e.__cause__ or (e.args[0] if e.args and isinstance(e.args[0], BaseException) else e)
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(e).lower():
        return InputError(path, "is an encrypted, password-protected PDF that cannot be read", where)
    return InputError(path, f"is not a readable PDF ({type(cause).__name__}: {cause})", where)


def read_pdf(path: str, limits: WorkLimits = DEFAULT_LIMITS, deadline: float | None = None) -> PdfContent:
    """All printed lines and ruling segments of a PDF, page by page, and its page count.

    Raises InputError for a file that is not a readable PDF, is encrypted, has no text layer, or
    costs more work than `limits` allow (a page's content, the document's time by `deadline`).
    """
    deadline = deadline if deadline is not None else time.monotonic() + limits.seconds
    try:
        pdf = pdfplumber.open(path)
    except Exception as e:  # pdfplumber wraps pdfminer's many error types; the cause says which
        raise _not_readable(path, e) from e
    lines: list[Line] = []
    rules: dict[int, list[Rule]] = {}
    recognised: dict[int, float] = {}
    unread: list[int] = []
    chars = 0
    with _closing(pdf):
        try:
            pages = pdf.pages
            page_count = len(pages)
        except Exception as e:  # e.g. a page box that is no box
            raise _not_readable(path, e) from e
        if page_count == 0:
            raise InputError(path, "is a PDF with no pages")
        rsrcmgr = PDFResourceManager(caching=True)
        for number, page in enumerate(pages, start=1):
            where = f"page {number}"
            at(page=number)
            try:
                height = float(page.height)
                if not 0 < height <= MAX_PAGE_SIDE or not 0 < float(page.width) <= MAX_PAGE_SIDE:
                    size = f"{float(page.width):g} × {height:g} points"
                    raise InputError(path, f"is not a readable PDF (a page box no page has: {size})", where)
                glyphs, rules[number] = page_objects(rsrcmgr, page.page_obj, Budget(limits, deadline))
            except InputError:
                raise
            except LimitExceeded as e:
                raise InputError(path, f"is past a work limit: {e}", where) from e
            except Exception as e:  # pdfminer raises many types on broken content streams
                why = f"has a page that cannot be read ({type(e).__name__}: {e})"
                raise InputError(path, why, where) from e
            if not any(c.text.strip() for c in glyphs) and page.images:  # a scanned page
                if not ocr.available():
                    unread.append(number)
                    continue
                deadline += limits.ocr_seconds
                more_time(limits.ocr_seconds)  # and a build's worker pool waits as much longer
                glyphs, rules[number], recognised[number] = ocr.ocr_page(path, number - 1)
            chars += sum(1 for c in glyphs if c.text.strip())
            page_lines = chars_to_lines(glyphs, number)
            mark_page_numbers(page_lines, height)
            lines.extend(page_lines)
    if chars == 0 and unread:
        raise InputError(
            path,
            f"has no text layer (an image-only or scanned PDF): install OCR with {ocr.INSTALL}",
        )
    if chars == 0:
        raise InputError(path, "has no text layer and no page image: nothing is printed in it")
    return PdfContent(lines, rules, page_count, recognised, unread)
