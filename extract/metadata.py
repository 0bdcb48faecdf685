"""What a disclosure says about itself: department, year, unit, kind of document."""

from __future__ import annotations

import re

from budgetlod.extract.lines import Line
from budgetlod.extract.model import Metadata
from budgetlod.extract.units import find_unit

_DEPT_WITH_CODE = re.compile(r"^(\d{3,12})\s*([^\d\s：:]{2,40}?)(?:\s|$)")
_DEPT_LABELLED = re.compile(
    r"(?:编制部门|预算主管部门|部门名称|编制单位|单位名称|预算单位)[:：]\s*([^\s：:，,]{2,40})"
)
_YEAR_LABELLED = re.compile(r"(?:预算|决算)年度[:：]\s*(\d{4})")
_YEAR_IN_TITLE = re.compile(
    r"(20\d{2})\s*年\s*(?:度)?\s*(?:区级|市级|县级|省级)?\s*(部门|单位)\s*(预算|决算)"
)
_KIND = re.compile(r"(部门|单位)\s*(预算|决算)")
_ORG_SUFFIXES = "局|委员会|委|院|中心|办公室|厅|所|站|队|馆|会|处|校|园|社|台|办|室|团|街道办事处|政府"
_ORG = rf"[^\s\d：:，,、（）()]{{2,30}}?(?:{_ORG_SUFFIXES})"
# `上海市普陀区财政局2024年度部门决算`: the department named right before the year and kind
_DEPT_BEFORE_YEAR = re.compile(rf"({_ORG})\s*20\d{{2}}\s*年")
_REGION = re.compile(
    r"^((?:[^\s省]{2,8}?(?:省|自治区))?(?:[^\s市]{2,8}?(?:市|自治州|地区|盟))?(?:[^\s区县]{1,8}?(?:区|县|旗))?)"
)
_ORG_SUFFIX = re.compile(
    r"(局|委员会|委|院|中心|办公室|厅|部|所|站|队|馆|会|处|校|园|社|台|办|室|团|街道|政府)$"
)
HEAD_LINES = 400  # metadata is printed near the start and above every table


def read_metadata(lines: list[Line]) -> Metadata:
    """Find department, code, year, unit and document kind; what is not printed stays None."""
    meta = Metadata()
    kinds: dict[str, int] = {}
    head = lines[:HEAD_LINES]
    # a cover page prints the department and the year on lines of their own: read them as one
    cover = "".join(line.text for line in head[:3] if not line.tabular)
    m = _DEPT_BEFORE_YEAR.search(cover)
    if m:
        meta.department = m.group(1)
    for line in head + [x for x in lines[HEAD_LINES:] if not x.tabular]:
        text = line.text.strip()
        compact_text = "".join(text.split())
        if meta.department is None:
            m = _DEPT_LABELLED.search(text) or _DEPT_BEFORE_YEAR.search(compact_text)
            if m:
                meta.department = m.group(1)
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
    if meta.department:
        region = _REGION.match(meta.department)
        meta.region = region.group(1) if region and region.group(1) != meta.department else None
    if kinds:
        # 决算 wins over 预算 when both are named: a final account also cites the budget it ran.
        final = {k: v for k, v in kinds.items() if k.endswith("决算")}
        pool = final or kinds
        meta.document_kind = max(pool, key=lambda k: (pool[k], k))
    return meta
