"""Loading documents into the store folder: extract, validate, add one named graph per source
file, write the dumps, and make the result the current generation in one step.

Inputs are disclosures (PDF or text conversion) or RDF files a publisher adds beside them (code
lists, mappings): Turtle / N-Triples go into a graph named after the file, TriG / N-Quads keep
their own graph names. A file already loaded (same SHA-256) is skipped; a file that fails is
reported and the others go on.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import traceback
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from budgetlod.extract import ExtractionError, ReaderFailure, extract_documents
from budgetlod.extract.document import check_file
from budgetlod.extract.graph import extraction_triples
from budgetlod.extract.iris import disclosure_graph, file_graph, segment, shared_graph
from budgetlod.extract.limits import DEFAULT_LIMITS, WorkLimits
from budgetlod.formats import DOCUMENT_SUFFIXES, rdf_format
from budgetlod.namespaces import BUD, DCTERMS, MAPPING_GRAPH, ONTOLOGY_GRAPH, RDF
from budgetlod.report import findings_json
from budgetlod.resources import resource_text
from budgetlod.store import dumps
from budgetlod.store.cluster import cluster_map
from budgetlod.store.compare import comparison_quads
from budgetlod.store.docworkers import DocumentWorkers, Failure
from budgetlod.store.storedir import DUMPS, OXIGRAPH, PENDING, GraphEntry, Manifest, StoreDir, now
from budgetlod.terms import serialized, to_quads
from budgetlod.tripleindex import TripleIndex
from budgetlod.validation import validate_graph


@dataclass
class Loaded:
    """What one input file adds: its graphs' entries, quads and (for a disclosure) the rdflib graph."""

    entries: list[GraphEntry]
    quads: list[ox.Quad]
    csv_graph: TripleIndex | None = None  # a disclosure's triples, for its CSV exports
    #: An RDF file's graphs, each one's triples for its dumps (a disclosure's are its `shares`).
    contents: dict[str, list[ox.Triple]] = field(default_factory=dict)
    #: What a disclosure prints about itself (department, year, kind), to pair the files of one publication.
    identity: tuple[str, int, str] | None = None
    partial: bool = False  # a disclosure with no table: perhaps the narrative half of a publication
    findings: list[dict[str, object]] = field(default_factory=list)  # what validate found, for its page
    paths: list[str] = field(default_factory=list)  # a disclosure's files as given
    shares: dumps.Shares | None = None  # a disclosure's triples, for its dumps and its corpus shares


@dataclass
class LoadSummary:
    generation: Path
    loaded: list[GraphEntry] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # path, why
    paired: list[tuple[str, ...]] = field(default_factory=list)  # files read as one document


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def expand(inputs: Iterable[str]) -> list[str]:
    """Files named, and the documents and RDF files under folders named, in a stable order."""
    out: list[str] = []
    for item in inputs:
        if os.path.isdir(item):
            for folder, _, names in sorted(os.walk(item)):
                for name in sorted(names):
                    if name.lower().endswith(DOCUMENT_SUFFIXES) or rdf_format(name) is not None:
                        out.append(os.path.join(folder, name))
        else:
            out.append(item)
    return out


def read_disclosure(path: str | tuple[str, ...], base: str, limits: WorkLimits = DEFAULT_LIMITS) -> Loaded:
    paths = [path] if isinstance(path, str) else list(path)
    x = extract_documents(paths, limits)
    triples = extraction_triples(x, base)
    index = TripleIndex(triples)
    doc = next(index.subjects(RDF.type, BUD.Disclosure))
    own, shared = ox.NamedNode(disclosure_graph(base, x.sha256)), ox.NamedNode(shared_graph(base))
    prefix = str(doc)
    # Converted once, for the validation, the store and the dumps; the document's own resources
    # in its graph, the rest (codes, items) in the shared graph.
    own_quads = to_quads((t for t in triples if t[0].startswith(prefix)), graph=own)
    shared_quads = to_quads((t for t in triples if not t[0].startswith(prefix)), graph=shared)
    quads = own_quads + shared_quads
    report = validate_graph(index, quads=quads)
    # The document's own dumps are what `extract -o` writes; the comparison keys are the store's
    # (and the corpus dumps', which Virtuoso is loaded from).
    keys = comparison_quads(quads)
    meta = x.metadata
    iri = own.value
    dept = next(index.objects(doc, BUD.department), None)
    entry = GraphEntry(
        graph=iri, kind="disclosure", source=" + ".join(os.path.basename(p) for p in paths), sha256=x.sha256,
        triples=len(own_quads) + len(keys), files=[f.sha256 for f in x.sources] if len(x.sources) > 1 else [],
        loaded=now(), title=str(next(index.objects(doc, DCTERMS.title), "")) or None,
        doc=str(doc), department=meta.department, department_iri=str(dept) if dept else None,
        region=meta.region, year=meta.year, document_kind=meta.document_kind, phase=meta.phase,
        pages=x.page_count, violations=len(report.violations), warnings=len(report.warnings),
    )  # fmt: skip
    shares = dumps.Shares(*([q.triple for q in part] for part in (own_quads, shared_quads, keys)))
    quads += keys
    identity = (meta.department, meta.year, meta.document_kind) if meta.department and meta.year else None
    return Loaded(
        [entry], quads, index, {}, identity, not x.tables, findings_json(report), paths, shares,
    )  # fmt: skip


def read_rdf(path: str, base: str) -> Loaded:
    check_file(path)  # a disclosure is checked by the extractor's read_source
    fmt = rdf_format(path)
    assert fmt is not None
    sha = sha256_file(path)
    own = ox.NamedNode(file_graph(base, os.path.basename(path)))
    try:
        quads = [
            q
            if not isinstance(q.graph_name, ox.DefaultGraph)
            else ox.Quad(q.subject, q.predicate, q.object, own)
            for q in ox.parse(path=path, format=fmt.oxigraph)
        ]
    except (SyntaxError, ValueError, OSError) as e:
        raise ValueError(f"{path}: not readable as {fmt.oxigraph.name} ({e})") from e
    known = set(quads)  # a graph written by a store already has its keys
    quads += [q for q in comparison_quads(quads) if q not in known]
    counts: dict[str, int] = {}
    for q in quads:
        counts[q.graph_name.value] = counts.get(q.graph_name.value, 0) + 1  # type: ignore[union-attr]
    entries = [
        GraphEntry(graph=g, kind="rdf", source=os.path.basename(path), sha256=sha, triples=n, loaded=now(),
                   title=os.path.basename(path))
        for g, n in sorted(counts.items())
    ]  # fmt: skip
    contents: dict[str, list[ox.Triple]] = {e.graph: [] for e in entries}
    for q in quads:
        contents[q.graph_name.value].append(q.triple)  # type: ignore[union-attr]
    return Loaded(entries, quads, None, contents)


def read_input(path: str | tuple[str, ...], base: str, limits: WorkLimits = DEFAULT_LIMITS) -> Loaded:
    """Raises ExtractionError or ValueError naming the file when it cannot be loaded."""
    if isinstance(path, str) and rdf_format(path) is not None:
        return read_rdf(path, base)
    return read_disclosure(path, base, limits)


#: Graphs every store holds, from files shipped in the package: name -> (resource file, title).
FIXED_GRAPHS = {
    ONTOLOGY_GRAPH: ("budget.ttl", "budgetlod ontology"),
    MAPPING_GRAPH: ("cofog-mapping.ttl", "支出功能分类 类 → COFOG mapping"),
}


def _fixed_graphs(store: ox.Store, entries: dict[str, GraphEntry]) -> None:
    """Load the ontology and the COFOG mapping, again whenever the shipped file changed."""
    for graph, (name, title) in FIXED_GRAPHS.items():
        text = resource_text(name)
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if graph in entries and entries[graph].sha256 == sha:
            continue
        node = ox.NamedNode(graph)
        if store.contains_named_graph(node):
            store.clear_graph(node)
        store.load(text.encode("utf-8"), format=ox.RdfFormat.TURTLE, to_graph=node)
        triples = sum(1 for _ in store.quads_for_pattern(None, None, None, node))
        entries[graph] = GraphEntry(
            graph=graph, kind="ontology", source=f"ontology/{name}", sha256=sha, triples=triples,
            loaded=now(), title=title,
        )  # fmt: skip


@dataclass
class Prepared:
    """One input file read, validated and dumped (in a worker process), ready to be stored."""

    path: str | tuple[str, ...]  # several files: one publication read as one document
    entries: list[GraphEntry]
    quads_file: str  # its N-Quads, written by the worker under the generation's PENDING folder
    identity: tuple[str, int, str] | None = None
    partial: bool = False

    @property
    def folder(self) -> str:
        return os.path.dirname(self.path if isinstance(self.path, str) else self.path[0])


def prepare(
    path: str | tuple[str, ...], base: str, dumps_root: Path, limits: WorkLimits = DEFAULT_LIMITS
) -> Prepared:
    """Read `path`, write its dumps under `dumps_root`; raises ExtractionError / ValueError / OSError."""
    got = read_input(path, base, limits)
    for e in got.entries:
        if got.shares is not None and got.csv_graph is not None:  # a disclosure: one graph
            name = f"doc/{e.sha256[:16]}"
            e.dumps, e.parts = dumps.write_disclosure_dumps(dumps_root, name, e.graph, got.shares)
            e.dumps.update(dumps.write_csv_dumps(dumps_root, name, got.csv_graph))
            e.dumps.update(dumps.write_source_dumps(dumps_root, name, got.paths, got.findings))
        else:
            name = f"graph/{segment(e.graph.rsplit('/', 1)[-1])}"
            e.dumps = dumps.write_graph_dumps(dumps_root, name, got.contents[e.graph])
        e.digests = dumps.digests(dumps_root, e.dumps)
    pending = dumps_root.parent / PENDING
    pending.mkdir(exist_ok=True)
    quads_file = pending / f"{uuid.uuid4().hex}.nq"  # the same document may be read twice (paired)
    quads_file.write_bytes(serialized(got.quads, ox.RdfFormat.N_QUADS))
    return Prepared(path, got.entries, str(quads_file), got.identity, got.partial)


def prepare_or_failure(
    path: str | tuple[str, ...], base: str, dumps_root: Path, limits: WorkLimits
) -> Prepared | Failure:
    """One document's work in a worker: whatever goes wrong is that document's failure."""
    try:
        return prepare(path, base, dumps_root, limits)
    except ReaderFailure as e:
        return Failure(_name(path), str(e), e.details)
    except (ExtractionError, ValueError, OSError) as e:
        return Failure(_name(path), str(e))
    except Exception as e:  # validation or dumps failing on a document: still that document's alone
        name = _name(path)
        return Failure(name, f"{name}: could not be loaded: {type(e).__name__}: {e}", traceback.format_exc())


def _name(path: str | tuple[str, ...]) -> str:
    return path if isinstance(path, str) else " + ".join(path)


#: Seconds a worker gets past the document's own time limit before it is killed: the readers stop
#: themselves at the limit (with a better message); the kill is for work they cannot interrupt.
KILL_GRACE = 10.0


def _prepared(
    todo: list[str] | list[tuple[str, ...]],
    base: str,
    dumps_root: Path,
    jobs: int,
    limits: WorkLimits,
    log: Callable[[str], None],
    scheduler: str | None = None,
) -> Iterator[Prepared | Failure]:
    """Results as they finish, from `jobs` worker processes (or the Dask cluster at `scheduler`),
    each document within its time limit."""
    if not todo:
        return
    if scheduler is not None:
        args = (base, dumps_root, limits)
        yield from cluster_map(scheduler, todo, prepare_or_failure, args, limits, log, _name)
        return
    workers = DocumentWorkers(
        min(jobs, len(todo)), limits.seconds, prepare_or_failure, (base, dumps_root, limits), log, KILL_GRACE
    )
    yield from workers.map(todo)


def _record_failure(
    store_dir: StoreDir, summary: LoadSummary, failure: Failure, log: Callable[[str], None]
) -> None:
    message = failure.message
    if failure.details:
        where = store_dir.log_failure(failure.details)
        message = f"{message} (traceback in {where})"
    summary.failed.append((failure.path, message))
    log(f"{failure.path}: failed: {message}")


def load(
    store_dir: StoreDir,
    inputs: Iterable[str],
    base: str,
    force: bool = False,
    log: Callable[[str], None] = lambda _: None,
    jobs: int = 1,
    progress: Callable[[int, int], None] = lambda done, total: None,
    limits: WorkLimits = DEFAULT_LIMITS,
    wait: bool = True,
    scheduler: str | None = None,
) -> LoadSummary:
    """Load `inputs` on top of the current generation into a new one and make it current.

    With `force` the new generation starts empty, so every input is read again. Files are read in
    `jobs` worker processes (or on the Dask cluster whose scheduler is at `scheduler`), each document
    within `limits`, and bulk-loaded into the new generation. One load at a time per store: a second
    waits (or, without `wait`, raises StoreBusy).
    """
    with store_dir.writer(wait, log):
        return _load(store_dir, inputs, base, force, log, jobs, progress, limits, scheduler)


def _load(
    store_dir: StoreDir, inputs: Iterable[str], base: str, force: bool, log: Callable[[str], None], jobs: int,
    progress: Callable[[int, int], None], limits: WorkLimits, scheduler: str | None = None,
) -> LoadSummary:  # fmt: skip
    previous = store_dir.current()
    old = store_dir.manifest(previous) if previous else None
    if old and old.base != base:
        raise ValueError(f"{store_dir.root}: the store was built with base {old.base}, not {base}")
    tmp = store_dir.begin()
    entries: dict[str, GraphEntry] = {}
    if previous and old and not force:
        ox.Store.read_only(str(previous / OXIGRAPH)).backup(str(tmp / OXIGRAPH))
        entries = {e.graph: e for e in old.graphs}
        # Per-graph dumps of earlier loads are immutable: hard links, not copies.
        for e in entries.values():
            for rel in [*e.dumps.values(), *e.parts.values()]:
                (tmp / DUMPS / rel).parent.mkdir(parents=True, exist_ok=True)
                os.link(previous / DUMPS / rel, tmp / DUMPS / rel)
    store = ox.Store(str(tmp / OXIGRAPH))
    _fixed_graphs(store, entries)
    summary = LoadSummary(generation=tmp)
    known = {e.sha256 for e in entries.values()} | {f for e in entries.values() for f in e.files}
    todo: list[str] = []
    for path in expand(inputs):
        try:
            check_file(path)  # before hashing: opening a FIFO would block the build
            sha = sha256_file(path)
        except (ExtractionError, OSError) as e:
            _record_failure(store_dir, summary, Failure(path, str(e)), log)
            continue
        if sha in known:
            summary.skipped.append(path)
            log(f"{path}: already in the store, skipped")
            continue
        known.add(sha)  # the same file twice in one build is read once
        todo.append(path)
    held: list[Prepared] = []  # files with no table: paired with their tables file at the end
    whole: dict[tuple[str, tuple[str, int, str]], Prepared] = {}  # (folder, identity) -> loaded document
    loads = BulkLoads(store)
    for done, got in enumerate(_prepared(todo, base, tmp / DUMPS, jobs, limits, log, scheduler), 1):
        if isinstance(got, Failure):
            _record_failure(store_dir, summary, got, log)
        elif got.partial:
            held.append(got)
        else:
            _store_prepared(loads, entries, summary, got, log)
            if got.identity is not None:
                whole.setdefault((got.folder, got.identity), got)
        progress(done, len(todo))
    _pair(loads, tmp, entries, summary, held, whole, base, jobs, limits, log, store_dir, scheduler)
    loads.flush()
    shutil.rmtree(tmp / PENDING, ignore_errors=True)  # what a failed or unpaired read left
    shared = ox.NamedNode(shared_graph(base))
    entries[shared.value] = GraphEntry(
        graph=shared.value, kind="shared", source="", sha256="", loaded=now(), title="shared resources",
        triples=sum(1 for _ in store.quads_for_pattern(None, None, None, shared)),
    )  # fmt: skip
    ordered = sorted(entries.values(), key=lambda e: (e.kind != "disclosure", e.source, e.graph))
    csv_parts = {
        kind: [tmp / DUMPS / e.dumps[f"csv-{kind}"] for e in ordered if f"csv-{kind}" in e.dumps]
        for kind in dumps.CORPUS_CSV
    }
    shares = {e.graph: {k: tmp / DUMPS / rel for k, rel in e.parts.items()} for e in ordered if e.parts}
    # the store compacts in a thread while the corpus dumps are written (RocksDB compacts without
    # the GIL, and reads go on meanwhile): 30 s at 1,000 documents that would otherwise follow them
    with ThreadPoolExecutor(max_workers=1) as pool:
        compacting = pool.submit(compact, store)
        corpus = dumps.write_corpus_dumps(tmp / DUMPS, store, csv_parts, shares)
        digests = dumps.digests(tmp / DUMPS, corpus)
        compacting.result()  # its failure is the build's
    store.flush()
    del store
    manifest = Manifest(base=base, created=now(), graphs=ordered, dumps=corpus, digests=digests)
    summary.generation = store_dir.commit(tmp, manifest)
    return summary


def compact(store: ox.Store) -> None:
    """Compact the store once, after the whole build's bulk loads: at 1,020 documents 20 s, a
    fifth smaller on disk and the whole-corpus queries 1.7x faster (bench/README.md)."""
    store.optimize()


#: Bytes of N-Quads gathered before one bulk load. Each bulk load adds files that RocksDB then
#: compacts into what the store holds already, so the fewer the loads the less the work: 1,000
#: documents loaded 48 MB at a time cost the build's parent 426 CPU-s, 640 MB at a time 240 CPU-s,
#: in one load 184 CPU-s. But the loader's memory grows with the batch (1.2 GB on 325 MB, 1.7 GB
#: on 650 MB, measured apart): 384 MB keeps a build under 2 GB. The N-Quads wait in files and are
#: streamed to the loader, so the parent holds none of them.
BULK_BYTES = 384 * 1024 * 1024


class BulkLoads:
    """Documents' N-Quads files put into the store by its bulk loader, hundreds of MB at a time.

    The bulk loader: no transaction, but a failed or killed build never becomes current, so no half
    document is ever served; a transactional load keeps ~6 MB of RocksDB memory per document until
    the store closes (3 GB at 500 documents).
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.limit = BULK_BYTES
        self.loads = 0  # bulk loads made (a build's count, for its tests)
        self.pending: list[Path] = []
        self.size = 0

    def add(self, quads_file: str) -> None:
        path = Path(quads_file)
        self.pending.append(path)
        self.size += path.stat().st_size
        if self.size >= self.limit:
            self.flush()

    def flush(self) -> None:
        """Load what is gathered: before the store is read or changed in any other way."""
        if self.pending:
            # N-Quads files joined are one N-Quads file; blank node labels are kept as written
            # (rdflib's, unique per document), so this is the same as loading each apart.
            # lenient: the files are oxigraph's own serialisation of terms it has checked already
            # (a worker parsed or built them), so the IRIs are not checked a second time
            with io.BufferedReader(_Joined(self.pending), 1 << 20) as joined:
                self.store.bulk_load(joined, format=ox.RdfFormat.N_QUADS, lenient=True)
            for path in self.pending:
                path.unlink()
            self.loads += 1
        self.pending, self.size = [], 0


class _Joined(io.RawIOBase):
    """Files read one after another as one stream."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = list(paths)
        self.current: io.BufferedReader | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            if self.current is None:
                if not self.paths:
                    return 0
                self.current = self.paths.pop(0).open("rb")
            n = self.current.readinto(buffer)
            if n:
                return n
            self.current.close()
            self.current = None

    def close(self) -> None:
        if self.current is not None:
            self.current.close()
        super().close()


def _store_prepared(
    loads: BulkLoads,
    entries: dict[str, GraphEntry],
    summary: LoadSummary,
    got: Prepared,
    log: Callable[[str], None],
) -> None:
    loads.add(got.quads_file)
    for entry in got.entries:
        entries[entry.graph] = entry
        summary.loaded.append(entry)
    log(f"{_name(got.path)}: loaded ({sum(e.triples for e in got.entries)} triples)")


def _unstore(
    loads: BulkLoads, root: Path, entries: dict[str, GraphEntry], summary: LoadSummary, got: Prepared
) -> None:
    """Take back a document loaded on its own, to load it again joined with its other half."""
    loads.flush()
    for entry in got.entries:
        loads.store.remove_graph(ox.NamedNode(entry.graph))
        entries.pop(entry.graph, None)
        summary.loaded.remove(entry)
    _drop_dumps(root, got)


def _drop_dumps(root: Path, got: Prepared) -> None:
    """Remove the dumps a worker wrote for a document that is not served as such."""
    for entry in got.entries:
        for rel in [*entry.dumps.values(), *entry.parts.values()]:
            (root / DUMPS / rel).unlink(missing_ok=True)


def _pair(
    loads: BulkLoads, root: Path, entries: dict[str, GraphEntry], summary: LoadSummary, held: list[Prepared],
    whole: dict[tuple[str, tuple[str, int, str]], Prepared], base: str, jobs: int, limits: WorkLimits,
    log: Callable[[str], None], store_dir: StoreDir, scheduler: str | None = None,
) -> None:  # fmt: skip
    """Join each file that prints no table with the file of its folder that prints the same department,
    year and kind (by what they print, not by their names); a file with no partner is loaded alone."""
    pairs: list[tuple[Prepared, Prepared]] = []
    for part in held:
        partner = whole.pop((part.folder, part.identity), None) if part.identity else None
        if partner is None:
            _store_prepared(loads, entries, summary, part, log)
        else:
            pairs.append((partner, part))
    if not pairs:
        return
    todo: list[tuple[str, ...]] = [(_first(p.path), _first(q.path)) for p, q in pairs]
    by_name = {_name(t): pair for t, pair in zip(todo, pairs, strict=True)}
    for got in _prepared(todo, base, root / DUMPS, jobs, limits, log, scheduler):  # in the order they finish
        partner, part = by_name[_name(got.path)]
        if isinstance(got, Failure):  # both halves stay as they were read alone
            log(f"{got.path}: could not be read as one document ({got.message}); loaded apart")
            _store_prepared(loads, entries, summary, part, log)
            continue
        _unstore(loads, root, entries, summary, partner)
        _drop_dumps(root, part)  # the partial's own dumps are not served
        _store_prepared(loads, entries, summary, got, log)
        summary.paired.append(tuple(got.path))
        log(f"{_name(got.path)}: one publication in two files, read as one document")


def _first(path: str | tuple[str, ...]) -> str:
    return path if isinstance(path, str) else path[0]
