"""Loading the store: one named graph per source file, incremental, failures named, atomic."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetlod.namespaces import DEFAULT_BASE
from budgetlod.store import loading
from budgetlod.store.loading import load
from budgetlod.store.storedir import OXIGRAPH, PENDING, StoreDir
from tests.conftest import DATA, HANDAN_TXT


def graphs(gen: Path) -> set[str]:
    return {g.value for g in ox.Store.read_only(str(gen / OXIGRAPH)).named_graphs()}


def test_rdf_files_get_graphs_named_after_them_or_their_own(tmp_path: Path) -> None:
    sd = StoreDir(tmp_path / "s")
    summary = load(sd, [str(DATA / "cofog-sample.ttl"), str(DATA / "protocol-dataset.trig")], DEFAULT_BASE)
    assert {e.graph for e in summary.loaded} == {
        f"{DEFAULT_BASE}graph/file/cofog-sample.ttl",
        *(f"http://kasei.us/2009/09/sparql/data/data{i}.rdf" for i in (1, 2, 3)),
    }
    assert {e.graph for e in summary.loaded} <= graphs(summary.generation)


def test_second_load_skips_known_files_and_a_bad_file_is_named(tmp_path: Path) -> None:
    sd = StoreDir(tmp_path / "s")
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(HANDAN_TXT, docs)
    first = load(sd, [str(docs)], DEFAULT_BASE)
    assert [e.source for e in first.loaded] == [HANDAN_TXT.name] and not first.failed
    (docs / "broken.pdf").write_bytes(b"%PDF-1.7\n garbage")
    (docs / "notes.txt").write_text("这不是预算公开文件。\n", encoding="utf-8")
    second = load(sd, [str(docs)], DEFAULT_BASE)
    assert second.loaded == [] and second.skipped == [str(docs / HANDAN_TXT.name)]
    assert sorted(Path(p).name for p, _ in second.failed) == ["broken.pdf", "notes.txt"]
    assert all(Path(p).name in why for p, why in second.failed)
    m = sd.manifest()
    assert m is not None and [e.source for e in m.disclosures()] == [HANDAN_TXT.name]


def test_an_interrupted_load_leaves_the_served_generation_intact(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sd = StoreDir(tmp_path / "s")
    before = load(sd, [str(DATA / "cofog-sample.ttl")], DEFAULT_BASE).generation
    snapshot = graphs(before)

    def boom(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(loading.dumps, "write_corpus_dumps", boom)
    with pytest.raises(KeyboardInterrupt):
        load(sd, [str(HANDAN_TXT)], DEFAULT_BASE)
    assert sd.current() == before and graphs(before) == snapshot
    monkeypatch.undo()
    after = load(sd, [str(HANDAN_TXT)], DEFAULT_BASE)  # the next load clears the leftover
    assert (
        not list(sd.generations.glob(".tmp-*")) and len(graphs(after.generation)) == len(snapshot) + 2
    )  # its graph, the shared one


def test_a_store_built_with_another_base_is_refused(tmp_path: Path) -> None:
    sd = StoreDir(tmp_path / "s")
    load(sd, [str(DATA / "cofog-sample.ttl")], DEFAULT_BASE)
    with pytest.raises(ValueError, match="built with base"):
        load(sd, [str(HANDAN_TXT)], "https://example.org/other/")


def test_the_parent_holds_no_quads_and_none_are_left_behind(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 18: a document's N-Quads wait in a file for their bulk load (2.5 MB each: 2.5 GB at
    1,000 if the parent held them); the files are gone once the build is committed."""
    seen = []
    real = loading._pair

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.extend(args[5].values())  # `whole`: the documents a partial file may join
        return real(*args, **kwargs)

    monkeypatch.setattr(loading, "_pair", spy)
    gen = load(StoreDir(tmp_path / "s"), [str(HANDAN_TXT)], DEFAULT_BASE).generation
    assert len(seen) == 1 and not any(isinstance(v, bytes) for v in vars(seen[0]).values())
    assert seen[0].quads_file.endswith(".nq") and not Path(seen[0].quads_file).exists()
    assert not (gen / PENDING).exists()


def test_the_store_is_compacted_once_at_the_end_of_a_build(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls = []
    real = loading.compact
    monkeypatch.setattr(loading, "compact", lambda store: (calls.append(len(store)), real(store)))
    load(StoreDir(tmp_path / "s"), [str(HANDAN_TXT), str(DATA / "cofog-sample.ttl")], DEFAULT_BASE)
    assert len(calls) == 1 and calls[0] > 10_000  # once, with every graph in


def _built(tmp_path: Path, monkeypatch, name: str, limit: int) -> tuple[Counter[str], list[int]]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(loading, "BULK_BYTES", limit)
    made: list[loading.BulkLoads] = []
    real = loading.BulkLoads
    monkeypatch.setattr(loading, "BulkLoads", lambda store: made.append(real(store)) or made[-1])
    inputs = [str(HANDAN_TXT), str(DATA / "cofog-sample.ttl"), str(DATA / "protocol-dataset.trig")]
    gen = load(StoreDir(tmp_path / name), inputs, DEFAULT_BASE).generation
    store = ox.Store.read_only(str(gen / OXIGRAPH))
    # blank node labels are drawn anew on each read: compared as one label
    masked = (re.sub(r"_:\w+", "_:b", str(q)) for q in store if "loaded" not in str(q.predicate))
    return Counter(masked), [m.loads for m in made]


def test_documents_are_bulk_loaded_together_into_the_same_store(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 18: one bulk load per document made RocksDB's background compaction cost the build's
    parent twice the loading; documents are now gathered into loads of tens of MB."""
    together, loads = _built(tmp_path, monkeypatch, "together", loading.BULK_BYTES)
    assert loads == [1]  # three inputs (five graphs), one bulk load
    apart, loads = _built(tmp_path, monkeypatch, "apart", 0)
    assert loads == [3]
    assert together == apart and together.total() > 10_000
