"""The nine standard tables of a disclosure and the many titles they are published under."""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlod.extract.numbers import compact


@dataclass(frozen=True)
class TableKind:
    key: str  # stable identifier, used in IRIs
    name_zh: str  # the national standard name
    name_en: str
    scheme: str  # classification of its rows: "functional", "economic" or "" (items)
    pattern: re.Pattern[str]  # matched against the compact title, year and level prefix removed


# the level words a title may start with once its year is removed
_LEVEL = r"^(部门|单位)?(预算|决算)?(部门|单位)?"


def _p(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


# Order matters: specific names are tried first (财政拨款收支 before 收支, 基本支出 before 一般公共预算).
TABLE_KINDS: tuple[TableKind, ...] = (
    TableKind(
        "appropriation-summary",
        "财政拨款收支总表",
        "Summary of fiscal appropriation income and expenditure",
        "",
        _p(r"财政拨款收(入)?支(出)?(预算|决算)?总表"),
    ),
    TableKind(
        "three-public",
        "财政拨款“三公”经费支出表",
        "Expenditure on the 'three public' items",
        "",
        _p(r"三公.*经费.*表"),
    ),
    TableKind(
        "general-basic-expenditure",
        "一般公共预算财政拨款基本支出表",
        "General public budget appropriation: basic expenditure",
        "economic",
        _p(r"一般公共预算.*基本支出.*表"),
    ),
    TableKind(
        "general-expenditure",
        "一般公共预算财政拨款支出表",
        "General public budget appropriation expenditure",
        "functional",
        _p(r"一般公共预算(财政拨款)?支出(功能分类)?(预算|决算)?表"),
    ),
    TableKind(
        "fund-expenditure",
        "政府性基金预算财政拨款支出表",
        "Government fund budget appropriation expenditure",
        "functional",
        _p(r"政府性?基金(预算)?(财政拨款)?(收入)?支出(功能分类)?(预算|决算)?表"),
    ),
    TableKind(
        "state-capital-expenditure",
        "国有资本经营预算财政拨款支出表",
        "State capital operation budget appropriation expenditure",
        "functional",
        _p(r"国有资本经营预算(财政拨款)?(收入)?支出(功能分类)?(预算|决算)?表"),
    ),
    TableKind(
        "income-expenditure-summary",
        "收支总表",
        "Summary of income and expenditure",
        "",
        _p(_LEVEL + r"(财务)?(收支|收入支出)(预算|决算)?总表$"),
    ),
    TableKind(
        "income-summary",
        "收入总表",
        "Income summary",
        "functional",
        _p(_LEVEL + r"收入(预算|决算)?总?表$"),
    ),
    TableKind(
        "expenditure-summary",
        "支出总表",
        "Expenditure summary",
        "functional",
        _p(_LEVEL + r"支出(预算|决算)?总?表$"),
    ),
)

KINDS_BY_KEY = {k.key: k for k in TABLE_KINDS}

_YEAR_PREFIX = re.compile(r"^\d{4}年(度)?")
_NUMBERING = re.compile(r"^(\d+[.．、]|[（(]?[一二三四五六七八九十]+[)）、.．])")
_TOC_LEADER = re.compile(r"(\.{3,}|…{2,}|·{3,})")
_QUOTES = str.maketrans({"“": "", "”": "", '"': "", "〝": "", "〞": "", "‘": "", "’": "", "'": ""})
MAX_TITLE_LENGTH = 40


def printed_title(text: str) -> str:
    """The title as printed, white space and the year prefix removed (`2025年部门…` -> `部门…`)."""
    t = _NUMBERING.sub("", compact(text))
    return _YEAR_PREFIX.sub("", t)


def classify_title(text: str) -> TableKind | None:
    """Which of the nine tables a line names, or None (TOC entries and long sentences are not titles)."""
    if _TOC_LEADER.search(text):
        return None
    t = printed_title(text)
    if not t.endswith("表") or len(t) > MAX_TITLE_LENGTH:
        return None
    key = t.translate(_QUOTES)
    for kind in TABLE_KINDS:
        if kind.pattern.search(key):
            return kind
    return None
