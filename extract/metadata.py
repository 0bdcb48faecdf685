"""What a disclosure says about itself: department, year, unit, kind of document."""

from __future__ import annotations

import re

from budgetlod.extract.lines import Line
from budgetlod.extract.model import Metadata
from budgetlod.extract.settings import LAYOUT
from budgetlod.extract.units import find_unit
from budgetlod.extract.vocabulary import GOVERNMENT_LEVELS, PARTY_PREFIXES
from budgetlod.extract.vocabulary import ORG_SUFFIXES as _ORG_SUFFIXES

_DEPT_WITH_CODE = re.compile(r"^(\d{3,12})\s*([^\d\s：:]{2,40}?)(?:\s|$)")
_DEPT_LABELLED = re.compile(
    r"(?:编制部门|预算主管部门|部门名称|编制单位|单位名称|预算单位)[:：]\s*([^\s：:，,]{2,40})"
)
# `部门：江苏省政协办公厅`, `部 门:中共江苏省委办公厅` at a line's start (a report form's header)
_DEPT_LINE_LABEL = re.compile(r"^部\s*门\s*[:：]\s*([^\s：:，,]{2,40})")
_YEAR_LABELLED = re.compile(r"(?:预算|决算)年度[:：]\s*(\d{4})")
_YEAR_IN_TITLE = re.compile(
    rf"(20\d{{2}})\s*年\s*(?:度)?\s*(?:{GOVERNMENT_LEVELS})?\s*(部门|单位)\s*(预算|决算)"
)
_KIND = re.compile(r"(部门|单位)\s*(预算|决算)")
# `市级单位预算`, `2025年区级部门决算`: the level of government and the kind, as a cover prints them
_LEVEL_KIND = re.compile(rf"({GOVERNMENT_LEVELS})?(部门|单位)(预算|决算)")
# titles of the tables (`2025年预算单位财务收支预算总表`) name the kind the other way round
_TITLE_KIND = re.compile(r"^(?:20\d{2}年度?)?(?:(部门|单位)(预算|决算)|(预算|决算)(部门|单位))")
# party organs (中共…委…部), congress and CPPCC offices, courts and procuratorates are departments too
_ORG = rf"[^\s\d：:，,、。；;（）()]{{2,30}}?(?:{_ORG_SUFFIXES})"
# `上海市普陀区财政局2024年度部门决算`: the department named right before the year and kind
_DEPT_BEFORE_YEAR = re.compile(rf"({_ORG})\s*20\d{{2}}\s*年")
# `第一部分 中共上海市普陀区委社会工作部概况` in the 目录 or as a part heading
_DEPT_IN_PART = re.compile(rf"^第[一二三四五六七八九十]+部分\s*({_ORG})(?:概况|基本情况|主要职能|职能)")
_PARTY_PREFIX = re.compile(rf"^({PARTY_PREFIXES})")
_REGION = re.compile(
    r"^((?:[^\s省]{2,8}?(?:省|自治区))?(?:[^\s市]{2,8}?(?:市|自治州|地区|盟))?(?:[^\s区县]{1,8}?(?:区|县|旗))?)"
)
# a name printed after a code (`211 邯郸市行政审批局`) must end like an organisation's
_ORG_SUFFIX = re.compile(rf"(?:{_ORG_SUFFIXES}|街道)$")
HEAD_LINES = LAYOUT.head_lines
COVER_LINES = LAYOUT.cover_lines


_COVER_DEPT = re.compile(rf"^({_ORG})\s*20\d{{2}}\s*年")
# `2017年度江苏省高级人民法院部门预算公开`: the year first
_COVER_YEAR_FIRST = re.compile(rf"^20\d{{2}}\s*年度?\s*({_ORG})(?:部门|单位)(?:预算|决算)")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
COVER_SPAN = LAYOUT.cover_span


def _cover_lines(lines: list[Line]) -> list[str]:
    """The cover's lines, compact: a PDF's first page (its first few lines), else the first lines."""
    first = [x for x in lines[:COVER_LINES] if not x.tabular]
    if first and first[0].page is not None:
        first = [x for x in first if x.page == first[0].page]
    else:
        first = first[:3]
    return ["".join(x.text.split()) for x in first]


def _cover_department(cover: list[str]) -> str | None:
    """A name printed on the cover right before the year, perhaps over several lines, from a line's start."""
    for i in range(len(cover)):
        for j in range(i + 1, min(i + COVER_SPAN, len(cover)) + 1):
            text = "".join(cover[i:j])
            m = _COVER_DEPT.match(text) or _COVER_YEAR_FIRST.match(text)
            if m:
                return m.group(1)
    return None


def _kind_from(text: str) -> tuple[str | None, str | None]:
    """(kind, level) printed on a cover: `上海市2025年市级单位预算` -> (单位预算, 市级)."""
    m = _LEVEL_KIND.search(text)
    if not m:
        return None, None
    return m.group(2) + m.group(3), m.group(1)


def region_of(department: str) -> str | None:
    """The government a department belongs to, as printed in its name (`中共上海市普陀区委…` ->
    `上海市普陀区`); None when the name starts with no place."""
    name = _PARTY_PREFIX.sub("", department)
    region = _REGION.match(name)
    return region.group(1) if region and region.group(1) and region.group(1) != name else None


# `2018年政府采购预算表`: a table title that names the year (a tables file may print it nowhere else)
_YEAR_OF_TITLE = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.．、])?(20\d{2})年度?\S{2,40}表$")


def _year_of_titles(lines: list[Line]) -> int | None:
    """The year most table titles print, or None."""
    years: dict[int, int] = {}
    for line in lines:
        if not line.tabular and (m := _YEAR_OF_TITLE.match(line.compact)):
            years[int(m.group(1))] = years.get(int(m.group(1)), 0) + 1
    return max(years, key=lambda y: (years[y], y)) if years else None


def read_metadata(lines: list[Line]) -> Metadata:
    """Find department, code, year, unit and document kind; what is not printed stays None."""
    meta = Metadata()
    kinds: dict[str, int] = {}
    head = lines[:HEAD_LINES]
    # a cover page prints the department and the year on lines of their own: read them as one
    cover = _cover_lines(lines)
    meta.department = _cover_department(cover)
    cover_text = "".join(cover)
    cover_kind, meta.level = _kind_from(cover_text)
    # `江苏省2018年度 / 省级部门预算公开报表`: the year and the kind on two cover lines
    m = _YEAR_IN_TITLE.search(cover_text)
    if m:
        meta.year = int(m.group(1))
    title_kinds: dict[str, int] = {}
    for line in head + [x for x in lines[HEAD_LINES:] if not x.tabular]:
        text = line.text.strip()
        compact_text = "".join(text.split())
        if meta.department is None:
            m = (
                _DEPT_LABELLED.search(text)
                or _DEPT_BEFORE_YEAR.search(compact_text)
                or _DEPT_IN_PART.search(compact_text)
            )
            if m is None and not line.tabular:
                labelled = _DEPT_LINE_LABEL.match(text)
                m = labelled if labelled and _ORG_SUFFIX.search(labelled.group(1)) else None
            if m:
                meta.department = _PART.sub("", m.group(1)) or None
            elif not line.tabular:
                m = _DEPT_WITH_CODE.match(text)
                if m and _ORG_SUFFIX.search(m.group(2)):
                    meta.department_code, meta.department = m.group(1), m.group(2)
        if meta.year is None:
            m = _YEAR_LABELLED.search(compact_text) or _YEAR_IN_TITLE.search(text)
            if m:
                meta.year = int(m.group(1))
        if meta.unit is None:
            meta.unit = find_unit(text)
        if (meta.title is None and line.heading == 1) or (meta.title is None and _YEAR_IN_TITLE.search(text)):
            meta.title = compact_text
        for m in _KIND.finditer(compact_text):
            key = m.group(1) + m.group(2)
            kinds[key] = kinds.get(key, 0) + 1
        t = _TITLE_KIND.match(compact_text)
        if t and compact_text.endswith("表") and len(compact_text) <= 40:
            key = (t.group(1) or t.group(4)) + (t.group(2) or t.group(3))
            title_kinds[key] = title_kinds.get(key, 0) + 1
        if meta.level is None and (m := _LEVEL_KIND.search(compact_text)) and m.group(1):
            meta.level = m.group(1)
    if meta.year is None:
        meta.year = _year_of_titles(lines)
    if meta.department:
        meta.region = region_of(meta.department)
    # what the cover says first, then what the table titles say, then what the text says most
    if cover_kind:
        meta.document_kind = cover_kind
    elif title_kinds:
        meta.document_kind = max(title_kinds, key=lambda k: (title_kinds[k], k))
    elif kinds:
        # 决算 wins over 预算 when both are named: a final account also cites the budget it ran.
        final = {k: v for k, v in kinds.items() if k.endswith("决算")}
        pool = final or kinds
        meta.document_kind = max(pool, key=lambda k: (pool[k], k))
    return meta
