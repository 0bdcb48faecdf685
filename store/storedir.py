"""The store folder: generations of (Oxigraph store, dumps, manifest) behind one `current` link.

A load never touches the generation being served: it builds the next one beside it (starting from
a RocksDB checkpoint of the current store, which costs hard links, not a copy) and swaps the
`current` symbolic link with one atomic rename. An interrupted load leaves a `.tmp-*` folder that
the next load removes, and the old generation serving unharmed.

One writer at a time: a load holds the store's lock (`flock` on `.lock`, released by the kernel
when its process dies). A serving process pins the generation it serves (a shared `flock` on the
generation's `.pin`): pruning skips a pinned generation, however old.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

MANIFEST = "manifest.json"
OXIGRAPH = "oxigraph"
DUMPS = "dumps"
PENDING = "pending"  # a build's N-Quads waiting for their bulk load (store/loading.py)
LOCK = ".lock"
PIN = ".pin"
BUILD_LOG = "build.log"


class StoreBusy(Exception):
    """Another process is loading this store."""


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
    files: list[str] = field(default_factory=list)  # SHA-256 of each file, for a document of several files
    parts: dict[str, str] = field(default_factory=dict)  # its share of the corpus dumps (not served)
    digests: dict[str, list[int | str]] = field(default_factory=dict)  # dump label -> [bytes, SHA-256]

    @property
    def key(self) -> str:
        return self.graph.rsplit("/", 1)[-1]


@dataclass
class Manifest:
    base: str
    created: str
    graphs: list[GraphEntry] = field(default_factory=list)
    dumps: dict[str, str] = field(default_factory=dict)  # whole-corpus dumps: label -> path
    digests: dict[str, list[int | str]] = field(default_factory=dict)  # corpus dump label -> [bytes, SHA-256]

    def by_sha(self) -> dict[str, GraphEntry]:
        return {g.sha256: g for g in self.graphs}

    def dump_files(self) -> set[str]:
        """Every dump file the generation serves, relative to its dumps folder."""
        return set(self.dumps.values()) | {p for e in self.graphs for p in e.dumps.values()}

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

    @contextlib.contextmanager
    def writer(self, wait: bool = True, log: Callable[[str], None] = lambda _: None) -> Iterator[None]:
        """Hold the store's writer lock: one build or load at a time.

        With `wait`, a second writer waits for the first (saying so); else it raises StoreBusy.
        """
        if self.root.exists() and not self.root.is_dir():
            raise NotADirectoryError(f"{self.root}: the store must be a folder")
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "another process"
                if not wait:
                    raise StoreBusy(
                        f"{self.root}: being loaded by process {holder}; try again later"
                    ) from None
                log(f"{self.root}: waiting for process {holder}, which is loading this store")
                fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def pin(self, generation: Path) -> int:
        """Pin a generation for as long as the returned descriptor is open (a serving process)."""
        fd = os.open(generation / PIN, os.O_RDONLY | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_SH)
        return fd

    @staticmethod
    def pinned(generation: Path) -> bool:
        try:
            fd = os.open(generation / PIN, os.O_RDONLY)
        except FileNotFoundError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return False
        except BlockingIOError:
            return True
        finally:
            os.close(fd)

    def begin(self) -> Path:
        """A fresh folder for the next generation; leftovers of interrupted loads are removed.

        Called with the writer lock held, so no other process is writing a `.tmp-*` folder; one whose
        owner still runs (a writer that did not take the lock) is left alone all the same.
        """
        if self.root.exists() and not self.root.is_dir():
            raise NotADirectoryError(f"{self.root}: the store must be a folder")
        self.generations.mkdir(parents=True, exist_ok=True)
        for old in self.generations.glob(".tmp-*"):
            if not _alive(_owner(old)):
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
        # Keep the previous generation, and any a running server still serves from.
        keep = {final.name, *(p.name for p in [self._previous(final)] if p)}
        for old in self.generations.glob("g-*"):
            if old.name not in keep and not self.pinned(old):
                shutil.rmtree(old, ignore_errors=True)
        return final

    def log_failure(self, text: str) -> Path:
        """Append a failure's details (a traceback) to the store's build log; returns its path."""
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / BUILD_LOG
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {now()} (process {os.getpid()})\n{text.rstrip()}\n")
        return path

    def _previous(self, final: Path) -> Path | None:
        older = sorted(p for p in self.generations.glob("g-*") if p.name < final.name)
        return older[-1] if older else None


def _owner(tmp: Path) -> int | None:
    """The process that made a `.tmp-<time>-<pid>` folder."""
    try:
        return int(tmp.name.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return None


def _alive(pid: int | None) -> bool:
    if pid is None or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
