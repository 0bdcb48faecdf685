"""Issue 14: one formats table. A file `validate` reads, `serve --load-only` and `build` load too."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from budgetlod.formats import FORMATS, rdf_format
from budgetlod.store.storedir import StoreDir
from tests.conftest import DATA, run_cli


@pytest.mark.parametrize("fmt", FORMATS, ids=[f.key for f in FORMATS])
def test_every_command_reads_every_format(tmp_path: Path, fmt) -> None:  # type: ignore[no-untyped-def]
    g = Graph().parse(DATA / "cofog-sample.ttl")
    path = tmp_path / f"sample{fmt.suffixes[0]}"
    if fmt.quads:
        ds = Dataset()
        named = ds.graph(URIRef("https://example.org/graph/sample"))
        for t in g:
            named.add(t)
        ds.serialize(path, format=fmt.rdflib)
    else:
        g.serialize(path, format=fmt.rdflib)
    assert rdf_format(str(path)) is fmt
    res = run_cli("validate", str(path))
    assert res.returncode in (0, 1) and "error" not in res.stderr, res.stderr
    res = run_cli("serve", str(path), "--store", str(tmp_path / "store"), "--load-only")
    assert res.returncode == 0, res.stderr
    manifest = StoreDir(tmp_path / "store").manifest()
    assert manifest is not None and sum(e.triples for e in manifest.graphs if e.kind == "rdf") == len(g)


def test_one_turtle_writer_extract_and_dumps_give_the_same_bytes(tmp_path: Path, built_store: Path) -> None:
    from tests.conftest import HANDAN_PDF

    out = tmp_path / "handan.ttl"
    assert run_cli("extract", str(HANDAN_PDF), "-o", str(out), "-q").returncode == 0
    manifest = StoreDir(built_store).manifest()
    assert manifest is not None
    (entry,) = [e for e in manifest.disclosures() if e.source == HANDAN_PDF.name]
    generation = StoreDir(built_store).current()
    assert generation is not None
    assert (generation / "dumps" / entry.dumps["turtle"]).read_bytes() == out.read_bytes()
