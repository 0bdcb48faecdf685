"""Dump files, written once when the store is loaded and served as static files.

Each graph: Turtle, N-Triples (gzip) and JSON-LD, and for a disclosure the CSV exports. The whole
corpus: N-Quads (gzip, with the graph names), Turtle, N-Triples (gzip), JSON-LD, and the CSV
exports that name their document, concatenated.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from budgetlod.csvout import BOM
from budgetlod.exports import EXPORTS, write_export
from budgetlod.namespaces import TURTLE_PREFIXES
from budgetlod.terms import serialized, turtle
from budgetlod.tripleindex import Lookups

#: Exports with a `document` column: these make sense for the corpus as a whole.
CORPUS_CSV = tuple(k for k, (header, _) in EXPORTS.items() if "document" in header)
#: label -> (file suffix, media type) of every dump; the one list the catalogue and routes use.
FORMATS = {
    "turtle": (".ttl", "text/turtle"),
    "ntriples-gzip": (".nt.gz", "application/n-triples"),
    "jsonld": (".jsonld", "application/ld+json"),
    "nquads-gzip": (".nq.gz", "application/n-quads"),
}
CSV_TYPE = "text/csv"
#: gzip level of the .gz dumps: 6, not 9 — far less time for files a few per cent larger (the corpus
#: dumps of 1,020 documents took 4.8 of the build's 45 minutes at level 9).
GZIP_LEVEL = 6
#: A disclosure's own files (label `source-pdf`, `source-2-pdf` …) and its findings (`findings-json`).
SOURCE_TYPES = {"pdf": "application/pdf", "txt": "text/plain", "json": "application/json"}


def media_type(label: str) -> str:
    if label.startswith(("source", "findings")):
        return SOURCE_TYPES[label.rsplit("-", 1)[1]]
    return FORMATS[label][1] if label in FORMATS else CSV_TYPE


def write_source_dumps(
    root: Path, name: str, paths: list[str], findings: list[dict[str, object]]
) -> dict[str, str]:
    """A disclosure's source files as published (so a page can link to a PDF's page) and what
    `validate` found in it (JSON, for its page); label -> relative path."""
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    out = {}
    for k, path in enumerate(paths, start=1):
        ext = Path(path).suffix.lower().lstrip(".")
        if ext not in SOURCE_TYPES or ext == "json":
            continue
        stem = "source" if k == 1 else f"source-{k}"
        rel = f"{name}-{stem}.{ext}"
        shutil.copyfile(path, root / rel)
        out[f"{stem}-{ext}"] = rel
    rel = f"{name}-findings.json"
    (root / rel).write_text(json.dumps(findings, ensure_ascii=False, indent=0), encoding="utf-8")
    out["findings-json"] = rel
    return out


def digests(root: Path, files: dict[str, str]) -> dict[str, list[int | str]]:
    """label -> [bytes, SHA-256] of each dump file (label -> path under `root`): the catalogue's
    byte sizes and checksums, computed once where the files are written."""
    out: dict[str, list[int | str]] = {}
    for label, rel in files.items():
        h = hashlib.sha256()
        size = 0
        with (root / rel).open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
                size += len(chunk)
        out[label] = [size, h.hexdigest()]
    return out


def _gzip(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=GZIP_LEVEL) as gz:  # mtime 0: same ETag
        gz.write(data)
    return buf.getvalue()


def _write(root: Path, files: dict[str, tuple[str, bytes]]) -> dict[str, str]:
    """label -> (path under `root`, bytes): written; label -> path."""
    for rel, data in files.values():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return {label: rel for label, (rel, _) in files.items()}


def write_graph_dumps(root: Path, name: str, triples: list[ox.Triple]) -> dict[str, str]:
    """`name`.ttl, .nt.gz and .jsonld under `root` (name may hold a folder); label -> relative path."""
    out = {
        "turtle": turtle(triples),
        "ntriples-gzip": _gzip(serialized(triples, ox.RdfFormat.N_TRIPLES)),
        "jsonld": serialized(triples, ox.RdfFormat.JSON_LD),
    }
    return _write(root, {label: (f"{name}{FORMATS[label][0]}", data) for label, data in out.items()})


def write_csv_dumps(root: Path, name: str, graph: Lookups) -> dict[str, str]:
    """Every export of one disclosure as `name`-KIND.csv; returns label (csv-KIND) -> relative path."""
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind in EXPORTS:
        rel = f"{name}-{kind}.csv"
        with (root / rel).open("w", encoding="utf-8", newline="") as fh:
            write_export(kind, graph, fh)
        paths[f"csv-{kind}"] = rel
    return paths


#: The corpus's RDF dumps (labels of FORMATS); each graph's share of them is written by the worker
#: that read it, under PARTS (not served).
CORPUS_RDF = ("nquads-gzip", "ntriples-gzip", "turtle", "jsonld")
PARTS = "parts"


def _jsonld_inner(body: bytes) -> bytes:
    """A graph's JSON-LD node objects without the enclosing array, to join graphs into one array."""
    body = body.strip()
    return body[1:-1].strip() if body.startswith(b"[") else body


@dataclass
class Shares:
    """A disclosure's triples in three parts: its own resources' (its graph), what went to the shared
    graph (codes, items), and its comparison keys (its graph, the store's only: not what `extract`
    writes)."""

    own: list[ox.Triple]
    shared: list[ox.Triple]
    keys: list[ox.Triple]


def write_disclosure_dumps(
    root: Path, name: str, graph: str, shares: Shares
) -> tuple[dict[str, str], dict[str, str]]:
    """A disclosure's dumps (own + shared triples: what `extract -o` writes) and its shares of the
    corpus dumps (own triples + keys), label -> relative path each.

    Each part is serialised once and the files joined from the parts: gzip members concatenated are
    one gzip stream, JSON-LD node objects one array; Turtle is written whole (the dump sorted, the
    share with its prefixes: repeated prefixes are allowed).
    """
    parts = {"own": shares.own, "shared": shares.shared, "keys": shares.keys}
    nt = {k: serialized(t, ox.RdfFormat.N_TRIPLES) for k, t in parts.items()}
    gz = {k: _gzip(data) if data else b"" for k, data in nt.items()}
    js = {k: _jsonld_inner(serialized(t, ox.RdfFormat.JSON_LD)) if t else b"" for k, t in parts.items()}

    def joined(*bodies: bytes) -> bytes:
        return b",\n".join(b for b in bodies if b)

    # N-Quads are N-Triples lines with the graph name before the final " ." (a line of N-Triples
    # ends so and nowhere else: newlines in literals are escaped)
    nquads = (nt["own"] + nt["keys"]).replace(b" .\n", f" <{graph}> .\n".encode())
    dumps = {
        "turtle": turtle([*shares.own, *shares.shared]),
        "ntriples-gzip": gz["own"] + gz["shared"],
        "jsonld": b"[" + joined(js["own"], js["shared"]) + b"]\n",
    }
    corpus = {
        "nquads-gzip": _gzip(nquads),
        "ntriples-gzip": gz["own"] + gz["keys"],
        "turtle": serialized([*shares.own, *shares.keys], ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES),
        "jsonld": joined(js["own"], js["keys"]),
    }
    written = _write(root, {label: (f"{name}{FORMATS[label][0]}", data) for label, data in dumps.items()})
    shared = _write(
        root, {label: (f"{PARTS}/{name}{FORMATS[label][0]}", corpus[label]) for label in CORPUS_RDF}
    )
    return written, shared


def _stream_share(fh: BinaryIO, store: ox.Store, graph: ox.NamedNode, label: str) -> None:
    """A graph of the store in one corpus dump, streamed (an RDF file's graph may be large)."""
    if label == "turtle":
        store.dump(fh, format=ox.RdfFormat.TURTLE, from_graph=graph, prefixes=TURTLE_PREFIXES)
        return
    with gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, compresslevel=GZIP_LEVEL) as gz:  # one member
        if label == "nquads-gzip":
            ox.serialize(store.quads_for_pattern(None, None, None, graph), gz, format=ox.RdfFormat.N_QUADS)  # type: ignore[arg-type]
        else:
            store.dump(gz, format=ox.RdfFormat.N_TRIPLES, from_graph=graph)  # type: ignore[arg-type]


def write_corpus_dumps(
    root: Path,
    store: ox.Store,
    csv_parts: dict[str, list[Path]],
    graph_parts: dict[str, dict[str, Path]] | None = None,
) -> dict[str, str]:
    """Whole-corpus dumps under `root`, graph by graph in the order of their names (a corpus of
    10 million triples is never held in memory); `csv_parts` gives, per export kind, the
    per-document files, and `graph_parts` each graph's share written when it was read (by
    write_corpus_parts); the other graphs (ontology, shared, RDF files) come from the store.

    The union dumps are the graphs one after another: Turtle and N-Triples allow that, and JSON-LD
    gets one array of all graphs' node objects. Graphs are disjoint but for rare shared facts, which
    a reader sees once (RDF graphs are sets).
    """
    shares = graph_parts or {}
    graphs = sorted(store.named_graphs(), key=lambda g: g.value)  # type: ignore[union-attr]
    default = [q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]
    names = {label: f"all{FORMATS[label][0]}" for label in CORPUS_RDF}
    for label, file in names.items():
        with (root / file).open("wb") as fh:
            fh.write(b"[" if label == "jsonld" else b"")
            first = True
            for g in graphs:
                own = shares.get(g.value, {}).get(label)  # type: ignore[union-attr]
                if own is None and label != "jsonld":
                    _stream_share(fh, store, g, label)  # type: ignore[arg-type]
                    continue
                if own is not None:
                    share = own.read_bytes()
                else:
                    share = _jsonld_inner(store.dump(format=ox.RdfFormat.JSON_LD, from_graph=g) or b"")
                if label == "jsonld" and share:
                    share = share if first else b",\n" + share
                    first = False
                fh.write(share)
            if default and label == "nquads-gzip":  # the default graph's triples: quads with no graph
                fh.write(_gzip(serialized(default, ox.RdfFormat.N_TRIPLES)))
            fh.write(b"]\n" if label == "jsonld" else b"")
    paths = dict(names)
    for kind, files in csv_parts.items():
        rel = f"all-{kind}.csv"
        with (root / rel).open("w", encoding="utf-8", newline="") as out:
            out.write(BOM)  # the parts are written by csvout.write_csv: joined, they stay safe
            for i, part in enumerate(files):
                header, _, rows = part.read_text(encoding="utf-8").removeprefix(BOM).partition("\n")
                out.write((header + "\n" if i == 0 else "") + rows)
        paths[f"csv-{kind}"] = rel
    return paths
