"""A build's per-document work on a Dask distributed cluster (`budgetlod build … --scheduler ADDRESS`).

Each document is read, validated and dumped by a Dask worker (the same `prepare_or_failure` a local
worker process runs); the parent loads and commits as a local build does. The workers write the
dumps into the new generation's folder, so they must see the store's folder at the same path: workers
on this machine, or a shared file system mounted alike.

What a local build guarantees holds, but one: a document past its time limit is reported as having
taken too long and its result is ignored, but Dask cannot stop a task that is running, so the worker
stays busy until the document is done (run workers with `--lifetime` or a memory limit to bound it).
Needs the optional extra `budgetlod[distributed]`.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

from budgetlod.extract.limits import WorkLimits
from budgetlod.store.docworkers import Failure

CONNECT_TIMEOUT = 30.0  # seconds to reach the scheduler
ADDRESS = re.compile(r"^(tcp|tls|ws|wss)://[A-Za-z0-9.\-\[\]:]+:\d{1,5}$")


class ClusterError(Exception):
    """The scheduler could not be reached, or Dask is not installed."""


def cluster_map(
    address: str,
    todo: list[str] | list[tuple[str, ...]],
    task: Callable[..., Any],
    args: tuple[Any, ...],
    limits: WorkLimits,
    log: Callable[[str], None],
    name: Callable[[Any], str],
) -> Iterator[Any]:
    """`task(path, *args)` for every path on the cluster, results as they finish; a path past the
    time limit or whose task raised is a Failure."""
    try:
        from distributed import Client, wait
    except ImportError as e:  # the extra is not installed
        raise ClusterError("--scheduler needs Dask: pip install 'budgetlod[distributed]'") from e
    if not ADDRESS.match(address):
        raise ClusterError(f"{address!r} is no Dask scheduler address (tcp://host:port)")
    host, _, port = address.split("://", 1)[1].rpartition(":")
    try:  # a refused connection is known at once; Dask's client would retry it until its timeout
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT).close()
    except OSError as e:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {e}") from e
    try:
        # the default client of this (build) process: distributed.wait looks for it
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as e:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {e}") from e
    try:
        log(f"reading {len(todo)} documents on the Dask cluster at {address}")
        # pure=False: the same path read twice (a build run again) is work to do again
        pending = {client.submit(task, path, *args, pure=False): path for path in todo}
        started: dict[Any, float] = {}  # a document's clock starts when a worker takes it
        while pending:
            try:
                done = wait(list(pending), timeout=1.0, return_when="FIRST_COMPLETED").done
            except TimeoutError:  # nothing finished this second
                done = set()
            for fut in done:
                path = pending.pop(fut)
                if fut.status == "finished":
                    yield fut.result()
                else:
                    yield Failure(name(path), f"{name(path)}: failed on the cluster: {fut.exception()!r}")
            now = time.monotonic()
            running = {key for keys in client.processing().values() for key in keys}
            for fut, path in list(pending.items()):
                if fut.key in running:
                    started.setdefault(fut, now)
                if fut in started and now - started[fut] > limits.seconds:
                    fut.cancel()
                    del pending[fut]
                    yield Failure(
                        name(path), f"took longer than {limits.seconds:g} s to read (result ignored)"
                    )
    finally:
        client.close()
