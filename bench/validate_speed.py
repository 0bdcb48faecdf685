"""Validation speed: one document, and many documents' graphs together against one at a time.

    python bench/validate_speed.py [--documents N] [--pyshacl]

Prints the seconds to validate the Handan graph with the default (oxigraph) engine (target < 2 s),
optionally with pySHACL as well (the reference engine, on rdflib's SPARQL), and for N copies of the
document (each under its own IRIs) the time to validate them together against N single validations,
with the ratio (target <= 2) and the time per document at N/4, N/2 and N together (linear growth).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rdflib import Graph

from budgetlod.extract import extract_document, extraction_to_graph
from budgetlod.validation import validate_graph

ROOT = Path(__file__).resolve().parent.parent
HANDAN = ROOT / "samples" / "handan-2023-xingzheng-shenpi-ju.txt"


def timed(graph: Graph, engine: str = "oxigraph") -> tuple[float, int]:
    t = time.perf_counter()
    report = validate_graph(graph, engine=engine)  # type: ignore[arg-type]
    return time.perf_counter() - t, len(report.findings)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--pyshacl", action="store_true", help="also time the pySHACL reference engine")
    args = parser.parse_args(argv)
    x = extract_document(str(HANDAN))
    one = extraction_to_graph(x)
    timed(one)  # warm-up
    seconds, findings = timed(one)
    print(f"Handan, one document ({len(one)} triples), oxigraph engine: {seconds:.2f} s, {findings} findings")
    if args.pyshacl:
        ps, pf = timed(one, "pyshacl")
        print(f"Handan, one document, pySHACL engine: {ps:.2f} s, {pf} findings ({ps / seconds:.0f}x)")
    graphs = [extraction_to_graph(x, base=f"https://example.org/copy{i}/") for i in range(args.documents)]
    single = 0.0
    for g in graphs:
        single += timed(g)[0]
    print(f"{args.documents} single validations: {single:.1f} s ({single / args.documents:.2f} s each)")
    for n in sorted({max(1, args.documents // 4), max(1, args.documents // 2), args.documents}):
        together = Graph()
        for g in graphs[:n]:
            together += g
        t, f = timed(together)
        size = f"{n} documents together ({len(together)} triples)"
        print(f"{size}: {t:.1f} s, {t / n:.2f} s per document, {f} findings")
    print(f"ratio together / single at {args.documents}: {t / single:.2f} (target <= 2)")


if __name__ == "__main__":
    main(sys.argv[1:])
