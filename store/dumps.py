"""Dump files, written once when the store is loaded and served as static files.

Each graph: Turtle, N-Triples (gzip) and JSON-LD, and for a disclosure the CSV exports. The whole
corpus: N-Quads (gzip, with the graph names), Turtle, N-Triples (gzip), JSON-LD, and the CSV
exports that name their document, concatenated.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from budgetlod.csvout import BOM
from budgetlod.exports import EXPORTS, write_export
from budgetlod.namespaces import TURTLE_PREFIXES
from budgetlod.terms import serialized, turtle

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


def _gzip(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=GZIP_LEVEL) as gz:  # mtime 0: same ETag
        gz.write(data)
    return buf.getvalue()


def write_graph_dumps(root: Path, name: str, triples: list[ox.Triple]) -> dict[str, str]:
    """`name`.ttl, .nt.gz and .jsonld under `root` (name may hold a folder); label -> relative path."""
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    out = {
        "turtle": turtle(triples),
        "ntriples-gzip": _gzip(serialized(triples, ox.RdfFormat.N_TRIPLES)),
        "jsonld": serialized(triples, ox.RdfFormat.JSON_LD),
    }
    paths = {}
    for label, data in out.items():
        rel = f"{name}{FORMATS[label][0]}"
        (root / rel).write_bytes(data)
        paths[label] = rel
    return paths


def write_csv_dumps(root: Path, name: str, graph: Graph) -> dict[str, str]:
    """Every export of one disclosure as `name`-KIND.csv; returns label (csv-KIND) -> relative path."""
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind in EXPORTS:
        rel = f"{name}-{kind}.csv"
        with (root / rel).open("w", encoding="utf-8", newline="") as fh:
            write_export(kind, graph, fh)
        paths[f"csv-{kind}"] = rel
    return paths


def write_corpus_dumps(root: Path, store: ox.Store, csv_parts: dict[str, list[Path]]) -> dict[str, str]:
    """Whole-corpus dumps under `root`, streamed graph by graph (a corpus of 10 million triples is
    never held in memory); `csv_parts` gives, per export kind, the per-document files.

    The union dumps are the graphs one after another: Turtle and N-Triples allow that, and JSON-LD
    gets one array of all graphs' node objects. Graphs are disjoint but for rare shared facts, which
    a reader sees once (RDF graphs are sets).
    """
    with gzip.GzipFile(root / "all.nq.gz", mode="wb", mtime=0, compresslevel=GZIP_LEVEL) as gz:
        store.dump(gz, format=ox.RdfFormat.N_QUADS)  # type: ignore[arg-type]  # a GzipFile is an IO[bytes]
    graphs = sorted(store.named_graphs(), key=lambda g: g.value)  # type: ignore[union-attr]
    with gzip.GzipFile(root / "all.nt.gz", mode="wb", mtime=0, compresslevel=GZIP_LEVEL) as gz:
        for g in graphs:
            store.dump(gz, format=ox.RdfFormat.N_TRIPLES, from_graph=g)  # type: ignore[arg-type]
    with (root / "all.ttl").open("wb") as fh:
        for g in graphs:
            store.dump(fh, format=ox.RdfFormat.TURTLE, from_graph=g, prefixes=TURTLE_PREFIXES)
    with (root / "all.jsonld").open("wb") as fh:
        fh.write(b"[")
        first = True
        for g in graphs:
            body = (store.dump(format=ox.RdfFormat.JSON_LD, from_graph=g) or b"").strip()
            inner = body[1:-1].strip() if body.startswith(b"[") else body
            if inner:
                fh.write(inner if first else b",\n" + inner)
                first = False
        fh.write(b"]\n")
    paths = {
        "nquads-gzip": "all.nq.gz",
        "ntriples-gzip": "all.nt.gz",
        "turtle": "all.ttl",
        "jsonld": "all.jsonld",
    }
    for kind, parts in csv_parts.items():
        rel = f"all-{kind}.csv"
        with (root / rel).open("w", encoding="utf-8", newline="") as out:
            out.write(BOM)  # the parts are written by csvout.write_csv: joined, they stay safe
            for i, part in enumerate(parts):
                header, _, rows = part.read_text(encoding="utf-8").removeprefix(BOM).partition("\n")
                out.write((header + "\n" if i == 0 else "") + rows)
        paths[f"csv-{kind}"] = rel
    return paths
