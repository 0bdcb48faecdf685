"""What a dump file says, independent of what may differ from one process to the next: the test that
a Dask build is a local build and the test that a build's dumps stay what they were both compare it."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pyoxigraph as ox

from budgetlod.store.storedir import DUMPS, StoreDir

#: RDF dumps whose statement order is not fixed (a set's order follows the process's string hashes)
_STATEMENTS = {
    ".nq.gz": ox.RdfFormat.N_QUADS, ".nt.gz": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD,
}  # fmt: skip


def content(path: Path, turtle_bytes: bool = True) -> object:
    """A dump's bytes; for N-Triples, N-Quads and JSON-LD their sorted statements (and so for Turtle
    unless `turtle_bytes`: a corpus share is written unsorted); for the findings, what each is about
    (GROUP_CONCAT orders a message's list as it likes)."""
    for suffix, fmt in _STATEMENTS.items():
        if path.name.endswith(suffix):
            data = path.read_bytes()
            data = gzip.decompress(data) if suffix.endswith(".gz") else data
            if suffix == ".jsonld" and not data.lstrip().startswith(b"["):  # a corpus share: no array
                data = b"[" + data + b"]"
            return sorted(str(q) for q in ox.parse(data, format=fmt))
    if path.suffix == ".ttl" and not turtle_bytes:
        return sorted(str(q) for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    if path.name.endswith("-findings.json"):
        found = json.loads(path.read_text(encoding="utf-8"))
        return sorted((f["rule"], f["severity"], f["focus"], str(f["value"]), str(f["page"])) for f in found)
    return path.read_bytes()


def digest(value: object) -> str:
    data = value if isinstance(value, bytes) else json.dumps(value, ensure_ascii=False).encode()
    return hashlib.sha256(data).hexdigest()


def store_digests(store: Path) -> dict[str, dict[str, str]]:
    """source file -> label -> digest of the content of each of its dumps and corpus shares."""
    sd = StoreDir(store)
    generation, manifest = sd.current(), sd.manifest()
    assert generation is not None and manifest is not None
    out = {}
    for e in manifest.disclosures():
        files = {**e.dumps, **{f"part-{k}": rel for k, rel in e.parts.items()}}
        out[e.source] = {
            label: digest(content(generation / DUMPS / rel, turtle_bytes=not label.startswith("part-")))
            for label, rel in sorted(files.items())
        }
    return out


if __name__ == "__main__":  # python -m tests.dumpcontent STORE > tests/data/golden-dumps.json
    import sys

    print(json.dumps(store_digests(Path(sys.argv[1])), indent=1, sort_keys=True))
