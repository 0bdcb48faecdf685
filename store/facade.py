"""One door to a store: open it, load documents into it, run and select queries, reach its dumps.

The same calls serve the embedded Oxigraph store and an external SPARQL store: `load` always builds
the store folder (generations, manifest, dumps) and, for an external store, puts the graphs it lacks
there; `open` gives the engine queries run on (`engine.Engine`: run, select, close).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from budgetlod.store.engine import PAGE_ROWS, Engine, RemoteEngine, open_engine
from budgetlod.store.loading import LoadSummary, load
from budgetlod.store.results import Rows, take_solutions
from budgetlod.store.storedir import DUMPS, OXIGRAPH, Manifest, StoreDir


@dataclass(frozen=True)
class External:
    """An external SPARQL 1.1 store: its query endpoint and its Graph Store Protocol endpoint."""

    sparql_endpoint: str
    graph_store: str


COMMAND_TIMEOUT = 60.0  # seconds a command's own query may take on an external store


class Store:
    def __init__(self, root: str | Path, external: External | None = None) -> None:
        self.dir = StoreDir(root)
        self.external = external

    def generation(self) -> Path:
        """The generation served now; raises FileNotFoundError for a store never loaded."""
        current = self.dir.current()
        if current is None or self.dir.manifest(current) is None:
            raise FileNotFoundError(
                f"{self.dir.root}: no loaded store here (build one with `budgetlod build`)"
            )
        return current

    def manifest(self) -> Manifest:
        manifest = self.dir.manifest(self.generation())
        assert manifest is not None
        return manifest

    def load(self, inputs: Iterable[str], base: str, **options: Any) -> LoadSummary:
        """Read, validate and dump `inputs` into a new generation and make it current (loading.load)."""
        return load(self.dir, inputs, base, **options)

    def open(
        self, generation: Path | None = None, *, workers: int, timeout: float, queue_timeout: float,
        memory_limit: int,
    ) -> Engine:  # fmt: skip
        """The engine queries run on; an external store gets the graphs of the generation it lacks."""
        generation = generation or self.generation()
        ext = self.external
        engine = open_engine(
            generation, workers=workers, timeout=timeout, queue_timeout=queue_timeout,
            memory_limit=memory_limit, sparql_endpoint=ext.sparql_endpoint if ext else None,
            graph_store=ext.graph_store if ext else None,
        )  # fmt: skip
        if isinstance(engine, RemoteEngine):
            manifest = self.dir.manifest(generation)
            assert manifest is not None
            engine.sync(generation, manifest)
        return engine

    def selector(self, limit: int = PAGE_ROWS) -> Callable[[str], Rows]:
        """`select(query)` in this process, for commands (compare): read-only, no worker processes."""
        if self.external is not None:
            remote = RemoteEngine(self.external.sparql_endpoint, self.external.graph_store, COMMAND_TIMEOUT)
            return remote.select
        db = ox.Store.read_only(str(self.generation() / OXIGRAPH))
        return lambda q: take_solutions(db.query(q, use_default_graph_as_union=True), limit)  # type: ignore[arg-type]

    def dump(self, rel: str) -> Path | None:
        """A dump file of the current generation, if the manifest lists it."""
        manifest = self.manifest()
        return self.generation() / DUMPS / rel if rel in manifest.dump_files() else None
