"""Dump files, written once when the store is loaded and served as static files.

Each graph: Turtle, N-Triples (gzip) and JSON-LD, and for a disclosure the CSV exports. The whole
corpus: N-Quads (gzip, with the graph names), Turtle, N-Triples (gzip), JSON-LD, and the CSV
exports that name their document, concatenated.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from budgetlod.exports import EXPORTS, write_export
from budgetlod.namespaces import PREFIXES

TURTLE_PREFIXES = {k: str(v) for k, v in PREFIXES.items()}
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


def media_type(label: str) -> str:
    return FORMATS[label][1] if label in FORMATS else CSV_TYPE


def _gzip(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:  # mtime 0: same bytes, same ETag
        gz.write(data)
    return buf.getvalue()


def write_graph_dumps(root: Path, name: str, triples: list[ox.Triple]) -> dict[str, str]:
    """`name`.ttl, .nt.gz and .jsonld under `root` (name may hold a folder); label -> relative path."""
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    out = {
        "turtle": ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES),
        "ntriples-gzip": _gzip(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)),
        "jsonld": ox.serialize(triples, format=ox.RdfFormat.JSON_LD),
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
    """Whole-corpus dumps under `root`; `csv_parts` gives, per export kind, the per-document files."""
    (root / "all.nq.gz").write_bytes(_gzip(ox.serialize(store, format=ox.RdfFormat.N_QUADS)))
    # The union of all graphs: a triple in several graphs (a shared code) is written once.
    triples = list(dict.fromkeys(q.triple for q in store))
    paths = {"nquads-gzip": "all.nq.gz", **write_graph_dumps(root, "all", triples)}
    for kind, parts in csv_parts.items():
        rel = f"all-{kind}.csv"
        with (root / rel).open("w", encoding="utf-8", newline="") as out:
            out.write("\ufeff")
            for i, part in enumerate(parts):
                header, _, body = part.read_text(encoding="utf-8").removeprefix("\ufeff").partition("\n")
                out.write((header + "\n" if i == 0 else "") + body)
        paths[f"csv-{kind}"] = rel
    return paths
