"""Worker processes that read documents for a build, each document with a time limit.

A document past its limit is the worker's to lose, not the build's: the worker is killed, the
document reported as having taken too long, and a fresh worker takes the next one. A worker that
dies (a crash in a native library, the kernel's OOM killer) costs its one document. Workers watch
their parent and exit when it is gone, so a killed build leaves no process behind.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from budgetlod.moretime import when_more_time

_CTX = mp.get_context("spawn")  # no fork of a process that may hold threads and a store
PARENT_POLL = 1.0  # seconds between a worker's looks at its parent
START_TIMEOUT = 120.0  # seconds a new worker may take to import its libraries
#: The cyclic collector's first threshold in a worker. A document makes some 100,000 short-lived
#: containers (terms, tuples, rows) that reference counting frees; at Python's 700 the collector
#: ran over them thousands of times a document (13 % of a worker's CPU, bench/README.md).
GC_THRESHOLD = (50_000, 20, 100)


def watch_parent(parent: int) -> None:
    """Exit this process as soon as its parent is gone (a thread; pipes alone do not tell a busy worker)."""

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(3)
            time.sleep(PARENT_POLL)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _serve(conn: Connection, parent: int, task: Callable[..., Any], args: tuple[Any, ...]) -> None:
    watch_parent(parent)
    when_more_time(lambda seconds: conn.send(("more", seconds)))
    conn.send(("ready", None))
    gc.set_threshold(*GC_THRESHOLD)
    first = True
    while True:
        try:
            path = conn.recv()
        except EOFError:
            return
        conn.send(("done", task(path, *args)))
        if first:  # what the first document loaded for good (shapes, ontology, code lists): never
            gc.collect()  # scanned again by the collector
            gc.freeze()
            first = False


@dataclass
class Failure:
    """A document the pool could not finish: its path and why."""

    path: str
    message: str
    details: str | None = None  # a traceback, for the log


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    path: str | None = None
    deadline: float = 0.0


class DocumentWorkers:
    """`size` processes running `task(path, *args)` for one path at a time, each within `timeout` s.

    A worker is killed `grace` seconds past the timeout: the task is expected to stop itself at the
    timeout where it can (with a better message); the kill is for work it cannot interrupt.
    """

    def __init__(
        self, size: int, timeout: float, task: Callable[..., Any], args: tuple[Any, ...] = (),
        log: Callable[[str], None] = lambda _: None, grace: float = 0.0,
    ) -> None:  # fmt: skip
        self.size = size
        self.timeout = timeout
        self.grace = grace
        self.task = task
        self.args = args
        self.log = log
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        parent, child = _CTX.Pipe()
        p = _CTX.Process(target=_serve, args=(child, os.getpid(), self.task, self.args), daemon=True)
        p.start()
        child.close()
        if not (parent.poll(START_TIMEOUT) and parent.recv()[0] == "ready"):
            p.kill()
            raise RuntimeError("a document worker process did not start")
        return _Worker(p, parent)

    def _stop(self, w: _Worker) -> None:
        w.process.kill()
        w.process.join()
        w.conn.close()

    def _restart(self, w: _Worker) -> _Worker | None:
        """A fresh worker in place of `w`; tried twice, then the pool goes on one worker short."""
        self._stop(w)
        for attempt in (1, 2):
            try:
                return self._start()
            except (RuntimeError, OSError) as e:
                self.log(f"a document worker could not be restarted (attempt {attempt}): {e}")
        return None

    def map(self, paths: Iterable[str]) -> Iterator[Any]:
        """Results (whatever `task` returns, or a Failure) in the order documents finish.

        Every worker that finished is given its next document before the results are handed on, so
        the caller's work on a result (loading it into the store) overlaps the workers' reading.
        """
        todo = iter(paths)
        idle: list[_Worker] = []
        busy: list[_Worker] = []
        try:
            for _ in range(self.size):
                idle.append(self._start())
            while True:
                self._dispatch(todo, idle, busy)
                if not busy:
                    if idle or next(todo, None) is None:
                        return
                    raise RuntimeError("no document worker is left to read the remaining documents")
                left = max(0.0, min(w.deadline for w in busy) - time.monotonic())
                ready = wait([w.conn for w in busy], timeout=left)
                finished = self._collect(ready, idle, busy)
                self._dispatch(todo, idle, busy)
                yield from finished
        finally:
            for w in idle + busy:
                self._stop(w)

    def _collect(self, ready: list[Any], idle: list[_Worker], busy: list[_Worker]) -> list[Any]:
        """The results of the workers that answered or ran out of time; those workers (or fresh
        ones for the killed) go back to `idle`."""
        now = time.monotonic()
        finished: list[Any] = []
        for w in list(busy):
            if w.conn not in ready and now < w.deadline:
                continue
            busy.remove(w)
            path = w.path or ""
            if w.conn in ready:
                try:
                    kind, result = w.conn.recv()
                except (EOFError, OSError):
                    kind, result = "done", None
                if kind == "more":  # the document earned more time (a scanned page)
                    w.deadline += float(result)
                    busy.append(w)
                    continue
                if result is not None:
                    idle.append(w)
                    finished.append(result)
                    continue
                w.process.join(5)
                failure = Failure(path, f"its reading process died (exit code {w.process.exitcode})")
            else:
                failure = Failure(path, f"took longer than {self.timeout:g} s to read (stopped)")
            fresh = self._restart(w)
            if fresh is not None:
                idle.append(fresh)
            finished.append(failure)
        return finished

    def _dispatch(self, todo: Iterator[Any], idle: list[_Worker], busy: list[_Worker]) -> None:
        """Give each idle worker its next document while there are documents left."""
        while idle:
            path = next(todo, None)
            if path is None:
                return
            w = idle.pop()
            w.path, w.deadline = path, time.monotonic() + self.timeout + self.grace
            w.conn.send(path)
            busy.append(w)
