"""What a disclosure says in prose: duties (职责), its units (机构设置), the glossary (名词解释) and the
figures stated in sentences (totals, the change from last year, 机关运行经费, 三公, planned assets).

Each figure keeps the sentence it was printed in. Read from text conversions and PDF lines alike:
only the text of each line is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budgetlod.extract.lines import Line
from budgetlod.extract.numbers import compact
from budgetlod.extract.segment import is_footer

_DUTY = re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]\s*(.+)$")
_TERM = re.compile(r"^[-•]?\s*\d+[、.．]\s*(?:\*\*)?([^：:*]{2,30})(?:\*\*)?[：:]\s*(.+)$")
#: A sentence: up to and with its 。 or ；.
SENTENCE = re.compile(r"[^。；;]*[。；;]?")
_UNIT_NATURE = ("行政", "事业", "参公", "企业")


@dataclass(frozen=True)
class Unit:
    name: str
    nature: str  # 单位性质: 行政 / 事业 …
    rank: str  # 单位规格, e.g. 正处（县）级
    funding: str  # 经费保障形式
    lineno: int | None = None


@dataclass(frozen=True)
class Term:
    term: str
    definition: str


@dataclass(frozen=True)
class StatedFigure:
    """A figure stated in prose: what it is, the amount in its unit, and the sentence."""

    key: str
    value: Decimal
    unit: str
    sentence: str
    lineno: int | None = None
    page: int | None = None


# `…费支出`, `…费预算支出`: an item's words, then what is said of it, then the figure
_SPENT = r"(?:预算)?(?:支出)?(?:为)?"
# what the narrative states, by the words before the figure (first match in a sentence wins)
FIGURES: tuple[tuple[str, str], ...] = (
    ("appropriation-grand-total", r"财政拨款收入支出(?:决算)?总计(?:为)?"),
    ("grand-total", r"收入支出(?:决算)?总计(?:为)?"),
    ("income", r"(?:预算)?收入(?:预算)?(?:合计|总计)?(?:为)?"),
    ("expenditure", r"(?:支出预算(?:合计|总计)?(?:为)?|本年支出合计)"),
    ("basic", r"基本支出"),
    ("personnel", r"人员经费"),
    ("public-funds", r"(?:日常)?公用经费"),
    ("project", r"项目支出"),
    ("carryover", r"上年结转(?:结余)?"),
    ("change", r"较\d{4}年(?:预算)?(?:增加|减少)"),
    ("change-basic", r"基本支出(?:增加|减少)"),
    ("change-project", r"项目支出(?:增加|减少)"),
    ("office-operation", r"(?:机关运行经费(?:预算)?(?:为)?|经费共计安排)"),
    ("sangong-total-budget", r"“三公”经费财政拨款支出年初预算为"),
    ("sangong-total", r"“三公”经费(?:预算)?(?:数)?(?:安排|为)?"),
    ("sangong-abroad", r"因公出国（境）费" + _SPENT),
    ("sangong-vehicle", r"公务用车购置及运(?:维|行)(?:维护)?费" + _SPENT),
    ("sangong-vehicle-purchase", r"公务用车购置费为?"),
    ("sangong-vehicle-operation", r"公务用车运(?:维|行)(?:维护)?费" + _SPENT),
    ("sangong-reception", r"公务接待费" + _SPENT),
    # printed beside the 三公 by the Jiangsu 2017-2019 template: `会议费预算支出 884.16 万元`
    ("meetings", r"会议费" + _SPENT),
    ("training", r"培训费" + _SPENT),
    ("sangong-change", r"与\d{4}年相比(?:增加|减少)"),
    ("planned-assets", r"拟购置固定资产总额"),
    ("assets-total", r"固定资产金额为"),
)
_FIGURE = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万元|元)")


_DUTY_HEADING = re.compile(r"(部门职责|主要职责|主要职能|^职责|^职能)")
# a section heading: `二、部门机构设置…`, `第二部分 …`
_SECTION = re.compile(r"^([一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
_SECTION_WORDS = re.compile(r"(机构|单位构成|工作任务|预算|概况|职能|职责|名词|说明|情况)")
# `1、贯彻执行…`, `一、拟订…`: duties numbered otherwise than （一）
_DUTY_NUMBERED = re.compile(r"^(\d{1,2}[、.．]|[一二三四五六七八九十]+、)\s*(\S.+)$")
_MIN_PROSE = 20  # characters: shorter text under the heading is no statement of duties


def read_duties(lines: list[Line]) -> list[str]:
    """The duties printed under 部门职责 (or 主要职能): numbered ones (（一）… （十四）…), a duty wrapped
    over lines being one; where the document states them in prose, that paragraph.

    The heading also stands in the 目录: a heading with nothing under it is passed over.
    """
    for start, line in enumerate(lines):
        if _is_duty_heading(line):
            duties = _duties_under(lines[start + 1 :])
            if duties:
                return duties
    return []


def _is_duty_heading(line: Line) -> bool:
    t = line.compact.replace("**", "")
    # `主要职能包括：` introduces the list under the heading
    intro = t.endswith((":", "：")) and ("包括" in t or "是" in t)
    return len(t) < 20 and bool(_DUTY_HEADING.search(t)) and not line.tabular and not intro


def _duties_under(lines: list[Line]) -> list[str]:
    duties: list[str] = []
    prose: list[str] = []
    for line in lines:
        t = line.text.strip().replace("**", "")
        if ("机构设置" in t and len(t) < 30) or line.tabular or _is_duty_heading(line):
            break
        if is_footer(line) or not t:
            continue
        if line.heading or (_SECTION.match(compact(t)) and len(t) < 30 and _SECTION_WORDS.search(t)):
            break  # the next section (二、部门机构设置…, 第二部分 …)
        m = _DUTY.match(t) or _DUTY_NUMBERED.match(t)
        if m:
            duties.append(m.group(2).strip())
        elif duties:
            duties[-1] += t  # the duty goes on on the next printed line
        else:
            prose.append(compact(t))
    text = "".join(prose)
    if duties:  # what the heading says before the list (`…是主管全区产业经济的区政府工作部门`) comes first
        intro = text.removesuffix("主要职能包括：").removesuffix("主要职责是：")
        return ([intro] if len(intro) >= _MIN_PROSE else []) + duties
    return [text] if len(text) >= _MIN_PROSE else []


def read_units(lines: list[Line]) -> list[Unit]:
    """The units table under 机构设置: 单位名称 / 单位性质 / 单位规格 / 经费保障形式."""
    units: list[Unit] = []
    cols: dict[str, int] = {}
    for line in lines:
        fields = [compact(f.text) for f in line.fragments]
        if "单位名称" in fields and "单位性质" in fields:
            cols = {
                name: fields.index(name)
                for name in ("单位名称", "单位性质", "单位规格", "经费保障形式")
                if name in fields
            }
            continue
        if not cols:
            continue
        if len(fields) < len(cols) or not fields[cols["单位性质"]].startswith(_UNIT_NATURE):
            if units:
                break
            continue
        units.append(
            Unit(
                fields[cols["单位名称"]],
                fields[cols["单位性质"]],
                fields[cols["单位规格"]] if "单位规格" in cols else "",
                fields[cols["经费保障形式"]] if "经费保障形式" in cols else "",
                line.lineno,
            )
        )
    return units


def read_glossary(lines: list[Line]) -> list[Term]:
    """The terms of 名词解释, each with its definition."""
    terms: list[Term] = []
    inside = False
    for line in lines:
        t = line.text.strip()
        if not line.tabular and re.match(r"^([一二三四五六七八九十]+、)?名词解释$", compact(t)):
            inside = True  # the heading itself, not the table of contents' entry
            continue
        if not inside:
            continue
        if line.heading and terms:
            break
        m = _TERM.match(t.replace("**", ""))
        if m:
            terms.append(Term(m.group(1).strip(), m.group(2).strip()))
    return terms


def _is_heading(text: str) -> bool:
    return len(text) < 30 and bool(_SECTION.match(text)) and not re.search(r"[。；，,]", text)


def line_at(starts: list[tuple[int, Line]], offset: int) -> Line:
    """The printed line that holds character `offset` of a passage (see `passages`)."""
    return next(ln for start, ln in reversed(starts) if start <= max(offset, 0))


def passages(lines: list[Line]) -> list[tuple[str, list[tuple[int, Line]]]]:
    """Runs of prose: a PDF wraps a sentence over printed lines (`…安排的会议` / `费预算支出 884.16 万元`),
    so consecutive lines of one page are read as one text; each line's offset in it is kept."""
    out: list[tuple[str, list[tuple[int, Line]]]] = []
    text, starts = "", list[tuple[int, Line]]()
    for line in lines:
        joins = line.page is not None and starts and starts[-1][1].page == line.page
        # a section heading (`四、财政拨款收入支出决算总体情况说明`) is no part of the sentence after it
        heading = _is_heading(line.compact) or (bool(starts) and _is_heading(starts[-1][1].compact))
        if line.tabular or is_footer(line) or not joins or heading:
            if starts:
                out.append((text, starts))
            text, starts = "", list[tuple[int, Line]]()
            if line.tabular or is_footer(line):
                continue
        starts.append((len(text), line))
        text += line.text.strip() if line.page is None else compact(line.text)
    if starts:
        out.append((text, starts))
    return out


def read_stated_figures(lines: list[Line]) -> list[StatedFigure]:
    """Figures stated in sentences of the narrative, each with its sentence and the line it is on."""
    out: list[StatedFigure] = []
    seen: set[str] = set()
    for text, starts in passages(lines):
        for sm in SENTENCE.finditer(text):
            sentence = sm.group()
            s = compact(sentence)
            for m in _FIGURE.finditer(s):
                before = s[: m.start()]
                for key, words in FIGURES:
                    if key in seen or not re.search(f"(?:{words})$", before[-24:]):
                        continue
                    at = sm.start() + sentence.find(m.group(1)[:1])
                    line = line_at(starts, at)
                    out.append(
                        StatedFigure(
                            key,
                            Decimal(m.group(1).replace(",", "")),
                            m.group(2),
                            sentence.strip(),
                            line.lineno,
                            line.page,
                        )
                    )
                    seen.add(key)
                    break
    return out


@dataclass(frozen=True)
class ProjectDescription:
    project: str
    overview: str


_DESCRIPTION_TITLE = re.compile(r"^(.+?)(?:经费)?情况说明$")


def read_overall_target(lines: list[Line]) -> str | None:
    """The department's overall performance target (总体绩效目标): the paragraph under its heading."""
    for k, line in enumerate(lines):
        if "总体绩效目标" in line.compact and len(line.compact) < 20 and not line.tabular:
            text = []
            for nxt in lines[k + 1 :]:
                if nxt.heading or nxt.tabular or re.match(r"^[（(][一二三四五六七八九十]+[)）]", nxt.compact):
                    break
                text.append(nxt.text.strip())
            return "".join(text) or None
    return None


def read_project_descriptions(lines: list[Line]) -> list[ProjectDescription]:
    """Projects described in prose (`XX经费情况说明` → 一、项目概述 → its text), as Shanghai prints them."""
    out: list[ProjectDescription] = []
    for k, line in enumerate(lines):
        m = _DESCRIPTION_TITLE.match(line.compact)
        if not m or line.tabular or "其他" in m.group(1) or "、" in m.group(1)[:3]:
            continue
        rest = lines[k + 1 : k + 4]
        if not rest or "项目概述" not in rest[0].compact:
            continue
        text = []
        for nxt in lines[k + 2 :]:
            if re.match(r"^[二三四五六七八九十]+、", nxt.compact):
                break
            text.append(nxt.text.strip())
        out.append(ProjectDescription(m.group(1), "".join(text)))
    return out
