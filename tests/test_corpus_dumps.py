"""Issue 18: the corpus dumps are joined from each graph's share, written by the worker that read
the document, instead of serialising the whole store again at the end of a build. They hold what
the store holds, quad for quad, in every format, across a second (incremental) load too."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetlod.namespaces import DEFAULT_BASE
from budgetlod.store.dumps import write_corpus_dumps
from budgetlod.store.loading import load
from budgetlod.store.storedir import DUMPS, OXIGRAPH, StoreDir
from tests.conftest import DATA, HANDAN_TXT, SAMPLES


def _quads(store: ox.Store) -> set[ox.Quad]:
    return set(store.quads_for_pattern(None, None, None, None))


def _triples(store: ox.Store) -> set[ox.Triple]:
    return {q.triple for q in store.quads_for_pattern(None, None, None, None)}


def _canonical(quads: object) -> set[ox.Quad]:
    """Through a store, as the served store sees them: a dump keeps each figure as printed
    ("1290.70"), the store its value (xsd:decimal 1290.7)."""
    store = ox.Store()
    store.extend(quads)  # type: ignore[arg-type]
    return set(store.quads_for_pattern(None, None, None, None))


def _read(folder: Path, name: str) -> tuple[set[ox.Quad], set[ox.Triple], set[ox.Triple], set[ox.Triple]]:
    nq = _canonical(
        ox.parse(gzip.decompress((folder / f"{name}.nq.gz").read_bytes()), format=ox.RdfFormat.N_QUADS)
    )
    triples = []
    for file, fmt in ((f"{name}.nt.gz", ox.RdfFormat.N_TRIPLES), (f"{name}.ttl", ox.RdfFormat.TURTLE),
                      (f"{name}.jsonld", ox.RdfFormat.JSON_LD)):  # fmt: skip
        data = (folder / file).read_bytes()
        data = gzip.decompress(data) if file.endswith(".gz") else data
        if fmt == ox.RdfFormat.JSON_LD:
            json.loads(data)  # one JSON document
        triples.append({q.triple for q in _canonical(ox.parse(data, format=fmt))})
    return nq, triples[0], triples[1], triples[2]


def _check(root: Path) -> None:
    sd = StoreDir(root)
    gen = sd.current()
    assert gen is not None
    manifest = sd.manifest()
    assert manifest is not None
    store = ox.Store.read_only(str(gen / OXIGRAPH))
    nq, nt, ttl, jsonld = _read(gen / DUMPS, "all")
    assert nq == _quads(store) and len(nq) > 10_000
    assert nt == ttl == jsonld == _triples(store)
    shared = [e for e in manifest.disclosures() if e.parts]
    assert shared and all((gen / DUMPS / rel).exists() for e in shared for rel in e.parts.values())
    assert not any(rel in manifest.dump_files() for e in shared for rel in e.parts.values())  # not served


def test_corpus_dumps_from_the_shares_hold_the_store(tmp_path: Path) -> None:
    root = tmp_path / "store"
    pdf = SAMPLES / "shanghai-putuo-caizhengju-2025-budget.pdf"
    summary = load(StoreDir(root), [str(HANDAN_TXT), str(DATA / "cofog-sample.ttl")], DEFAULT_BASE, jobs=1)
    assert not summary.failed
    _check(root)
    # a second load: the first document's share is carried over, the new one's written
    summary = load(StoreDir(root), [str(pdf)], DEFAULT_BASE, jobs=1)
    assert not summary.failed and len(summary.loaded) == 1
    _check(root)


def test_the_shares_give_what_the_store_gives(tmp_path: Path) -> None:
    """The same files written with no shares at all (every graph from the store) hold the same."""
    root = tmp_path / "store"
    load(StoreDir(root), [str(HANDAN_TXT)], DEFAULT_BASE, jobs=1)
    gen = StoreDir(root).current()
    assert gen is not None
    store = ox.Store.read_only(str(gen / OXIGRAPH))
    write_corpus_dumps(tmp_path, store, {})
    assert _read(tmp_path, "all") == _read(gen / DUMPS, "all")


@pytest.mark.parametrize("member", [0, 1])
def test_the_gzip_dumps_are_one_stream_of_members(tmp_path: Path, member: int) -> None:
    """gzip readers (zcat, Python, curl --compressed) read every member, not only the first."""
    root = tmp_path / "store"
    load(StoreDir(root), [str(HANDAN_TXT)], DEFAULT_BASE, jobs=1)
    gen = StoreDir(root).current()
    assert gen is not None
    data = (gen / DUMPS / ("all.nq.gz", "all.nt.gz")[member]).read_bytes()
    assert data.count(b"\x1f\x8b\x08") >= 3  # the ontology, the mapping, the shared graph, the document …
    assert len(gzip.decompress(data).splitlines()) > 10_000
