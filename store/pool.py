"""A pool of query worker processes with a per-query timeout that really stops the work."""

from __future__ import annotations

import logging
import multiprocessing as mp
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from budgetlod.store import worker
from budgetlod.store.errors import Refused
from budgetlod.store.jobs import Answer, Job

_CTX = mp.get_context("spawn")  # no fork of a threaded web process
LOG = logging.getLogger("budgetlod.server")
REPLACE_ATTEMPTS = 8


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection


class WorkerPool:
    def __init__(
        self, store_path: str, size: int, timeout: float, queue_timeout: float, memory_limit: int = 0
    ) -> None:
        self.store_path = store_path
        self.timeout = timeout
        self.memory_limit = memory_limit
        # Waiting for a free worker is not running: a query queued behind slow ones waits this long.
        self.queue_timeout = queue_timeout
        # Last in, first out: the worker used last has the store's pages in its caches.
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._closed = False
        self.killed = 0  # workers stopped at the timeout (reported on /status)
        starting = [self._start() for _ in range(size)]
        for w in starting:
            self._await_ready(w)
            self._idle.put(w)

    def _start(self) -> _Worker:
        parent, child = _CTX.Pipe()
        p = _CTX.Process(target=worker.main, args=(child, self.store_path, self.memory_limit), daemon=True)
        p.start()
        child.close()
        return _Worker(p, parent)

    def _await_ready(self, w: _Worker) -> None:
        try:
            status, message = w.conn.recv() if w.conn.poll(60) else ("silent", None)
        except EOFError:  # the worker died opening the store; its error is on standard error
            status, message = "died", None
        if status != "ready":
            w.process.kill()
            raise RuntimeError(message or f"a query worker could not open the store {self.store_path}")

    def _replace(self, dead: _Worker) -> None:
        """Start a worker in place of a stopped one; retried with a growing pause, and logged."""
        dead.process.kill()
        dead.process.join()
        dead.conn.close()
        for attempt in range(REPLACE_ATTEMPTS):
            if self._closed:
                return
            try:
                w = self._start()
                self._await_ready(w)
            except (RuntimeError, OSError) as e:
                LOG.error("query worker replacement failed (attempt %d): %s", attempt + 1, e)
                time.sleep(min(30.0, 0.5 * 2**attempt))
                continue
            if self._closed:
                w.process.kill()
                return
            self._idle.put(w)
            return
        LOG.error(
            "query worker not replaced after %d attempts; serving with one worker less", REPLACE_ATTEMPTS
        )

    def run(self, job: Job) -> Answer:
        try:
            w = self._idle.get(timeout=self.queue_timeout)
        except queue.Empty:
            raise Refused(
                503, f"all query workers are busy; try again (waited {self.queue_timeout:g} s)"
            ) from None
        deadline = time.monotonic() + self.timeout
        try:
            w.conn.send(job)
            if not w.conn.poll(max(0.0, deadline - time.monotonic())):
                self.killed += 1
                threading.Thread(target=self._replace, args=(w,), daemon=True).start()
                raise Refused(503, f"query stopped: it ran longer than the {self.timeout:g} s limit")
            status, value = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            # killed by the kernel past its memory cap, or crashed: the query is what cost it
            threading.Thread(target=self._replace, args=(w,), daemon=True).start()
            raise Refused(503, "query stopped: its worker ran out of memory or failed") from None
        if status == "memory":
            threading.Thread(target=self._replace, args=(w,), daemon=True).start()
            raise Refused(503, f"query stopped: {value}")
        self._idle.put(w)
        if status == "ok":
            return value
        if status == "syntax":
            raise Refused(400, f"malformed query: {value}")
        raise Refused(500, f"query failed: {value}")

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                w = self._idle.get_nowait()
            except queue.Empty:
                return
            w.conn.close()
            w.process.kill()
            w.process.join()
