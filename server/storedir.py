"""The store folder: generations of (Oxigraph store, dumps, manifest) behind one `current` link.

A load never touches the generation being served: it builds the next one beside it (starting from
a RocksDB checkpoint of the current store, which costs hard links, not a copy) and swaps the
`current` symbolic link with one atomic rename. An interrupted load leaves a `.tmp-*` folder that
the next load removes, and the old generation serving unharmed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

MANIFEST = "manifest.json"
OXIGRAPH = "oxigraph"
DUMPS = "dumps"


@dataclass
class GraphEntry:
    """One named graph of the store: a source document, an RDF file or the ontology."""

    graph: str
    kind: str  # disclosure, rdf, ontology
    source: str  # file name as given
    sha256: str
    triples: int
    loaded: str  # ISO 8601 time of loading
    title: str | None = None
    doc: str | None = None  # the disclosure's IRI
    department: str | None = None
    department_iri: str | None = None
    region: str | None = None
    year: int | None = None
    document_kind: str | None = None
    phase: str | None = None
    pages: int | None = None
    violations: int = 0
    warnings: int = 0
    dumps: dict[str, str] = field(default_factory=dict)  # label -> path under dumps/

    @property
    def key(self) -> str:
        return self.graph.rsplit("/", 1)[-1]


@dataclass
class Manifest:
    base: str
    created: str
    graphs: list[GraphEntry] = field(default_factory=list)
    dumps: dict[str, str] = field(default_factory=dict)  # whole-corpus dumps: label -> path

    def by_sha(self) -> dict[str, GraphEntry]:
        return {g.sha256: g for g in self.graphs}

    def graph_iris(self) -> set[str]:
        return {g.graph for g in self.graphs}

    def disclosures(self) -> list[GraphEntry]:
        return [g for g in self.graphs if g.kind == "disclosure"]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        graphs = [GraphEntry(**g) for g in data.pop("graphs")]
        return cls(graphs=graphs, **data)


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class StoreDir:
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.generations = self.root / "generations"
        self.link = self.root / "current"

    def current(self) -> Path | None:
        """The generation being served, or None for a store never loaded."""
        if not self.link.is_symlink():
            return None
        return self.link.resolve()

    def manifest(self, generation: Path | None = None) -> Manifest | None:
        gen = generation or self.current()
        if gen is None:
            return None
        return Manifest.from_json((gen / MANIFEST).read_text(encoding="utf-8"))

    def begin(self) -> Path:
        """A fresh folder for the next generation; leftovers of interrupted loads are removed."""
        if self.root.exists() and not self.root.is_dir():
            raise NotADirectoryError(f"{self.root}: the store must be a folder")
        self.generations.mkdir(parents=True, exist_ok=True)
        for old in self.generations.glob(".tmp-*"):
            shutil.rmtree(old, ignore_errors=True)
        path = self.generations / f".tmp-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
        path.mkdir()
        (path / DUMPS).mkdir()
        return path

    def commit(self, tmp: Path, manifest: Manifest) -> Path:
        """Write the manifest, make the generation current atomically, prune all but the last two."""
        (tmp / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        final = self.generations / f"g-{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns() % 10**9:09d}"
        tmp.rename(final)
        _fsync_dir(self.generations)
        new_link = self.root / f".current-{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            new_link.unlink()
        new_link.symlink_to(os.path.relpath(final, self.root))
        os.replace(new_link, self.link)
        _fsync_dir(self.root)
        # Keep the previous generation: a running server may still have it open.
        keep = {final.name, *(p.name for p in [self._previous(final)] if p)}
        for old in self.generations.glob("g-*"):
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)
        return final

    def _previous(self, final: Path) -> Path | None:
        older = sorted(p for p in self.generations.glob("g-*") if p.name < final.name)
        return older[-1] if older else None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
