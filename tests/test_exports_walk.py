"""Issue 18 (part): the cells and lines exports walk the graph instead of asking rdflib's SPARQL
evaluator (a tenth of the time); they still say what their SPARQL queries say, row for row."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlod.exports import CELLS_QUERY, LINES_QUERY, _text, cells_rows, lines_rows
from budgetlod.extract import extract_document, extraction_to_graph
from tests.conftest import SAMPLES

DOCUMENTS = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".pdf", ".txt"))


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_walked_rows_are_the_queried_rows(path: Path) -> None:
    g = extraction_to_graph(extract_document(str(path)))
    queried_cells = {
        (str(b.title), int(b.row), int(b.col), str(b.text), "" if b.page is None else str(int(b.page)))
        for b in g.query(CELLS_QUERY)  # type: ignore[union-attr]
    }
    assert set(cells_rows(g)) == queried_cells and len(queried_cells) > 100
    keys = ("doc", "title", "row", "col", "code", "label", "column", "amount", "unit", "yuan", "page")
    queried_lines = {tuple(_text(b[k]) for k in keys) for b in g.query(LINES_QUERY)}  # type: ignore[index]
    assert set(lines_rows(g)) == queried_lines and len(queried_lines) > 50
