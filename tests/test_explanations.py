"""Issue 16: the narrative read line by line, its claims, the labelled defects of the repository's
documents, and one changed figure, percentage, year or class name at a time."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

from budgetlod.extract.claims import read_claims
from budgetlod.extract.explanations import read_explanations
from budgetlod.extract.textform import text_to_lines
from budgetlod.validation import Finding, Report
from tests.conftest import ROOT, SAMPLES
from tests.mutate import changed_pdf_report

DEFECTS = ROOT / "tests" / "data" / "labelled-defects.csv"
FULIYUAN = SAMPLES / "shanghai-putuo-fuliyuan-2024-unit-budget.pdf"
FINAL = SAMPLES / "shanghai-putuo-caizhengju-2024-final-account.pdf"
BUDGET = SAMPLES / "shanghai-putuo-caizhengju-2025-budget.pdf"


def _lines(text: str) -> list:  # type: ignore[type-arg]
    return text_to_lines(text)


# -- the reader ----------------------------------------------------------------------------------


def test_the_coded_form_of_the_issue_is_read_with_every_figure() -> None:
    (x,) = read_explanations(
        _lines(
            "3、住房保障支出（221类）住房改革支出（02款）住房公积金（01项）208.8万元。主要用于：缴存。\n"
            "2025年当年预算执行数为198.35万元，2026年预算安排201.50万元，比2025年预算执行数增加5.27%。"
            "主要原因是：人员增加。\n"
        )
    )
    assert x.number == 3 and x.code == "2210201"
    assert [(n, c, lv) for n, c, lv in x.path] == [
        ("住房保障支出", "221", "类"), ("住房改革支出", "02", "款"), ("住房公积金", "01", "项"),
    ]  # fmt: skip
    got = {f.key: (f.printed, f.unit, f.year, f.direction) for f in x.figures}
    assert got == {
        "amount": ("208.8", "万元", None, None),
        "execution": ("198.35", "万元", 2025, None),
        "budget": ("201.50", "万元", 2026, None),
        "change": ("5.27", "%", 2025, "增加"),
    }
    assert x.reason == "人员增加"
    assert all(f.sentence and f.lineno for f in x.figures)


def test_the_final_account_form_and_an_empty_reason() -> None:
    (x,) = read_explanations(
        _lines(
            "1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：基本支出。\n"
            "年初预算为 1560.05 万元，支出决算为1511.89万元，完成年初预算的96.91%。"
            "决算数小于预算数的主要原因是。\n"
        )
    )
    got = {f.key: f.printed for f in x.figures}
    assert got == {"initial-budget": "1560.05", "final": "1511.89", "completion": "96.91"}
    assert x.code is None and x.reason == ""


def test_an_explanation_ends_at_the_next_section_and_a_reprinted_page_is_read_once() -> None:
    item = "1.“社会保障和就业支出（类）社会福利（款）社会福利事业单位（项）”738.66万元，主要用于人员经费。\n"
    xs = read_explanations(_lines(item + "六、其他说明\n比2023年预算执行数增加9.99%。\n" + item))
    assert len(xs) == 1 and [f.key for f in xs[0].figures] == ["amount"]


def test_last_years_budget_is_the_base_and_this_years_the_figure() -> None:
    (x,) = read_explanations(
        _lines(
            "1、住房保障支出（类）住房改革支出（款）住房公积金（项）110.00万元。"
            "2025年预算数为100.00万元，2026年预算安排110.00万元，比2025年预算数增加10.00%。\n"
        )
    )
    got = {f.key: (f.printed, f.year) for f in x.figures}
    assert got["budget"] == ("110.00", 2026) and got["prior-budget"] == ("100.00", 2025)


def _findings(text: str) -> list[Finding]:
    """The findings of a small text conversion, read and validated whole."""
    from budgetlod.extract import extraction_to_graph
    from budgetlod.extract.document import extraction_from
    from budgetlod.validation import validate_graph

    x = extraction_from("some.txt", text.encode(), _lines(text))
    return validate_graph(extraction_to_graph(x)).findings


def test_a_change_in_money_that_its_figures_do_not_make_is_reported() -> None:
    text = (
        "# 上海市普陀区某局2026年部门预算\n"
        "2026年，上海市普陀区某局收入预算110.00万元。\n"
        "1、住房保障支出（类）住房改革支出（款）住房公积金（项）110.00万元。"
        "2025年当年预算执行数为100.00万元，2026年预算安排110.00万元，比2025年预算执行数增加12.00万元。\n"
    )
    found = [f for f in _findings(text) if f.shape.endswith("#ExplanationShape")]
    assert (
        len(found) == 1
        and "实为增加 100000" in found[0].message("zh")
        and "增加 12.00 万元" in found[0].message("zh")
    )


def test_an_explanations_empty_reason_is_reported_once() -> None:
    text = (
        "# 上海市普陀区某局2026年部门预算\n"
        "2026年，上海市普陀区某局收入预算110.00万元。\n"
        "1、住房保障支出（类）住房改革支出（款）住房公积金（项）110.00万元。主要原因是。\n"
        "（三）公务接待费0.95万元，与2025年预算持平，主要原因是。\n"
    )
    found = [f.message("zh") for f in _findings(text) if "EmptyReason" in f.shape]
    # the explanation's, with its words; and the other one, in prose
    assert len(found) == 2 and any("住房公积金" in m for m in found) and any("公务接待费" in m for m in found)


def test_a_path_wrapped_over_lines_and_numbered_lines_that_explain_nothing() -> None:
    xs = read_explanations(
        _lines(
            "1、贯彻执行国家方针。\n"
            "（二）社会保障和就业支出（208类）行政事业单位养老支出（05\n"
            "款）事业单位离退休（02项）53.84万元，主要用于退休人员。\n"
        )
    )
    assert [(x.number, x.code, [f.printed for f in x.figures]) for x in xs] == [(2, "2080502", ["53.84"])]


def test_claims_a_change_a_reason_and_the_years() -> None:
    c = read_claims(
        _lines(
            "政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元。\n"
            "机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。主要原因是。\n"
        )
    )
    assert [(x.amount, x.year, x.direction, x.change, x.percent) for x in c.changes] == [
        ("0", 2022, "增加", "1421.25", None), ("184.65", 2023, "增加", "2.55", "1.40"),
    ]  # fmt: skip
    assert [r.text for r in c.reasons] == [""]
    assert [y.year for y in c.years] == [2022, 2023]


# -- the labelled defects ------------------------------------------------------------------------


@cache
def _report(name: str) -> Report:
    return changed_pdf_report(SAMPLES / name) if name.endswith(".pdf") else _text_report(name)


def _text_report(name: str) -> Report:
    from budgetlod.extract import extract_document, extraction_to_graph
    from budgetlod.validation import validate_graph

    return validate_graph(extraction_to_graph(extract_document(str(SAMPLES / name))))


def _labelled() -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    with DEFECTS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["document"], []).append(row)
    return out


def _matches(f: Finding, row: dict[str, str]) -> bool:
    page_ok = not row["page"] or f.page == int(row["page"]) or f"第{row['page']}页" in f.message("zh")
    return (
        f.shape.rsplit("#", 1)[1] == row["shape"]
        and f.severity == row["severity"]
        and row["match"] in f.message("zh")
        and page_ok
    )


DOCUMENTS = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".pdf", ".txt"))


def test_every_document_in_the_repository_is_labelled() -> None:
    labelled = _labelled()
    assert set(labelled) <= set(DOCUMENTS)
    assert all(row["reason"] for rows in labelled.values() for row in rows)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_labelled_defect_is_found_and_nothing_else(name: str) -> None:
    rows = _labelled().get(name, [])
    r = _report(name)
    for row in rows:
        assert any(_matches(f, row) for f in r.findings), (row, [f.message("zh") for f in r.findings])
    # nothing else, at Violation or Warning: each finding is one labelled defect
    unlabelled = [f.message("zh") for f in r.findings if not any(_matches(f, row) for row in rows)]
    assert unlabelled == []
    assert len(r.findings) == len(rows)


# -- one change at a time in a copy of a Shanghai document ----------------------------------------

# (document, printed, changed to, shape that must report it, words of the sentence it must quote)
MUTATIONS = [
    ("percentage", FULIYUAN, "比2023年预算执行数增加8.57%", "比2023年预算执行数增加18.57%",
     "ExplanationShape", "基本养老保险缴费支出"),
    ("execution figure", FULIYUAN, "执行数为54.60万元", "执行数为454.60万元",
     "ExplanationShape", "执行数为454.60万元"),
    ("this year's figure", FULIYUAN, "2024年预算安排53.84万元", "2024年预算安排51.84万元",
     "ExplanationShape", "预算安排51.84万元"),
    ("year", FULIYUAN, "比2023年预算执行数增加3.84%", "比2021年预算执行数增加3.84%",
     "YearWordShape", "比2021年"),
    ("class name", FINAL, "9、卫生健康支出（类）", "9、医疗卫生与计划生育支出（类）",
     "ClassNameShape", "医疗卫生与计划生育支出"),
    ("reason", FULIYUAN, "主要原因是：有退休", "主要原因是。有退休",
     "EmptyReasonShape", "事业单位离退休"),
    ("final figure", FINAL, "支出决算为1511.89万", "支出决算为1611.89万",
     "ExplanationShape", "1611.89"),
    ("line amount", BUDGET, "”166.66万元", "”176.66万元",
     "ExplanationShape", "信息化建设"),
    ("zero that grew", FULIYUAN, "财政拨款收入950.12万元，比2023年预算增加0.46万元",
     "财政拨款收入0万元，比2023年预算增加1421.25万元", "ChangeClaimShape", "财政拨款收入0万元"),
    ("change percentage", FINAL, "增长1.40%", "增长2.40%", "ChangeClaimShape", "增长2.40%"),
]  # fmt: skip


@pytest.mark.parametrize("what,doc,old,new,shape,words", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_a_changed_narrative_word_is_reported_in_its_sentence(
    what: str, doc: Path, old: str, new: str, shape: str, words: str
) -> None:
    before = {(f.shape, f.message("zh")) for f in _report(doc.name).findings}  # as printed (cached)
    after = changed_pdf_report(doc, old, new).findings
    new_findings = [f for f in after if (f.shape, f.message("zh")) not in before]
    assert new_findings, what
    assert {f.shape.rsplit("#", 1)[1] for f in new_findings} == {shape}, [
        f.message("zh") for f in new_findings
    ]
    assert any(words in f.message("zh") for f in new_findings), [f.message("zh") for f in new_findings]
