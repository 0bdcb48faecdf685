"""Reader for PDF disclosures: pdfplumber words grouped into printed lines, with geometry."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from budgetlod.extract.errors import InputError
from budgetlod.extract.lines import Fragment, Line

# Characters closer than this (points) belong to one fragment; wider gaps separate cells.
X_TOLERANCE = 1.5
# Words whose vertical middles are closer than this share a printed line.
LINE_TOLERANCE = 2.5


def words_to_lines(words: Iterable[dict[str, Any]], page: int) -> list[Line]:
    """Group words into lines by their vertical middle, each line's fragments left to right."""
    ordered = sorted(words, key=lambda w: ((w["top"] + w["bottom"]) / 2, w["x0"]))
    groups: list[list[dict[str, Any]]] = []
    middle = None
    for w in ordered:
        m = (w["top"] + w["bottom"]) / 2
        if groups and middle is not None and abs(m - middle) <= LINE_TOLERANCE:
            groups[-1].append(w)
        else:
            groups.append([w])
            middle = m
    lines = []
    for g in groups:
        g.sort(key=lambda w: w["x0"])
        frags = [Fragment(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in g]
        lines.append(
            Line(frags, page=page, top=min(w["top"] for w in g), bottom=max(w["bottom"] for w in g))
        )
    return lines


def read_pdf(path: str) -> tuple[list[Line], int]:
    """All printed lines of a PDF, page by page, and its page count.

    Raises InputError for a file that is not a readable PDF, is encrypted, or has no text layer.
    """
    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise InputError(path, f"is an encrypted PDF that cannot be read ({type(e).__name__})") from e
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as e:
        raise InputError(path, f"is not a readable PDF ({type(e).__name__}: {e})") from e
    lines: list[Line] = []
    chars = 0
    with pdf:
        page_count = len(pdf.pages)
        if page_count == 0:
            raise InputError(path, "is a PDF with no pages")
        for number, page in enumerate(pdf.pages, start=1):
            try:
                words = page.extract_words(x_tolerance=X_TOLERANCE, y_tolerance=LINE_TOLERANCE)
            except Exception as e:  # pdfminer raises many types on broken content streams
                raise InputError(path, f"has a page that cannot be read ({type(e).__name__}: {e})", f"page {number}") from e
            chars += sum(len(w["text"]) for w in words)
            lines.extend(words_to_lines(words, number))
    if chars == 0:
        raise InputError(path, "has no text layer (an image-only or scanned PDF); OCR it first")
    return lines, page_count
