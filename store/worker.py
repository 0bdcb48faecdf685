"""A query worker process: opens the store read-only and answers jobs until its pipe closes.

Native pyoxigraph evaluation cannot be interrupted inside a process, so each query runs in one of
these and a query past its time is stopped by killing the process (see pool.py). This module
imports nothing heavy, so a replacement starts quickly.
"""

from __future__ import annotations

import os
from multiprocessing.connection import Connection

import pyoxigraph as ox

from budgetlod.store.docworkers import watch_parent
from budgetlod.store.jobs import Job, run_on_store
from budgetlod.store.sandbox import SandboxError, cap_memory, deny_network


def main(conn: Connection, store_path: str, memory_limit: int = 0) -> None:
    try:
        deny_network()  # before any thread starts or any query runs: SERVICE reaches nothing
        cap_memory(memory_limit)
    except (SandboxError, OSError, ValueError) as e:
        conn.send(("refused", f"the query worker cannot be caged: {e}"))
        return
    watch_parent(os.getppid())  # a killed server leaves no worker behind, even one mid-query
    store = ox.Store.read_only(store_path)
    conn.send(("ready", None))
    while True:
        try:
            job: Job = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok", run_on_store(store, job)))
        except SyntaxError as e:
            conn.send(("syntax", str(e)))
        except MemoryError:
            conn.send(("memory", "the query needed more memory than a query worker may use"))
            return  # a fresh worker replaces this one
        except Exception as e:  # report, keep serving: one bad query must not cost the worker
            conn.send(("error", f"{type(e).__name__}: {e}"))
