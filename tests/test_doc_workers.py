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


def collector(path: str) -> tuple[str, tuple[int, int, int], int]:
    """The worker's garbage collector as it reads this document."""
    import gc

    return path, gc.get_threshold(), gc.get_freeze_count()


def test_a_worker_collects_rarely_and_never_rescans_what_the_first_document_loaded() -> None:
    """Issue 18: at Python's default threshold the cyclic collector took 13 % of a worker's time."""
    from budgetlod.store.docworkers import GC_THRESHOLD

    seen = {
        path: (threshold, frozen) for path, threshold, frozen in DocumentWorkers(1, 30.0, collector).map("ab")
    }
    assert seen["a"][0] == seen["b"][0] == GC_THRESHOLD != (700, 10, 10)
    assert seen["a"][1] == 0 < seen["b"][1]  # frozen after the first document
