"""Performance targets (绩效目标): each project's target table, and the department's overall target.

A project table is titled `…绩效目标表`; its header names 一级指标 / 二级指标 / 三级指标 / 绩效指标描述 /
指标值 / 指标值确定依据 (columns found by those names, in any order); a row that leaves 一级 or 二级
empty continues the one above; a `绩效目标` row holds the project's goal; headers repeated at page
breaks are skipped. Read from a text conversion's tab-separated rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlod.extract.lines import Line
from budgetlod.extract.numbers import compact
from budgetlod.extract.targets import TargetValue, parse_target

_TITLE = re.compile(r"^(?:\d+[、.．]\s*)?(.+?)(?:绩效目标表|绩效目标)$")
_COLUMNS = {
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "description": "绩效指标描述",
    "value": "指标值",
    "basis": "指标值确定依据",
}


@dataclass(frozen=True)
class Indicator:
    level1: str
    level2: str
    level3: str
    description: str
    value: TargetValue
    basis: str
    lineno: int | None = None
    page: int | None = None


@dataclass
class ProjectTargets:
    project: str
    goal: str = ""
    indicators: list[Indicator] = field(default_factory=list)
    lineno: int | None = None


def _column_map(fields: list[str]) -> dict[str, int] | None:
    names = [compact(f) for f in fields]
    found: dict[str, int] = {}
    for key, name in _COLUMNS.items():
        # 指标值 is a prefix of 指标值确定依据: match whole names
        # a header cell wrapped over lines may come back in another order (值 / 指标)
        idx = next((i for i, n in enumerate(names) if n == name), None)
        if idx is None:
            idx = next((i for i, n in enumerate(names) if sorted(n) == sorted(name)), None)
        if idx is None:
            return None
        found[key] = idx
    return found


def read_project_targets(lines: list[Line]) -> list[ProjectTargets]:
    """Every project target table of a text conversion, in document order."""
    projects: list[ProjectTargets] = []
    current: ProjectTargets | None = None
    columns: dict[str, int] | None = None
    last = {"level1": "", "level2": ""}
    for line in lines:
        if line.heading:
            title = compact(line.text)
            m = _TITLE.match(title)
            if m and title.endswith("目标表"):
                current = ProjectTargets(m.group(1), lineno=line.lineno)
                projects.append(current)
                columns, last = None, {"level1": "", "level2": ""}
            elif current is not None:
                current, columns = None, None
            continue
        if current is None or not line.tabular:
            continue
        fields = [f.text for f in line.fragments]
        if fields and compact(fields[0]).startswith("绩效目标"):
            first = fields[0].strip()[len("绩效目标") :].strip(" ：:")
            current.goal = " ".join(f for f in [first, *fields[1:]] if f).strip()
            continue
        header = _column_map(fields)
        if header is not None:
            columns = header  # the header, first or repeated at a page break
            continue
        if columns is None:
            continue

        row = {key: (fields[i].strip() if i < len(fields) else "") for key, i in columns.items()}
        if not row["level3"] and not row["value"]:
            # a description wrapped onto the next page: it continues the last indicator
            if current.indicators and any(fields):
                prev = current.indicators[-1]
                extra = "".join(f for f in fields if f)
                current.indicators[-1] = Indicator(
                    prev.level1, prev.level2, prev.level3, prev.description + extra, prev.value, prev.basis,
                    prev.lineno, prev.page,
                )  # fmt: skip
            continue
        level1 = row["level1"] or last["level1"]
        level2 = row["level2"] or last["level2"]
        last = {"level1": level1, "level2": level2}
        current.indicators.append(
            Indicator(
                level1,
                level2,
                row["level3"],
                row["description"],
                parse_target(row["value"]),
                row["basis"],
                line.lineno,
            )
        )
    return [p for p in projects if p.indicators]
