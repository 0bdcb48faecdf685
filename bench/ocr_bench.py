"""Scanned Handan: OCR time per page and cells read, at several resolutions, skews and specks.

    python bench/ocr_bench.py [--dpi 200 300] [--pages 5 6]

Each scan is made from the typeset Handan PDF (tests/scanmaker.py) and read with `extract`; the
cells are compared with the PDF's own (all 534 when every page is scanned), and the reported
problems counted. 2 cores, no GPU; RapidOCR from the `ocr` extra.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from budgetlod.extract import extract_document
from tests.conftest import HANDAN_PDF
from tests.scanmaker import scan


def cells(path: Path, pages: list[int] | None) -> set[tuple[str, int, int, str]]:
    x = extract_document(str(path))
    return {(t.title, r.number, c.column.number, "".join(c.text.split())) for t in x.tables for r in t.rows
            for c in r.cells if pages is None or c.page in pages}  # fmt: skip


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--dpi", type=int, nargs="+", default=[200, 300])
    parser.add_argument("--pages", type=int, nargs="*", default=None, help="1-based pages (default: all)")
    args = parser.parse_args(argv)
    printed = cells(HANDAN_PDF, args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        for dpi in args.dpi:
            path = scan(
                HANDAN_PDF, Path(tmp) / f"scan-{dpi}.pdf", dpi=dpi, skew=0.8, specks=400, pages=args.pages
            )
            t = time.perf_counter()
            x = extract_document(str(path))
            seconds = time.perf_counter() - t
            got = {(t.title, r.number, c.column.number, "".join(c.text.split())) for t in x.tables
                   for r in t.rows for c in r.cells}  # fmt: skip
            right = len(got & printed)
            print(f"{dpi} dpi, skew 0.8°, 400 specks: {x.page_count} pages in {seconds:.1f} s "
                  f"({seconds / x.page_count:.1f} s/page); cells {right}/{len(printed)} "
                  f"({right / len(printed):.1%}); {len(got - printed)} read otherwise; "
                  f"{len(x.problems)} problems reported", flush=True)  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
