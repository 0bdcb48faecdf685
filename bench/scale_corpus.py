"""A scale corpus: N realistic, internally consistent disclosures made from the real Handan one.

    python bench/scale_corpus.py N OUT [--pdf K]

Each document gets another department (a department type in a real prefecture-level city of
GB/T 2260), another fiscal year (2021–2025) and other figures: every amount printed with decimals
(tables, narrative, procurement prices and amounts) is multiplied by one whole factor per document,
so every sum, quantity × price and narrative total still holds exactly. Text form for all N; the
first K are also typeset as PDFs (ruled tables, embedded CJK font) by the tests' typesetter.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from decimal import Decimal
from pathlib import Path

from budgetlod import divisions

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "samples" / "handan-2023-xingzheng-shenpi-ju.txt"
TYPES = (
    "财政局",
    "教育局",
    "民政局",
    "商务局",
    "司法局",
    "审计局",
    "统计局",
    "行政审批局",
    "文化和旅游局",
    "农业农村局",
)
AMOUNT = re.compile(r"(?<![\d.])(\d+)\.(\d{1,4})(?![\d%])")


def cities() -> list[str]:
    """Prefecture-level cities (XXXX00 codes named …市), in code order."""
    return [
        n
        for c, n in sorted(divisions.codes().items())
        if c.endswith("00") and not c.endswith("0000") and n.endswith("市")
    ]


def scaled(match: re.Match[str], factor: int) -> str:
    whole, frac = match.group(1), match.group(2)
    value = Decimal(f"{whole}.{frac}") * factor
    return f"{value:.{len(frac)}f}"


def make(i: int, text: str, towns: list[str]) -> tuple[str, str]:
    rng = random.Random(i)
    city, kind = towns[i % len(towns)], TYPES[(i // len(towns)) % len(TYPES)]
    year, factor = 2021 + i % 5, rng.randint(2, 9)
    out = (
        text.replace("2022", "\x00PREV\x00").replace("2023", str(year)).replace("\x00PREV\x00", str(year - 1))
    )
    out = out.replace("邯郸市", city).replace("行政审批局", kind).replace("211 ", f"{100 + i % 900} ")
    out = AMOUNT.sub(lambda m: scaled(m, factor), out)
    return f"{year}-{city}-{kind}-{i:04d}", out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--pdf", type=int, default=0, help="also typeset the first K as PDFs")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    text, towns = SOURCE.read_text(encoding="utf-8"), cities()
    for i in range(args.n):
        name, body = make(i, text, towns)
        path = args.out / f"{name}.txt"
        path.write_text(body, encoding="utf-8")
        if i < args.pdf:
            sys.path.insert(0, str(ROOT))
            from tests.typeset import Style, typeset

            typeset(path, args.out / f"{name}.pdf", Style("scale"))
    print(f"{args.n} text documents, {min(args.pdf, args.n)} PDFs in {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
