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


def test_the_turtle_writer_orders_types_first_and_keeps_every_value() -> None:
    """Whatever order the triples come in (and twice over), the same bytes: each subject's types first,
    then its properties; literals that spell N-Triples syntax (rdf:type, a line's end, NUL) intact."""
    import random

    import pyoxigraph as ox

    from budgetlod.namespaces import RDF
    from budgetlod.terms import turtle

    ex = "https://example.org/"
    # a property that sorts before rdf:type, so the types are first by the writer's doing alone
    rtype, label = ox.NamedNode(str(RDF.type)), ox.NamedNode("ftp://example.org/label")
    hostile = [f" <{RDF.type}> ", "a .\n<x> <y> <z> .", "\x00 nul", "", "zz"]
    triples = [ox.Triple(ox.NamedNode(f"{ex}s{k}"), label, ox.Literal(v)) for k in (2, 1) for v in hostile]
    triples += [ox.Triple(ox.NamedNode(f"{ex}s{k}"), rtype, ox.NamedNode(f"{ex}C{k}")) for k in (2, 1)]
    shuffled = triples * 2
    random.Random(7).shuffle(shuffled)
    out = turtle(shuffled)
    assert out == turtle(triples)
    back = [q.triple for q in ox.parse(out, format=ox.RdfFormat.TURTLE)]
    assert sorted(map(str, back)) == sorted(map(str, triples))  # each once, every value as it was
    lines = out.decode().splitlines()
    s1 = next(i for i, line in enumerate(lines) if line.startswith(f"<{ex}s1>"))
    s2 = next(i for i, line in enumerate(lines) if line.startswith(f"<{ex}s2>"))
    assert s1 < s2 and lines[s1].split()[1] == "a" and lines[s2].split()[1] == "a"
