"""Issue 14: extract/pdfchars.py overrides a pdfminer internal (`render_char`); this guards that its
glyph boxes are still pdfplumber's (`page.chars`) on the repository's PDFs, page by page."""

from __future__ import annotations

import pdfplumber
import pytest
from pdfminer.pdfinterp import PDFResourceManager

from budgetlod.extract.pdfchars import page_objects
from tests.conftest import SAMPLES

NAMES = ("handan-2023-xingzheng-shenpi-ju.pdf", "shanghai-putuo-caizhengju-2024-final-account.pdf")
PAGES = [(name, n) for name in NAMES for n in (0, 5, 12)]


@pytest.mark.parametrize(("name", "number"), PAGES)
def test_char_device_boxes_match_pdfplumber(name: str, number: int) -> None:
    with pdfplumber.open(SAMPLES / name) as pdf:
        page = pdf.pages[number]
        expected = [(c["text"], c["x0"], c["x1"], c["top"], c["bottom"]) for c in page.chars]
        glyphs, _ = page_objects(PDFResourceManager(caching=True), page.page_obj)
    got = [(g.text, g.x0, g.x1, g.top, g.bottom) for g in glyphs]
    assert len(got) == len(expected) > 10
    for mine, theirs in zip(got, expected, strict=True):
        assert mine[0] == theirs[0]
        assert all(abs(a - b) < 0.01 for a, b in zip(mine[1:], theirs[1:], strict=True)), (mine, theirs)
