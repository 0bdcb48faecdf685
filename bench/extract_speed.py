"""Extraction speed: budgetlod's whole PDF-to-Turtle run against plain pdfplumber tables.

For each PDF, alternating in one process so both see the same machine state, it times
  baseline: pdfplumber.open + page.extract_tables() on every page;
  budgetlod: extract_document + graph + Turtle written to a file;
and prints seconds per page and the ratio budgetlod / baseline (target: <= 1.0).

    python bench/extract_speed.py [PDF ...] [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber

from budgetlod.extract import extract_document, extraction_triples
from budgetlod.terms import to_quads, turtle

ROOT = Path(__file__).resolve().parent.parent


def baseline(path: str) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
        return len(pdf.pages)


def budgetlod_run(path: str, out: str) -> None:
    body = turtle(q.triple for q in to_quads(extraction_triples(extract_document(path))))
    with open(out, "wb") as fh:
        fh.write(body)


def measure(path: str, rounds: int) -> tuple[int, float, float]:
    base: list[float] = []
    ours: list[float] = []
    pages = baseline(path)  # warm-up: imports, font caches
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.ttl")
        budgetlod_run(path, out)
        for _ in range(rounds):
            t = time.perf_counter()
            baseline(path)
            base.append(time.perf_counter() - t)
            t = time.perf_counter()
            budgetlod_run(path, out)
            ours.append(time.perf_counter() - t)
    return pages, statistics.median(base), statistics.median(ours)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", default=sorted(str(p) for p in (ROOT / "samples").glob("*.pdf")))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"{'document':55} {'pages':>5} {'pdfplumber s/page':>18} {'budgetlod s/page':>17} {'ratio':>6}")
    total_pages, total_base, total_ours = 0, 0.0, 0.0
    for path in args.pdfs:
        pages, b, o = measure(path, args.rounds)
        total_pages, total_base, total_ours = total_pages + pages, total_base + b, total_ours + o
        print(f"{os.path.basename(path):55} {pages:5d} {b / pages:18.4f} {o / pages:17.4f} {o / b:6.2f}")
    print(
        f"{'all':55} {total_pages:5d} {total_base / total_pages:18.4f} {total_ours / total_pages:17.4f} "
        f"{total_ours / total_base:6.2f}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
