"""Issue 12: table geometries of real disclosures that the Handan styles do not have.

Each PDF is drawn here (tests/synthetic.py) with one trait of a real publication: a table over
four pages with no repeated header and 合计 as its last row, a header label wrapped a line lower
than its neighbours, tables printed with a header and a 合计 row but no figures.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlod.extract import extract_document
from budgetlod.extract.model import Table
from budgetlod.extract.numbers import compact
from tests.synthetic import Column, GridTable, Page, draw, money

INCOME_COLUMNS = [
    Column([("科目编码", 12)], 40, 100, numeric=False),
    Column([("科目名称", 12)], 100, 230, numeric=False),
    Column([("合计", 12)], 230, 300),
    Column([("财政拨款收入", 12)], 300, 370),
    Column([("事业收入", 12)], 370, 430),
    # wrapped at a staggered height: the second word a line below the other labels
    Column([("事业单位", 12), ("经营收入", 22)], 430, 500),
    Column([("其他收入", 12)], 500, 560),
]
ITEMS = ("行政运行", "一般行政管理事务", "机关服务")


def income_rows() -> list[list[str]]:
    """A 类, ten 款 of three 项 each, and 合计 as the last row; figures in 元."""
    rows: list[list[str]] = []
    total = Decimal(0)
    body: list[list[str]] = []
    for k in range(10):
        kuan = f"201{k + 1:02d}"
        items = [Decimal(1000 * (k + 1) + 10 * j) + Decimal("0.50") for j in range(3)]
        body.append([kuan, f"第{k + 1}款事务", money(sum(items)), money(sum(items)), "0.00", "0.00", "0.00"])
        for j, name in enumerate(ITEMS):
            a = money(items[j])
            body.append([f"{kuan}{j + 1:02d}", name, a, a, "0.00", "0.00", "0.00"])
        total += sum(items)
    rows.append(["201", "一般公共服务支出", money(total), money(total), "0.00", "0.00", "0.00"])
    rows += body
    rows.append(["", "合计", money(total), money(total), "0.00", "0.00", "0.00"])
    return rows


def _cover() -> Page:
    page = Page()
    page.add(300, 200, "上海市普陀区测试局", 20, "centre")
    page.add(300, 240, "2025年部门预算", 20, "centre")
    return page


def income_pdf(path: Path, ruled: bool) -> Path:
    table = GridTable("2025年部门收入预算总表", "编制单位：上海市普陀区测试局    单位：元", INCOME_COLUMNS,
                      income_rows(), rows_per_page=12, ruled=ruled)  # fmt: skip
    return draw(path, [_cover(), *table.pages()])


def _read(table: Table) -> list[tuple[str, str, str]]:
    """(code, name, 合计) of every row as read."""
    out = []
    by_label = {c.index: compact(c.label) for c in table.columns}
    for row in table.rows:
        cells = {by_label[c.column.index]: compact(c.text) for c in row.cells}
        out.append((cells.get("科目编码", ""), cells.get("科目名称", ""), cells.get("合计", "")))
    return out


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_income_table_over_four_pages_with_total_last(tmp_path: Path, ruled: bool) -> None:
    x = extract_document(str(income_pdf(tmp_path / "income.pdf", ruled)))
    (table,) = [t for t in x.tables if t.kind.key == "income-summary"]
    assert table.pages == [2, 3, 4, 5]
    expected = [(r[0], r[1], r[2].replace(",", "")) for r in income_rows()]
    got = [(c, n, a.replace(",", "")) for c, n, a in _read(table)]
    assert got == expected
    assert not x.problems


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_staggered_header_wrap_is_one_column(tmp_path: Path, ruled: bool) -> None:
    x = extract_document(str(income_pdf(tmp_path / "income.pdf", ruled)))
    (table,) = [t for t in x.tables if t.kind.key == "income-summary"]
    labels = [compact(c.label) for c in table.columns]
    assert labels == [
        "科目编码", "科目名称", "合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"
    ]  # fmt: skip


FUND_COLUMNS = [
    Column([("功能分类科目编码", 12)], 40, 130, numeric=False),
    Column([("功能分类科目名称", 12)], 130, 280, numeric=False),
    Column([("合计", 12)], 280, 360),
    Column([("基本支出", 12)], 360, 440),
    Column([("项目支出", 12)], 440, 520),
]


def municipal_unit_budget(path: Path) -> Path:
    """A municipal unit budget: the kind on its cover, two fund tables printed without figures."""
    cover = Page()
    cover.add(300, 200, "上海市2025年市级单位预算", 20, "centre")
    cover.add(300, 240, "预算单位：上海市财政局", 14, "centre")
    income = GridTable("2025年预算单位收入预算总表", "编制单位：上海市财政局    单位：元", INCOME_COLUMNS,
                       income_rows()[:6], rows_per_page=20)  # fmt: skip
    pages = [cover, *income.pages()]
    for title in ("2025年预算单位政府性基金支出预算表", "2025年预算单位国有资本经营预算支出预算表"):
        meta = "编制单位：上海市财政局    单位：元"
        empty = GridTable(title, meta, FUND_COLUMNS, [["", "合计", "", "", ""]])
        pages += empty.pages()
    return draw(path, pages)


def test_tables_printed_without_figures_are_empty_not_missing(tmp_path: Path) -> None:
    x = extract_document(str(municipal_unit_budget(tmp_path / "unit.pdf")))
    empty = sorted(t.kind.key for t in x.tables if t.declared_empty and not t.rows)
    assert empty == ["fund-expenditure", "state-capital-expenditure"]
    assert "fund-expenditure" not in {a.kind.key for a in x.missing if a.kind}


def test_municipal_unit_budget_kind_level_and_region(tmp_path: Path) -> None:
    from budgetlod.extract.linking import region_code

    x = extract_document(str(municipal_unit_budget(tmp_path / "unit.pdf")))
    meta = x.metadata
    assert (meta.department, meta.document_kind, meta.level, meta.region) == (
        "上海市财政局", "单位预算", "市级", "上海市"
    )  # fmt: skip
    assert region_code(meta) == "310000"


def party_organ_final_account(path: Path) -> Path:
    cover = Page()
    for n, text in enumerate(("中共上海市普陀区委", "社会工作部", "2024年度部门决算")):
        cover.add(300, 200 + 40 * n, text, 20, "centre")
    contents = Page()
    contents.add(60, 80, "目录", 16)
    contents.add(60, 120, "第一部分 中共上海市普陀区委社会工作部概况", 10)
    contents.add(60, 140, "第二部分 2024年度部门决算表", 10)
    income = GridTable("2024年度收入决算表", "单位：万元", INCOME_COLUMNS, income_rows()[:6], 20)
    return draw(path, [cover, contents, *income.pages()])


def test_party_organ_is_a_department_of_its_district(tmp_path: Path) -> None:
    from budgetlod.extract.linking import region_code

    x = extract_document(str(party_organ_final_account(tmp_path / "party.pdf")))
    meta = x.metadata
    got = (meta.department, meta.document_kind, meta.year)
    assert got == ("中共上海市普陀区委社会工作部", "部门决算", 2024)
    assert region_code(meta) == "310107"


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("上海市普陀区人民法院", "上海市普陀区"),
        ("上海市普陀区人民检察院", "上海市普陀区"),
        ("中共上海市普陀区委社会工作部", "上海市普陀区"),
        ("上海市普陀区人大常委会办公室", "上海市普陀区"),
        ("中国人民政治协商会议上海市普陀区委员会办公室", "上海市普陀区"),
        ("上海市财政局", "上海市"),
    ],
)
def test_region_from_department_names(name: str, region: str | None) -> None:
    from budgetlod.extract.metadata import region_of

    assert region_of(name) == region


def test_a_report_form_cover_with_year_and_kind_on_two_lines(tmp_path: Path) -> None:
    """A provincial report-form cover (Jiangsu 2018): year, level and department on lines of their own."""
    from budgetlod.extract.linking import region_code

    cover = Page()
    for n, text in enumerate(
        ("江苏省2018年度", "省级部门预算公开报表", "部 门:中共江苏省委办公厅", "江苏省财政厅印制")
    ):
        cover.add(300, 200 + 40 * n, text, 18, "centre")
    income = GridTable("收入预算总表", "单位：万元", INCOME_COLUMNS, income_rows()[:6], 20)
    x = extract_document(str(draw(tmp_path / "jiangsu.pdf", [cover, *income.pages()])))
    meta = x.metadata
    got = (meta.department, meta.year, meta.level, meta.document_kind)
    assert got == ("中共江苏省委办公厅", 2018, "省级", "部门预算")
    assert region_code(meta) == "320000"
