"""Issue 5 (part): performance targets — the value parser and the Handan target tables."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlod.extract import extract_document
from budgetlod.extract.targets import parse_target
from tests.conftest import HANDAN_TXT, read_export, run_cli


@pytest.mark.parametrize(
    "text,comparator,number,unit",
    [
        # every form printed in the Handan document
        ("95%", "=", "95", "%"),
        ("94 分", "=", "94", "分"),
        ("5 次", "=", "5", "次"),
        ("24 小时", "=", "24", "小时"),
        ("15 个", "=", "15", "个"),
        ("12 月", "=", "12", "月"),
        ("200 万元", "=", "200", "万元"),
        ("4 项", "=", "4", "项"),
        ("3 位", "=", "3", "位"),
        ("1.2%", "=", "1.2", "%"),
        # comparators in symbols and words, before or after the number
        ("≥95%", ">=", "95", "%"),
        ("≤1.2%", "<=", "1.2", "%"),
        ("95%以上", ">=", "95", "%"),
        ("94分及以上", ">=", "94", "分"),
        ("不超过3位", "<=", "3", "位"),
        ("不少于15个", ">=", "15", "个"),
        ("大于等于 95%", ">=", "95", "%"),
        ("小于等于1.2%", "<=", "1.2", "%"),
        ("大于99%", ">", "99", "%"),
        ("低于5次", "<", "5", "次"),
        ("50万元以内", "<=", "50", "万元"),
    ],
)
def test_target_values(text: str, comparator: str, number: str, unit: str) -> None:
    v = parse_target(text)
    assert (v.comparator, v.number, v.unit, v.printed) == (comparator, Decimal(number), unit, text)


@pytest.mark.parametrize(
    "text", ["免费刻制印章及时完成", "全部开办事项实现零成本", "免费刻制印章后企业增长", ""]
)
def test_words_only_stay_text(text: str) -> None:
    v = parse_target(text)
    assert v.comparator is None and v.number is None and v.printed == text


def test_handan_target_tables() -> None:
    targets = extract_document(str(HANDAN_TXT)).targets
    assert [len(t.indicators) for t in targets] == [8, 6, 6, 8, 6, 6, 6]
    assert targets[0].project == "邯郸市行政审批局大楼运行及审批业务经费"
    assert all(t.goal for t in targets)
    wrapped = targets[2].indicators[0]  # its description goes on over a page break
    assert wrapped.description.endswith("承接的告知承诺制事项数量")
    levels = {(i.level1, i.level2) for t in targets for i in t.indicators}
    assert ("满意度指标", "服务对象满意度指标") in levels and ("产出指标", "成本指标") in levels
    words = [i for t in targets for i in t.indicators if i.value.number is None]
    assert [i.value.printed for i in words] == [
        "免费刻制印章及时完成",
        "全部开办事项实现零成本",
        "免费刻制印章后企业增长",
    ]


def test_export_indicators(tmp_path: Path) -> None:
    graph = tmp_path / "g.ttl"
    assert run_cli("extract", str(HANDAN_TXT), "-o", str(graph), "-q").returncode == 0
    res = run_cli("export", "indicators", str(graph))
    assert res.returncode == 0, res.stderr
    rows = read_export(res.stdout)
    assert len(rows) == 46
    first = rows[0]
    got = tuple(first[k] for k in ("project", "level3", "target_text", "comparator", "number", "unit"))
    assert got == ("邯郸市行政审批局大楼运行及审批业务经费", "诉求回访率", "95%", "=", "95", "%")
    assert rows[-1]["project"] == "公共资源交易监督体系建设经费"
