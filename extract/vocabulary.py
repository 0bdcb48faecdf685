"""What disclosures print, in one place: table titles and their kinds, column headers and their
roles, summary and 三公 rows, empty-table notes, organisation names, the shape of a code.

Every reader takes its words from here, so a template generation or a province that prints
otherwise is an entry (or a pattern) added to the tables below, not a change to the readers.
Order matters in each table: the first entry that matches names a text, so specific ones come first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlod.extract.patterns import pattern_table

# -- Tables ------------------------------------------------------------------------------------


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
    # kinds of the 2017-2019 Jiangsu template the nine lack (see TEMPLATES below)
    TableKind(
        "office-operation-expenditure",
        "机关运行经费支出表",
        "Office operation expenditure",
        "economic",
        _p(r"机关运行经费(支出)?(预算|决算)?表$"),
    ),
    TableKind(
        "appropriation-basic-expenditure",
        "财政拨款基本支出表",
        "Fiscal appropriation: basic expenditure",
        "economic",
        _p(_LEVEL + r"财政拨款基本支出(预算|决算)?表$"),
    ),
    TableKind(
        "appropriation-expenditure",
        "财政拨款支出表",
        "Fiscal appropriation expenditure",
        "functional",
        _p(_LEVEL + r"财政拨款支出(功能分类)?(预算|决算)?表$"),
    ),
    TableKind(
        "procurement-budget",
        "政府采购支出表",
        "Government procurement expenditure",
        "",
        _p(_LEVEL + r"政府采购(支出)?(预算|决算)?表$"),
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


@dataclass(frozen=True)
class Template:
    """A generation of the disclosure template (national, or a province's): the tables it prints.

    Completeness is judged against the document's own table list when it prints one, else
    against its template; a national table its template lacks is "not in this template".
    """

    key: str  # stable identifier, used in IRIs
    name_zh: str
    name_en: str
    kinds: tuple[str, ...]  # TableKind keys, in the order the template prints them


NATIONAL_NINE = (
    "income-expenditure-summary",
    "income-summary",
    "expenditure-summary",
    "appropriation-summary",
    "general-expenditure",
    "general-basic-expenditure",
    "fund-expenditure",
    "state-capital-expenditure",
    "three-public",
)

# The first template is the default; a document is of the template whose tables it prints most of.
TEMPLATES: tuple[Template, ...] = (
    Template(
        "national-2020",
        "全国部门预决算公开统一格式（九张表）",
        "National uniform disclosure template (nine tables)",
        NATIONAL_NINE,
    ),
    Template(
        "jiangsu-2017",
        "江苏省省级部门预算公开报表（2017–2019年，十二张表）",
        "Jiangsu provincial department budget tables, 2017-2019 (twelve tables)",
        (
            "income-expenditure-summary",
            "income-summary",
            "expenditure-summary",
            "appropriation-summary",
            "appropriation-expenditure",
            "appropriation-basic-expenditure",
            "fund-expenditure",
            "general-expenditure",
            "general-basic-expenditure",
            "office-operation-expenditure",
            "three-public",
            "procurement-budget",
        ),
    ),
)

#: The levels of government a cover or a title prints (`上海市2025年市级单位预算`).
GOVERNMENT_LEVELS = "省级|市级|区级|县级|乡级|镇级"

# -- Table lists, labels and headings -----------------------------------------------------------

_LABEL = r"(?:部门|单位)?(?:预算)?公开(?:表(\d{1,2})|(\d{1,2})表)"  # 公开01表, 公开表01
#: A table's label in a publication of spreadsheets (`公开01表`): it starts a table and numbers it.
TABLE_LABEL = re.compile(rf"^{_LABEL}$")
#: The same label printed on the title's own line, before or after it (`公开03表 支出预算总表`).
LABEL_ON_TITLE = re.compile(rf"^{_LABEL}(?=\S+表$)|(?<=表){_LABEL}$")
#: The heading of the whole set of tables (`第二部分 …部门预算表`, `省级部门预算公开报表`), not a table.
TABLE_SET_HEADING = re.compile(
    rf"^(?:{GOVERNMENT_LEVELS})?(?:部门|单位)?(?:预算|决算)?(?:信息)?(?:公开)?报?表$"
)
#: A part heading before a title (`第二部分`).
PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
#: Annex tables read by their own readers (performance targets, assets), not by the table reader.
ANNEX_TITLE = re.compile(r"(绩效目标|绩效指标|资产).{0,12}表$")
#: Numbering before a title or a list entry: `一、`, `（三）`, `5.`, `十二、`.
TITLE_NUMBERING = re.compile(r"^(\d+[.．、]|[（(]?[一二三四五六七八九十]+[)）、.．])")
#: Dot leaders of a table of contents.
TOC_LEADER = re.compile(r"(\.{3,}|…{2,}|·{3,})")
#: How the lines of a page around a table begin: a header, metadata, page numbers, notes.
HEADER_STARTS = ("序号", "项目", "科目", "功能分类", "经济分类", "支出部门经济分类", "采购品目")
METADATA_LABELS = re.compile(
    r"(单位[:：]|预算年度|决算年度|编制部门|预算主管部门|部门名称|单位名称|截止时间|金额单位|^部门[:：])"
)
FOOTER = re.compile(r"^([-—－–]\d{1,4}[-—－–]|第\d+页(共\d+页)?|\d+/\d+)$")
NOTE_START = re.compile(r"^(注|说明|备注)[:：\d]")

# -- Columns -----------------------------------------------------------------------------------

# (role key, pattern on the compact header) — first match wins, so specific names come first.
ROLES = pattern_table(
    ("code", r"(编码|代码|^类$|^款$|^项$)"),
    ("name", r"名称"),
    ("subtotal", r"小计"),
    ("total", r"合计|总计"),
    ("basic", r"基本支出"),
    ("project", r"项目支出"),
    ("operating-expenditure", r"经营支出"),
    ("remit-upper", r"上解上级"),
    ("subsidy-subordinate", r"对附属单位补助"),
    ("personnel", r"人员经费"),
    ("public-funds", r"公用经费"),
    ("special-account-income", r"财政专户"),
    ("operating-income", r"经营收入"),
    ("business-income", r"事业收入"),
    ("upper-subsidy-income", r"上级补助"),
    ("subordinate-remit-income", r"附属单位上缴"),
    ("other-income", r"其他收入"),
    ("carryover-next", r"结转下年|年终结转|年末结转"),
    ("carryover", r"上年结转|年初结转|结转结余"),
    ("reserve", r"预留机动"),  # 单位预留机动经费 (Jiangsu 2017-2019)
    ("general-budget", r"一般公共预算"),
    ("government-fund", r"政府性基金"),
    ("state-capital", r"国有资本经营"),
    ("appropriation-income", r"财政拨款收入|财政拨款$"),
    ("item", r"^项目$|项目$"),
    ("budget-amount", r"预算数"),
    ("final-amount", r"决算数"),
    ("amount", r"金额|本年数|^数额$"),
)
TWO_SIDED = {"income-expenditure-summary", "appropriation-summary"}
# roles that occur with an income- / expenditure- side in the two-sided tables
SIDED_ROLES = (
    "item",
    "amount",
    "budget-amount",
    "final-amount",
    "total",
    "general-budget",
    "government-fund",
    "state-capital",
    "name",
    "subtotal",
    "carryover",
    "appropriation-income",
    "reserve",
    "carryover-next",
)
LABEL_ROLES = frozenset({"code", "name", "item"})


# -- Rows --------------------------------------------------------------------------------------

# canonical names of the 三公 items, whatever the wording of a document
SANGONG_ITEMS = pattern_table(
    ("因公出国（境）费", r"出国"),
    ("公务用车购置及运行维护费", r"公务用车购置及运|^小计$"),
    ("公务用车购置费", r"购置费"),
    ("公务用车运行维护费", r"运行(维护)?费|运维费"),
    ("公务接待费", r"接待"),
    ("机关运行经费", r"机关运行经费"),
    ("会议费", r"会议费"),  # printed beside the 三公 in the Jiangsu 2017-2019 table
    ("培训费", r"培训费"),
    ("合计", r"合计|总计"),
    ("“三公”经费", r"三公"),  # the 三公 subtotal when 会议费 and 培训费 are printed beside it
)
PHASE_LEAVES = ("预算数", "决算数")
# ontology concepts (bud:…) for the rows the accounting rules need, by canonical name
SANGONG_CONCEPTS = {
    "合计": "TableTotal",
    "因公出国（境）费": "SangongAbroad",
    "公务用车购置及运行维护费": "SangongVehicle",
    "公务用车购置费": "SangongVehiclePurchase",
    "公务用车运行维护费": "SangongVehicleOperation",
    "公务接待费": "SangongReception",
    "机关运行经费": "OfficeOperation",
    "会议费": "Meetings",
    "培训费": "Training",
    "“三公”经费": "SangongSubtotal",
}
SUMMARY_ROWS = pattern_table(
    ("IncomeGrandTotal", r"^收入总计$"),
    ("ExpenditureGrandTotal", r"^支出总计$"),
    ("IncomeTotal", r"^(本年)?收入合计$|^当年收入小计$"),
    ("ExpenditureTotal", r"^(本年)?支出合计$|^当年支出小计$"),
    ("CarryoverIn", r"^(上年|年初).*结转"),
    ("CarryoverOut", r"^(年终|年末).*结转|^结转下年"),
    ("TableTotal", r"^(合计|总计)$"),
)

#: How a row's item is numbered: `一、` a top item; `（一）`, `1.`, `其中：` its sub-items.
_TOP_ITEM = r"[一二三四五六七八九十]+[、.．]"
ITEM_LEVEL_ONE = re.compile(rf"^{_TOP_ITEM}")
ITEM_LEVEL_TWO = re.compile(r"^([（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]|其中[:：])")
#: All the numbering before an item's name, to strip (`其中：1.` …).
ITEM_NUMBERING = re.compile(rf"^(其中[:：]|{_TOP_ITEM}|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、])+")
#: A label that starts a row even with no figure on it (a bare `1.` could be a figure's start).
ITEM_START = re.compile(rf"^({_TOP_ITEM}|[（(][一二三四五六七八九十]+[)）]|其中[:：])")

#: A year's total printed as a subtotal above the carry-overs (Jiangsu 2017-2019)…
SUBTOTAL_ROW = re.compile(r"^当年(收入|支出)小计$")
#: … which makes these the grand totals of their side.
GRAND_AFTER_SUBTOTAL = frozenset({"收入合计", "支出合计"})

# -- Notes, labels, organisations, codes --------------------------------------------------------

#: The label of a table's column-number row.
COLUMN_NUMBER_LABELS = ("栏次", "档次")  # 档次 is a misprint seen in real disclosures
#: A row label that is only a total (合计, 本年支出合计 …): all a table printed empty may show.
TOTAL_LABEL = re.compile(r"^(合计|总计|(本年)?(收入|支出)(合计|总计)|收支(合计|总计))$")
#: A note that says a table is empty (无政府性基金预算收入 …).
EMPTY_NOTE = re.compile(
    r"(空表|无数据|本表无|无.{0,20}(收入|支出|预算|决算|经费|拨款)|没有.{0,20}(收入|支出|预算|决算|经费))"
)
#: What an organisation's name ends in (局, 委员会, …): departments, party, congress, CPPCC, courts.
ORG_SUFFIXES = "局|委员会|委|院|中心|办公室|厅|部|所|站|队|馆|会|处|校|园|社|台|办|室|团|街道办事处|政府"
#: What a party or CPPCC organ's name starts with before its place (中共上海市普陀区委…).
PARTY_PREFIXES = "中共|中国共产党|共青团|中国人民政治协商会议|政协"
#: A functional or economic classification code: 类 3 digits, 款 5, 项 7.
CODE_SHAPE = r"\d{3}(?:\d{2}){0,2}"
#: The lengths of a code printed split over 类 / 款 / 项 columns.
SPLIT_CODE_LENGTHS = (3, 2, 2)
