"""The code base stays ruff clean (lint and format), checked with the tests."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_ruff_check() -> None:
    res = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert res.returncode == 0, res.stdout + res.stderr


def test_ruff_format() -> None:
    res = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert res.returncode == 0, res.stdout + res.stderr


SOURCES = ("budgetlod", "extract", "server", "store", "ontology", "shapes")


def lines_matching(pattern: str, home: str) -> list[str]:
    """`file:line` of every source line matching `pattern` outside `home`, the one place allowed."""
    import re

    found = re.compile(pattern)
    return [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in SOURCES
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != ROOT / home
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if found.search(line)
    ]


def test_namespaces_are_spelled_in_one_place() -> None:
    """The ontology IRI and SPARQL PREFIX lines come from budgetlod/namespaces.py only."""
    pattern = r"w3id\.org/budgetlod/ontology|PREFIX [A-Za-z-]*: <http"
    assert lines_matching(pattern, "budgetlod/namespaces.py") == []


def test_mypy() -> None:
    res = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental"], cwd=ROOT, capture_output=True, text=True
    )
    assert res.returncode == 0, res.stdout + res.stderr


def test_readme_settings_table_is_the_registry() -> None:
    from budgetlod.server.settings import settings_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- settings -->\n", 1)[1].split("<!-- /settings -->", 1)[0]
    assert table == settings_table()


def test_serve_options_are_the_registry() -> None:
    from budgetlod.cli import serve
    from budgetlod.server.settings import registry

    options = {opt: p.default for p in serve.params for opt in p.opts}
    for option, default, _ in registry():
        assert options[option] == default, option


def test_iris_are_minted_in_one_place() -> None:
    """Every IRI under the base comes from extract/iris.py (public URLs under the service root and
    outside vocabularies are not minted)."""
    pattern = r'(URIRef|NamedNode)\(f"\{(base|m\.base|self\.base|self\.mint\.base|doc|node)\}|f"\{base\}'
    assert lines_matching(pattern, "extract/iris.py") == []
