"""What every view needs: settings, the manifest of the generation served, the engine, labels."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from budgetlod.server.settings import Settings
from budgetlod.store.engine import Engine
from budgetlod.store.errors import Refused
from budgetlod.store.storedir import Manifest


class FairGate:
    """Who runs next: a free worker goes to a client under its share, or to anyone when no other
    client waits. One client alone may use every worker; once another client waits, the first gets
    no more than its share, so two slow clients cannot keep everyone else waiting.

    Each client waits on its own condition, and a freed worker wakes one waiter of a client that may
    run (the one running fewest first), not every waiter: under load a release costs one wake-up.
    """

    def __init__(self, workers: int, share: int, timeout: float) -> None:
        self.free = workers
        self.share = share
        self.timeout = timeout
        self.lock = threading.Lock()
        self.conds: dict[str, threading.Condition] = {}
        self.running: dict[str, int] = {}
        self.waiting: dict[str, int] = {}

    def _may_run(self, client: str) -> bool:
        if self.free <= 0:
            return False
        others_wait = any(n for c, n in self.waiting.items() if c != client)
        return self.running.get(client, 0) < self.share or not others_wait

    def _wake(self) -> None:
        """Wake one waiter of a client that may run now (called with the lock held)."""
        for client in sorted(self.waiting, key=lambda c: self.running.get(c, 0)):
            if self._may_run(client):
                self.conds[client].notify()
                return

    @contextlib.contextmanager
    def slot(self, client: str) -> Iterator[None]:
        with self.lock:
            cond = self.conds.get(client)
            if cond is None:
                cond = self.conds[client] = threading.Condition(self.lock)
            self.waiting[client] = self.waiting.get(client, 0) + 1
            ready = cond.wait_for(lambda: self._may_run(client), self.timeout)
            _decrement(self.waiting, client)
            if ready:
                self.free -= 1
                self.running[client] = self.running.get(client, 0) + 1
            elif client not in self.running:
                self.conds.pop(client, None)  # only active clients are kept
            if self.free > 0:
                self._wake()  # a worker is still free, or this waiter leaving lets another client's run
            if not ready:
                raise Refused(503, f"all query workers are busy; try again (waited {self.timeout:g} s)")
        try:
            yield
        finally:
            with self.lock:
                self.free += 1
                _decrement(self.running, client)
                if client not in self.waiting and client not in self.running:
                    self.conds.pop(client, None)
                self._wake()


def _decrement(counts: dict[str, int], key: str) -> None:
    """One less for `key`; a key at zero is dropped, so the tables hold only active clients."""
    counts[key] -= 1
    if not counts[key]:
        del counts[key]


@dataclass
class State:
    settings: Settings
    generation: Path
    manifest: Manifest
    engine: Engine
    graphs: set[str]
    gate: FairGate  # who runs next (fair share of the workers)
    labels: dict[str, str] = field(default_factory=dict)  # ontology term -> label (zh / en)
    described: dict[str, dict[str, bytes]] = field(default_factory=dict)  # catalogue, VoID, SD by kind
    pin: int | None = None  # descriptor holding the generation's pin (storedir.StoreDir.pin)

    def close(self) -> None:
        """Stop the engine and unpin the generation (it may be pruned from now on)."""
        self.engine.close()
        if self.pin is not None:
            os.close(self.pin)
            self.pin = None


def state() -> State:
    return current_app.extensions["budgetlod"]
