"""Issue 19: disclosures published as workbooks (.xlsx, .xls) and web pages (.html) are read by the
same table, narrative and annex readers as text conversions: every ground-truth cell of Handan,
the same exports and findings, each figure with its sheet and cell (or table, row and column)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

from budgetlod.exports import EXPORTS
from budgetlod.extract import extract_document, extraction_to_graph
from budgetlod.extract.numformat import format_cell, format_number
from budgetlod.namespaces import BUD, RDF
from budgetlod.validation import validate_graph
from tests.conftest import HANDAN_TXT, ground_truth, run_cli
from tests.formmaker import write_web_page, write_workbook

FORMS = {"xlsx": write_workbook, "xls": write_workbook, "html": write_web_page}
#: The text conversion wraps one indicator's description onto a line of its own (line 576); a
#: workbook or page made from it line by line keeps the two halves apart.
WRAPPED = "承载的告知承诺制事项数量/上级文件明确应由市一体化政务服务平台承接的告知承"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("forms")
    return {form: make(HANDAN_TXT, out / f"handan.{form}") for form, make in FORMS.items()}


@pytest.fixture(scope="module")
def text_graph() -> Graph:
    return extraction_to_graph(extract_document(str(HANDAN_TXT)))


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_ground_truth_cell(form: str, made: dict[str, Path]) -> None:
    x = extract_document(str(made[form]))
    assert x.source_format == form
    got = {(t.title, r.number, c.column.number, "".join(c.text.split())) for t in x.tables for r in t.rows
           for c in r.cells}  # fmt: skip
    truth = ground_truth()
    assert len(truth) == 534 and got == truth
    assert (x.metadata.department, x.metadata.year) == ("邯郸市行政审批局", 2023)


def _rows(graph: Graph) -> dict[str, list[tuple[str, ...]]]:
    """Each export without the columns that say where in its file a row was."""
    out = {}
    for kind, (header, make) in EXPORTS.items():
        keep = [i for i, h in enumerate(header) if h not in ("document", "source_line", "page")]
        rows = [tuple(str(r[i]) for i in keep) for r in make(graph)]
        out[kind] = sorted(r for r in rows if not any(WRAPPED in v for v in r))
    return out


@pytest.mark.parametrize("form", sorted(FORMS))
def test_same_exports_and_findings_as_the_text(form: str, made: dict[str, Path], text_graph: Graph) -> None:
    g = extraction_to_graph(extract_document(str(made[form])))
    mine, text = _rows(g), _rows(text_graph)
    for kind in EXPORTS:
        assert mine[kind] == text[kind], kind
        assert text[kind], kind  # every kind has rows in Handan: nothing compared is empty
    assert _findings(g) == _findings(text_graph)


def _findings(graph: Graph) -> list[tuple[str, str, tuple[str, ...]]]:
    """Findings with their messages' characters: a message's list of tables (`A、B`) comes in the
    order a store was given its triples (SPARQL's GROUP_CONCAT), so only its words are compared."""
    return sorted(
        (f.shape, f.severity, tuple("".join(sorted(text)) for _, text in f.messages))
        for f in validate_graph(graph).findings
    )


@pytest.mark.parametrize("form", sorted(FORMS))
def test_each_figure_keeps_its_address(form: str, made: dict[str, Path]) -> None:
    g = extraction_to_graph(extract_document(str(made[form])))
    sources = {str(cell): str(src) for cell, src in g.subject_objects(BUD.sourceCell)}
    texts = {str(c) for c in g.subjects(RDF.type, BUD.Cell)}
    assert texts and set(sources) == texts  # every cell has one, and no line number instead
    pattern = r"table \d+ row \d+ col \d+" if form == "html" else r"\d+\.[^!]+![A-Z]+\d+"
    assert all(re.fullmatch(pattern, s) for s in sources.values()), sorted(sources.values())[:3]
    # 2010301 行政运行 in the 支出总表, 1290.71 as its 合计 and its 基本支出: columns D and E of
    # its sheet (序号 in A), the 4th and 5th of the page's table
    cells = [c for c in g.subjects(RDF.type, BUD.Cell)
             if str(g.value(c, BUD.printedText)) == "1290.71"
             and "支出总表" in str(g.value(g.value(c, BUD.inTable), BUD.printedTitle))]  # fmt: skip
    where = sorted(sources[str(c)] for c in cells)
    if form == "html":
        assert [w.rsplit(" ", 1)[1] for w in where] == ["4", "5"], where
    else:
        assert all(re.match(r"\d+\.部门预算支出总表!", w) for w in where), where
        assert [re.sub(r"\d+$", "", w.rsplit("!", 1)[1]) for w in where] == ["D", "E"], where


@pytest.mark.parametrize(
    ("value", "fmt", "printed"),
    [
        (17264.1, "#,##0.00", "17,264.10"),
        (17264.1, "0.00", "17264.10"),
        (5754.7, "General", "5754.7"),
        (3363, None, "3363"),
        (-3.5, "#,##0.00;(#,##0.00)", "(3.50)"),
        (-3.5, "#,##0.00", "-3.50"),
        (0, '#,##0.00;-#,##0.00;"-"', "-"),
        (0.125, "0.0%", "12.5%"),
        (1234567, "#,##0,", "1,235"),
        (3.14159, "0.##", "3.14"),
        (2391.5, '#,##0.00"元"', "2,391.50元"),
        (1290.71, "[$-804]#,##0.00_ ", "1,290.71 "),
        (0.005, "0.00", "0.01"),  # Excel rounds half away from zero
        (2.675, "0.00", "2.68"),  # the stored double's shortest decimal is 2.675
    ],
)
def test_printed_figure_is_the_formatted_one(value: float, fmt: str | None, printed: str) -> None:
    assert format_number(value, fmt) == printed


def test_format_cell_prints_dates_and_text() -> None:
    import datetime as dt

    assert format_cell(dt.datetime(2022, 12, 31), "yyyy-mm-dd") == "2022-12-31"
    assert format_cell("合计", "General") == "合计" and format_cell(None, None) == ""


def test_a_workbook_with_thousands_separators_and_sheet_names_as_titles(tmp_path: Path) -> None:
    """Figures stored as numbers under `#,##0.00` are printed with separators; a sheet that prints
    no title row has its name as the table's title."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "部门预算支出总表"
    rows = [["邯郸市某局", None, None, None], ["单位：万元", None, None, None],
            ["科目编码", "科目名称", "合计", "基本支出"], [None, "合计", 17264.1, 17264.1],
            ["201", "一般公共服务支出", 17264.1, 17264.1]]  # fmt: skip
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row, start=1):
            if v is not None:
                cell = ws.cell(row=r, column=c, value=v)
                cell.number_format = "#,##0.00" if isinstance(v, float) else "General"
    path = tmp_path / "one.xlsx"
    wb.save(path)
    x = extract_document(str(path))
    (table,) = x.tables
    assert table.title == "部门预算支出总表"
    texts = {c.text for r in table.rows for c in r.cells}
    assert "17,264.10" in texts and "17264.1" not in texts
    sources = {c.source for r in table.rows for c in r.cells if c.text == "17,264.10"}
    assert sources == {f"部门预算支出总表!{c}{r}" for c in "CD" for r in (4, 5)}


def test_the_portal_around_a_page_is_not_read(made: dict[str, Path]) -> None:
    """The menu names the tables and the footer prints figures: neither becomes a table or a line."""
    from budgetlod.extract.htmlform import read_html

    lines = read_html(str(made["html"]), made["html"].read_bytes())
    texts = [line.text for line in lines]
    assert not any("版权所有" in t or "首页" in t or "政府信息公开" in t for t in texts)
    assert texts.count("部门预算支出总表") == 1  # the table's title only, not the menu's link


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 200, "binary file"),
        ("broken.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "not a readable .xls workbook"),
        ("empty.html", b"<!DOCTYPE html><html><body><nav>menu</nav></body></html>", "web page with no text"),
        ("prose.html", "<html><body><p>今天天气很好。</p></body></html>".encode(), "not a budget disclosure"),
    ],
)
def test_unreadable_forms_exit_2_naming_the_file(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    res = run_cli("extract", str(path), "-o", str(tmp_path / "out.ttl"))
    assert res.returncode == 2 and name in res.stderr and message in res.stderr, res.stderr
    assert "Traceback" not in res.stderr and not (tmp_path / "out.ttl").exists()


def test_build_takes_workbooks_and_pages_from_folders(tmp_path: Path, made: dict[str, Path]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for form in ("xlsx", "html"):
        (folder / made[form].name).write_bytes(made[form].read_bytes())
    (folder / "notes.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    res = run_cli("build", str(folder), "--store", str(tmp_path / "store"))
    assert res.returncode == 2, res.stderr  # the one bad file fails (exit 2); the batch goes on
    assert "2 documents loaded" in res.stderr and "notes.xlsx" in res.stderr, res.stderr
    rows = run_cli("compare", "2010301", "--store", str(tmp_path / "store")).stdout
    assert rows.count("12907100") == 2  # both forms compared, each figure in 元
