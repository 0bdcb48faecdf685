"""Issue 2: every ground-truth cell of the Handan document comes back, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ground_truth, read_export, run_cli


@pytest.mark.parametrize("form", ["txt", "pdf"])
def test_export_cells_equals_ground_truth(form: str, handan_graphs: dict[str, Path]) -> None:
    res = run_cli("export", "cells", str(handan_graphs[form]))
    assert res.returncode == 0, res.stderr
    rows = read_export(res.stdout)
    assert list(rows[0]) == ["table", "row", "col", "value", "page"]
    got = [(r["table"], int(r["row"]), int(r["col"]), "".join(r["value"].split())) for r in rows]
    assert len(got) == len(set(got)), "a cell is exported twice"
    truth = ground_truth()
    assert len(truth) == 534
    assert set(got) - truth == set(), "cells that are not in the document"
    assert truth - set(got) == set(), "ground-truth cells not extracted"


def test_pdf_cells_carry_pages(handan_graphs: dict[str, Path]) -> None:
    rows = read_export(run_cli("export", "cells", str(handan_graphs["pdf"])).stdout)
    pages = {(r["table"], r["row"]): int(r["page"]) for r in rows}
    # the 收支总表 starts on page 3 and goes on over page 4 (rows 19-33)
    assert pages[("部门预算收支总表", "1")] == 3
    assert pages[("部门预算收支总表", "33")] == 4
    assert pages[("部门预算财政拨款“三公”经费支出表", "6")] == 17


def test_text_cells_have_no_page(handan_graphs: dict[str, Path]) -> None:
    rows = read_export(run_cli("export", "cells", str(handan_graphs["txt"])).stdout)
    assert {r["page"] for r in rows} == {""}


def test_export_order_follows_the_document(handan_graphs: dict[str, Path]) -> None:
    rows = read_export(run_cli("export", "cells", str(handan_graphs["pdf"])).stdout)
    tables = list(dict.fromkeys(r["table"] for r in rows))
    assert tables[0] == "部门预算收支总表"
    assert tables[-1] == "部门预算财政拨款“三公”经费支出表"
