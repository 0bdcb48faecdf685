"""Number, code, unit and title parsing: every printed form seen in real disclosures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlod.extract.catalog import classify_title, looks_like_title, printed_title
from budgetlod.extract.numbers import is_code, parse_amount, parse_row_number
from budgetlod.extract.units import exponent, find_unit, to_yuan


@pytest.mark.parametrize(
    "text,value,decimals",
    [
        ("5754.70", "5754.70", 2),
        ("21,601,733.00", "21601733.00", 2),
        ("371,514,655", "371514655", 0),
        ("-12.5", "-12.5", 1),
        ("－3.00", "-3.00", 2),
        ("(12.3)", "-12.3", 1),
        ("（12.3）", "-12.3", 1),
        ("-", "0", 0),
        ("—", "0", 0),
        (" 0.94 ", "0.94", 2),
    ],
)
def test_parse_amount(text: str, value: str, decimals: int) -> None:
    a = parse_amount(text)
    assert a is not None
    assert a.value == Decimal(value) and isinstance(a.value, Decimal)
    assert a.decimals == decimals
    assert a.printed == text.strip()


@pytest.mark.parametrize("text", ["", "合计", "1,23", "12.3.4", "一般公共服务支出", "5754.70万元"])
def test_not_an_amount(text: str) -> None:
    assert parse_amount(text) is None


def test_codes_and_row_numbers() -> None:
    assert is_code("201") and is_code("20103") and is_code("2010301")
    assert not is_code("2010") and not is_code("20") and not is_code("201030101")
    assert parse_row_number("12") == 12 and parse_row_number("合计") is None


@pytest.mark.parametrize(
    "line,unit,exp",
    [("单位：万元", "万元", 4), ("预算年度：2023 单位: 元", "元", 0), ("金额单位：千元", "千元", 3)],
)
def test_units(line: str, unit: str, exp: int) -> None:
    assert find_unit(line) == unit
    assert exponent(unit) == exp


def test_to_yuan_is_exact_and_plain() -> None:
    assert str(to_yuan(Decimal("5754.70"), "万元")) == "57547000"
    assert str(to_yuan(Decimal("0.01"), "万元")) == "100"
    assert str(to_yuan(Decimal("1.5"), "元")) == "1.5"


@pytest.mark.parametrize(
    "title,key",
    [
        ("部门预算收支总表", "income-expenditure-summary"),
        ("2025年部门财务收支预算总表", "income-expenditure-summary"),
        ("收入支出决算总表", "income-expenditure-summary"),
        ("部门预算收入总表", "income-summary"),
        ("收入决算表", "income-summary"),
        ("部门预算支出总表", "expenditure-summary"),
        ("支出决算表", "expenditure-summary"),
        ("部门预算财政拨款收支总表", "appropriation-summary"),
        ("财政拨款收入支出决算总表", "appropriation-summary"),
        ("部门预算一般公共预算财政拨款支出表", "general-expenditure"),
        ("2025年部门一般公共预算支出功能分类预算表", "general-expenditure"),
        ("部门预算一般公共预算财政拨款基本支出表", "general-basic-expenditure"),
        ("2025年部门一般公共预算基本支出部门预算经济分类预算表", "general-basic-expenditure"),
        ("部门预算政府基金预算财政拨款支出表", "fund-expenditure"),
        ("政府性基金预算财政拨款收入支出决算表", "fund-expenditure"),
        ("部门预算国有资本经营预算财政拨款支出表", "state-capital-expenditure"),
        ("部门预算财政拨款“三公”经费支出表", "three-public"),
        ("2025年部门“三公”经费和机关运行经费预算表", "three-public"),
        ("部 门 预 算 收 支 总 表", "income-expenditure-summary"),
        # the Jiangsu 2017-2019 set: ordinals, the department's name, kinds of its own
        ("一、2017 年度江苏省高级人民法院部门收支预算总表", "income-expenditure-summary"),
        ("三、2017 年度江苏省高级人民法院部门支出预算总表", "expenditure-summary"),
        ("五、2017 年度江苏省高级人民法院部门财政拨款支出预算表", "appropriation-expenditure"),
        ("六、财政拨款基本支出预算表", "appropriation-basic-expenditure"),
        ("财政拨款政府性基金支出预算表", "fund-expenditure"),
        ("八、2017年度江苏省高级人民法院部门一般公共预算支出预算表", "general-expenditure"),
        (
            "十、2017 年度江苏省高级人民法院部门一般公共预算机关运行经费支出预算表",
            "office-operation-expenditure",
        ),
        (
            "十一、2017 年江苏省高级人民法院部门一般公共预算“三公”经费、会议费、培训费支出预算表",
            "three-public",
        ),
        ("十二、2017 年江苏省高级人民法院部门政府采购预算表", "procurement-budget"),
        ("2018年政府采购预算表", "procurement-budget"),
    ],
)
def test_titles_map_to_the_nine_tables(title: str, key: str) -> None:
    kind = classify_title(title)
    assert kind is not None and kind.key == key


@pytest.mark.parametrize(
    "title",
    [
        "部门预算收支总表 .....\t1",
        "部门预算项目支出表",
        "邯郸市行政审批局",
        "第二部分 江苏省高级人民法院 2017 年度部门预算表",
        "五、单位预算表",
    ],
)
def test_not_one_of_the_nine(title: str) -> None:
    assert classify_title(title) is None


@pytest.mark.parametrize(
    ("title", "is_title"),
    [
        ("部门固定资产占用情况表", True),  # a table of no known kind still ends the one before it
        ("第二部分 上海市普陀区财政局2024年度部门决算表", False),  # the heading of the whole set
        ("省级部门预算公开报表", False),
        ("部门预算公开表", False),
        ("部门预算收支总表 .....\t1", False),
        ("2023年，邯郸市行政审批局安排政府采购预算1497.5万元。具体内容见下表", False),  # prose
        ("具体内容见下表", False),
    ],
)
def test_what_looks_like_a_title(title: str, is_title: bool) -> None:
    assert looks_like_title(title) is is_title


def test_printed_title_drops_year_prefix() -> None:
    assert printed_title("2025年部门收入预算总表") == "部门收入预算总表"
    assert printed_title("部门预算 收支总表") == "部门预算收支总表"
