"""Build throughput: documents per minute with 1 and with 2 worker processes, in the same run.

    python bench/build_speed.py [--copies N]

Makes N copies of each bundled sample (a byte appended after the end, so each copy is a new
document to the store) and times `load` over them into a fresh store with --jobs 1, then 2.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from budgetlod.namespaces import DEFAULT_BASE
from budgetlod.store.loading import load
from budgetlod.store.storedir import StoreDir

ROOT = Path(__file__).resolve().parent.parent


def corpus(folder: Path, copies: int) -> int:
    n = 0
    for src in sorted((ROOT / "samples").iterdir()):
        if src.suffix not in (".pdf", ".txt"):
            continue
        for k in range(copies):
            target = folder / f"{src.stem}-{k}{src.suffix}"
            shutil.copy(src, target)
            with target.open("ab") as fh:
                fh.write(b"\n" * (k + 1))  # a new SHA-256; PDF readers ignore bytes after %%EOF
            n += 1
    return n


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        n = corpus(docs, args.copies)
        rates = {}
        for jobs in (1, 2):
            t = time.perf_counter()
            summary = load(StoreDir(Path(tmp) / f"store-{jobs}"), [str(docs)], DEFAULT_BASE, jobs=jobs)
            seconds = time.perf_counter() - t
            assert len(summary.loaded) == n and not summary.failed, summary.failed
            rates[jobs] = n / seconds * 60
            print(f"jobs={jobs}: {n} documents in {seconds:.1f} s = {rates[jobs]:.1f} documents/minute")
        print(f"scaling 1 -> 2 workers: {rates[2] / rates[1]:.2f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
