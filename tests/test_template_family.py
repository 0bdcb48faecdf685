"""Issue 15, built for the family and not for four files: a disclosure of the 2017-2019 Jiangsu
template drawn here in another style — cell rectangles and no line objects, a `/Rotate 90` page,
`公开NN表` labels, a table of no known kind between two known ones, a listed table not printed."""

from __future__ import annotations

from pathlib import Path

from budgetlod.extract import extract_document, extraction_to_graph
from budgetlod.validation import validate_graph
from tests.conftest import run_cli
from tests.synthetic import Column, GridTable, Page, draw

FUNCTIONAL = [
    Column([("功能科目代码", 12)], 40, 150, numeric=False),
    Column([("功能科目名称", 12)], 150, 420, numeric=False),
    Column([("金额", 12)], 420, 540),
]
ECONOMIC = [
    Column([("科目编码", 12)], 40, 150, numeric=False),
    Column([("科目名称", 12)], 150, 420, numeric=False),
    Column([("机关运行经费支出", 12)], 420, 540),
]
PROJECTS = [
    Column([("项目名称", 12)], 40, 300, numeric=False),
    Column([("金额", 12)], 300, 420),
]
LINES = [
    ["", "合计", "1,800.00"],
    ["201", "一般公共服务支出", "1,500.00"],
    ["20102", "政协事务", "1,500.00"],
    ["2010201", "行政运行", "1,000.00"],
    ["2010202", "一般行政管理事务", "500.00"],
    ["208", "社会保障和就业支出", "300.00"],
    ["20805", "行政事业单位离退休", "300.00"],
    ["2080505", "机关事业单位基本养老保险缴费支出", "300.00"],
]
META = "部门：江苏省测试厅    单位：万元"


def family_pdf(path: Path, contents: bool = True) -> Path:
    cover = Page()
    cover.add(300, 200, "江苏省测试厅", 20, "centre")
    cover.add(300, 240, "2019年度部门预算", 20, "centre")
    toc = Page()
    toc.add(300, 80, "目  录", 16, "centre")
    listed = ["财政拨款支出预算表", "部门项目支出预算表", "一般公共预算支出预算表"]
    listed += ["一般公共预算机关运行经费支出预算表", "政府采购支出预算表"]  # the last is never printed
    for n, (ordinal, title) in enumerate(zip("一二三四五", listed, strict=True)):
        toc.add(80, 120 + 24 * n, f"{ordinal}、{title}", 11)
    pages = [cover, toc] if contents else [cover]
    # a wide table exported from a spreadsheet: a portrait page turned by /Rotate 90, cells as boxes
    turned = Page(rotate=90)
    turned.add(40, 40, "公开01表", 9)
    pages += GridTable("一、2019年度江苏省测试厅部门财政拨款支出预算表", META, FUNCTIONAL, LINES,
                       rows_per_page=20, boxed=True).pages(turned)  # fmt: skip
    unknown = Page()
    unknown.add(40, 40, "公开02表", 9)
    projects = [["合计", "2,200.00"], ["信息化建设", "1,200.00"], ["政协会议", "1,000.00"]]
    pages += GridTable("二、2019年度江苏省测试厅部门项目支出预算表", META, PROJECTS, projects).pages(unknown)
    general = Page()
    general.add(40, 40, "公开03表", 9)
    pages += GridTable("三、2019年度江苏省测试厅部门一般公共预算支出预算表", META, FUNCTIONAL, LINES,
                       ruled=False).pages(general)  # fmt: skip
    office = Page()
    office.add(40, 60, "公开04表", 9)  # on the title's own line
    rows = [["", "合计", "150.00"], ["302", "商品和服务支出", "150.00"], ["30201", "办公费", "100.00"]]
    rows.append(["30211", "差旅费", "50.00"])
    pages += GridTable("四、2019年度江苏省测试厅部门一般公共预算机关运行经费支出预算表", META, ECONOMIC,
                       rows).pages(office)  # fmt: skip
    return draw(path, pages)


def test_a_jiangsu_template_document_in_another_style(tmp_path: Path) -> None:
    x = extract_document(str(family_pdf(tmp_path / "family.pdf")))
    assert {e.source for e in x.listed} == {"contents"}
    meta = x.metadata
    assert (meta.department, meta.year, meta.region, meta.unit) == ("江苏省测试厅", 2019, "江苏省", "万元")
    assert x.template.key == "jiangsu-2017"
    assert [(e.ordinal, e.kind.key if e.kind else None) for e in x.listed] == [
        (1, "appropriation-expenditure"),
        (2, None),
        (3, "general-expenditure"),
        (4, "office-operation-expenditure"),
        (5, "procurement-budget"),
    ]
    expected = [(code, amount) for code, _, amount in LINES]
    for key in ("appropriation-expenditure", "general-expenditure"):
        (table,) = [t for t in x.tables if t.kind.key == key]
        # every row read, and nothing of the table of no known kind that follows the first
        assert [
            (r.cells[0].text if len(r.cells) == 3 else "", r.cells[-1].text) for r in table.rows
        ] == expected
    (office,) = [t for t in x.tables if t.kind.key == "office-operation-expenditure"]
    assert [r.cells[-1].text for r in office.rows] == ["150.00", "150.00", "100.00", "50.00"]
    # the listed table not printed is missing; the national one this template lacks is not
    status = {(a.kind.key if a.kind else a.title): a.status for a in x.absent}
    assert status["procurement-budget"] == "missing"
    assert status["state-capital-expenditure"] == "not-in-template"
    assert [a.kind.key for a in x.missing if a.kind] == ["procurement-budget"]
    # the table of no known kind is reported with its page, not read into another
    assert [(a.title, a.searched) for a in x.unread] == [("江苏省测试厅部门项目支出预算表", "page 4")]
    assert x.problems == []
    assert validate_graph(extraction_to_graph(x)).conforms


def test_strict_fails_on_what_the_documents_own_list_names(tmp_path: Path) -> None:
    path = family_pdf(tmp_path / "family.pdf")
    res = run_cli("extract", "--strict", str(path), "-o", str(tmp_path / "out.ttl"))
    assert res.returncode == 1 and not (tmp_path / "out.ttl").exists()
    assert "missing: 政府采购支出表 (listed as 政府采购支出预算表" in res.stderr
    assert "not in this template: 国有资本经营预算财政拨款支出表" in res.stderr
    assert "not read: page 4, 江苏省测试厅部门项目支出预算表" in res.stderr


def test_without_a_table_of_contents_the_labels_are_the_list(tmp_path: Path) -> None:
    x = extract_document(str(family_pdf(tmp_path / "family.pdf", contents=False)))
    # 公开01表 … 公开04表, one of them printed on its title's line
    assert [(e.ordinal, e.kind.key if e.kind else None, e.source) for e in x.listed] == [
        (1, "appropriation-expenditure", "label"),
        (2, None, "label"),
        (3, "general-expenditure", "label"),
        (4, "office-operation-expenditure", "label"),
    ]
    assert x.template.key == "jiangsu-2017" and x.missing == []
    # tables the template has that the labels do not name are not printed, not missing
    status = {a.kind.key: a.status for a in x.absent if a.kind}
    assert status["procurement-budget"] == "not-listed" and status["three-public"] == "not-listed"
    assert len(x.tables) == 3 and [a.title for a in x.unread] == ["江苏省测试厅部门项目支出预算表"]


def test_a_narrative_file_with_no_figure_is_still_its_documents_half(tmp_path: Path) -> None:
    cover = Page()
    cover.add(300, 200, "江苏省测试厅", 20, "centre")
    cover.add(300, 240, "2019年度部门预算", 20, "centre")
    text = Page()
    text.add(60, 80, "第一部分 部门概况", 14)
    text.add(60, 110, "一、主要职能", 12)
    text.add(60, 135, "江苏省测试厅是省政府工作部门，主要职能是组织测试、评估测试工作。", 11)
    text.add(60, 165, "二、部门机构设置及预算单位构成情况", 12)
    path = draw(tmp_path / "narrative.pdf", [cover, text])
    x = extract_document(str(path))
    assert x.tables == [] and x.metadata.department == "江苏省测试厅" and x.metadata.year == 2019
    assert x.duties == ["江苏省测试厅是省政府工作部门，主要职能是组织测试、评估测试工作。"]
    res = run_cli("extract", str(path), "-o", str(tmp_path / "n.ttl"))
    assert res.returncode == 0 and "no tables in this file" in res.stderr, res.stderr


def test_numbered_annex_titles_are_no_table_list() -> None:
    from budgetlod.extract.lines import Fragment, Line
    from budgetlod.extract.tablelist import read_table_list

    def line(text: str) -> Line:
        return Line([Fragment(text, 0, 100)], page=1)

    annexes = [line(f"{n}、第{n}个项目经费绩效目标表") for n in range(1, 5)]
    assert read_table_list(annexes) == []  # else the nine would be "not listed" rather than missing
    toc = [line("一、收支预算总表"), line("二、部门项目支出预算表"), line("三、收入预算总表")]
    assert [e.title for e in read_table_list(toc)] == ["收支预算总表", "部门项目支出预算表", "收入预算总表"]
