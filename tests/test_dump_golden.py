"""Issue 18: a faster build writes what the build wrote before. tests/data/golden-dumps.json holds the
digests of what every dump and corpus share of each sample says (tests/dumpcontent.py: bytes, or the
statements where their order is free), taken from a build by the code before the third speed pass
(commit b8a2a24). A change meant to alter the output regenerates it:
`python -m tests.dumpcontent STORE > tests/data/golden-dumps.json` after `budgetlod build samples`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import DATA
from tests.dumpcontent import store_digests


def test_a_build_writes_the_dumps_it_wrote_before(built_store: Path) -> None:
    want = json.loads((DATA / "golden-dumps.json").read_text(encoding="utf-8"))
    got = store_digests(built_store)
    assert sorted(got) == sorted(want)
    for source, labels in want.items():
        changed = sorted(k for k in labels.keys() | got[source].keys() if labels.get(k) != got[source].get(k))
        assert not changed, f"{source}: {changed}"
