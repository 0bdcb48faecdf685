"""Issue 19: a document that earns more time while it is read (each scanned page it recognises)
is not stopped at the pool's time limit; one that does not is."""

from __future__ import annotations

import time

from budgetlod.moretime import more_time
from budgetlod.store.docworkers import DocumentWorkers, Failure


def slow(path: str, earn: float) -> str:
    """Takes 3 s; says first that it earns `earn` more seconds."""
    if earn:
        more_time(earn)
    time.sleep(3)
    return path


def test_more_time_keeps_a_document_from_being_stopped() -> None:
    pool = DocumentWorkers(1, 1.5, slow, (5.0,))
    assert list(pool.map(["scan.pdf"])) == ["scan.pdf"]


def test_without_it_the_document_is_stopped() -> None:
    pool = DocumentWorkers(1, 1.5, slow, (0.0,))
    (got,) = list(pool.map(["slow.pdf"]))
    assert isinstance(got, Failure) and "took longer than 1.5 s" in got.message


def test_the_query_workers_stay_light() -> None:
    """The query worker (store/worker.py) imports docworkers for its parent watch: neither may pull
    in the extractor (pdfplumber and the readers), which would cost each caged worker its memory."""
    import subprocess
    import sys

    code = (
        "import sys, budgetlod.store.worker\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pdfplumber', 'budgetlod.extract'))))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0 and res.stdout.strip() == "[]", (res.stdout, res.stderr[-1000:])
