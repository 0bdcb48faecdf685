"""The build's document workers (store/docworkers.py) keep reading while the parent stores a result."""

from __future__ import annotations

import time

from budgetlod.store.docworkers import DocumentWorkers


def started(path: str) -> tuple[str, float]:
    """When the worker began this document."""
    return path, time.time()


def test_a_worker_gets_its_next_document_before_the_caller_stores_the_last() -> None:
    """Issue 18: a worker that finished waited, idle, while the parent bulk-loaded its result; now the
    next document is sent first, so reading and loading overlap."""
    pool = DocumentWorkers(1, 30.0, started, ())
    handled: list[tuple[float, float]] = []  # (began, ended) storing each result
    began: dict[str, float] = {}
    for path, at in pool.map(["a", "b", "c"]):
        began[path] = at
        t = time.time()
        time.sleep(1.0)  # the parent's work on the result
        handled.append((t, time.time()))
    assert list(began) == ["a", "b", "c"]
    # "b" was begun while "a" was still being stored, "c" while "b" was
    assert began["b"] < handled[0][1] and began["c"] < handled[1][1]
