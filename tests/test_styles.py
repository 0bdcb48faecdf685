"""Issue 3: the Handan document typeset in other published styles gives back every ground-truth cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlod.extract import extract_document
from tests.conftest import HANDAN_TXT, ground_truth
from tests.typeset import Style, typeset

STYLES = [
    Style("ruled-cid-font"),  # STSong-Light, a CID font the PDF does not embed
    Style("three-line", rules="three-line"),
    Style("unruled", rules="none"),
    Style("embedded-truetype", font="ttf"),  # AR PL UMing subset, another font than the original's
    Style("spaced-titles", spaced_titles=True),
    Style("yuan-with-separators", yuan=True),
    Style("code-above-name", code_above=True, rules="none"),
    Style("tables-across-pages", start_at_bottom=True, repeat_header=False, rows_per_page=12, rules="none"),
    # issue 12: the 三公 table unruled at a page's foot, its 序号 printed against the labels, and the
    # narrative's next heading (larger type) right under it
    Style(
        "unruled-sangong-at-foot",
        rules="none",
        foot_tables=("三公",),
        abut_row_numbers=True,
        heading_after=True,
    ),
    # issue 12: three-line on landscape pages; the two-sided summaries without 序号 or 栏次, so their
    # label-only rows (`二、外交支出`) are known by their numbering alone
    Style("three-line-landscape-unnumbered", rules="three-line", landscape=True, unnumbered=("收支总表",)),
]


@pytest.fixture(scope="session")
def typeset_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("styles")
    return {s.name: typeset(HANDAN_TXT, out / f"handan-{s.name}.pdf", s) for s in STYLES}


def _normalise(value: str, yuan: bool) -> str:
    """A ground-truth value as the style prints it: 万元 figures become 元 with separators."""
    v = "".join(value.split())
    if yuan and "." in v:
        return f"{Decimal(v) * 10000:,.2f}"
    return v


@pytest.mark.parametrize("style", STYLES, ids=[s.name for s in STYLES])
def test_style_gives_every_ground_truth_cell(style: Style, typeset_pdfs: dict[str, Path]) -> None:
    x = extract_document(str(typeset_pdfs[style.name]))
    got = {
        (t.title, row.number, c.column.number, "".join(c.text.split()))
        for t in x.tables
        for row in t.rows
        for c in row.cells
    }
    truth = {(t, r, c, _normalise(v, style.yuan)) for t, r, c, v in ground_truth()}
    assert truth - got == set()
    assert got - truth == set()
    assert not x.missing and not x.problems
    assert sorted(t.kind.key for t in x.tables if t.declared_empty) == [
        "fund-expenditure",
        "state-capital-expenditure",
    ]


def test_yuan_style_reads_the_unit(typeset_pdfs: dict[str, Path]) -> None:
    x = extract_document(str(typeset_pdfs["yuan-with-separators"]))
    assert {t.unit for t in x.tables} == {"元"}
    assert x.metadata.unit == "元"


def test_tables_really_cross_pages(typeset_pdfs: dict[str, Path]) -> None:
    x = extract_document(str(typeset_pdfs["tables-across-pages"]))
    multi = [t for t in x.tables if len(t.pages) > 1]
    assert len(multi) >= 5  # each long table begins at the foot of a page and goes on overleaf
