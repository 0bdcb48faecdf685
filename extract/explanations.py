"""The narrative's explanation of each budget line, read line by line.

Budgets and final accounts explain each 项 they spend on in a fixed form, e.g.

    1. “社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）”53.84万元，主要用于…。
       2023年当年预算执行数为54.60万元，2024年预算安排53.84万元，比2023年预算执行数减少1.39%。主要原因是：…
    3、住房保障支出（221类）住房改革支出（02款）住房公积金（01项）208.8万元。…
    1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：…。年初预算为 1560.05 万元，
       支出决算为1511.89万元，完成年初预算的96.91%。决算数小于预算数的主要原因：…

Each explanation keeps its code path as printed (names, and codes where printed), and every figure
it states (the line's amount, last year's figure, this year's, the change, the completion rate)
with its sentence and page, so shapes/explanations.ttl can check them against each other and the tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from budgetlod.extract.lines import Line
from budgetlod.extract.narrative import SENTENCE, line_at
from budgetlod.extract.segment import is_footer

_NUM = r"(-?\d+(?:,\d{3})*(?:\.\d+)?)"
_MONEY = _NUM + r"(万元|元)"
# `1.“…（类）`, `3、…（221类）`, `（一）…（类）`: an explanation starts with its number and a name; the
# name must turn out to be a 类 (`…（类）` or `…（221类）`), which may wrap onto the next printed line
_NUMBERING = r"(?:(\d{1,2})[、.．]|[（(](\d{1,2}|[一二三四五六七八九十]{1,3})[)）])“?"
_START = re.compile(_NUMBERING + r"[\u4e00-\u9fff]")
# a name, then its level in brackets with the code where printed: `住房改革支出（02款）`
_PART = re.compile(r"([^（(）)“”。，、：:]{1,40}?)[（(](\d{2,7})?(类|款|项)[)）]")
# what ends an explanation: the next section (`六、…`, `（三）…`, `第三部分`)
_SECTION = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MAX_LINES = 16  # an explanation runs a few printed lines; more is a section we misread as one

#: (key, pattern): the figures an explanation states. Years are group 1 where the form prints one.
FIGURE_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("execution", re.compile(r"(\d{4})年(?:当年)?(?:预算)?执行数?(?:为|是)?" + _MONEY)),
    ("initial-budget", re.compile(r"()年初预算(?:数)?(?:为|是)?" + _MONEY)),
    ("budget", re.compile(r"(\d{4})年(?:预算安排|预算数为|预算为|安排预算)" + _MONEY)),
    ("final", re.compile(r"()(?:支出)?决算(?:数)?(?:为|是)" + _MONEY)),
)
_CHANGE = re.compile(
    r"(?:比|较)(\d{4})年(?:度)?(?:当年)?(预算执行数|执行数|预算数|预算|决算数|决算)?"
    r"(增加|减少|增长|下降|上升|降低)" + _NUM + r"(%|万元|元)"
)
_FLAT = re.compile(r"(?:与|和|同|较|比)(\d{4})年[^，。；]{0,12}?(?:持平|一致|相同|无变化)")
_COMPLETION = re.compile(r"完成(?:年初)?预算(?:数)?的" + _NUM + "%")
_REASON = re.compile(r"主要原因(?:是|为|如下)?[:：]?")
INCREASE = ("增加", "增长", "上升")


@dataclass(frozen=True)
class ExplainedFigure:
    """One figure of an explanation: what it is, as printed, its unit, year and sentence."""

    key: str  # amount, execution, initial-budget, prior-budget, budget, final, change, completion
    printed: str  # as printed, thousands separators dropped
    unit: str  # 万元, 元 or %
    sentence: str
    year: int | None = None
    direction: str | None = None  # of a change: 增加 … 减少 …, 持平 for none
    page: int | None = None
    lineno: int | None = None

    @property
    def value(self) -> Decimal:
        return Decimal(self.printed)


@dataclass
class Explanation:
    """The narrative's explanation of one budget line."""

    number: int
    path: list[tuple[str, str | None, str]]  # (name, code as printed or None, 类 / 款 / 项)
    text: str
    figures: list[ExplainedFigure] = field(default_factory=list)
    reason: str | None = None  # what follows 主要原因, None when the explanation gives none
    page: int | None = None
    lineno: int | None = None

    @property
    def printed_path(self) -> str:
        return "".join(f"{name}（{code or ''}{level}）" for name, code, level in self.path)

    def name(self, level: str) -> str | None:
        return next((n for n, _c, lv in self.path if lv == level), None)

    @property
    def code(self) -> str | None:
        """The code the printed codes make (`204类 06款 99项` → 2040699), when all are printed."""
        digits = ""
        for _name, code, _level in self.path:
            if code is None:
                return None
            digits = code if len(code) > 3 and code.startswith(digits) else digits + code
        return digits if len(digits) in (3, 5, 7) else None


def _number(text: str) -> int:
    """`12` or `十二` as a number (items numbered （一） … （九十九））."""
    if text.isdigit():
        return int(text)
    digits = {c: k for k, c in enumerate("一二三四五六七八九", start=1)}
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return digits.get(text, 0)
    return (digits.get(tens, 1) if tens else 1) * 10 + digits.get(ones, 0)


def _items(lines: list[Line]) -> list[list[Line]]:
    """The printed lines of each explanation: from its start to the next one or the next section."""
    out: list[list[Line]] = []
    current: list[Line] | None = None
    for line in lines:
        if is_footer(line):
            continue
        t = line.compact
        if _START.match(t):
            current = [line]
            out.append(current)
        elif current is not None:
            # a paragraph finished at the foot of a page is over: the next page starts anew
            turned = line.page != current[-1].page and current[-1].compact.endswith("。")
            ends = (
                turned
                or line.tabular
                or line.heading
                or _SECTION.match(t)
                or not _CJK.search(t)
                or len(current) >= _MAX_LINES
            )
            if ends:
                current = None
            else:
                current.append(line)
    return out


def _explanation(lines: list[Line]) -> Explanation | None:
    starts: list[tuple[int, Line]] = []
    text = ""
    for line in lines:
        starts.append((len(text), line))
        text += line.compact
    m = _START.match(text)
    if not m:
        return None
    number = _number(m.group(1) or m.group(2))
    head = text[m.end() - 1 :]  # the numbering skipped
    offset = len(text) - len(head)
    path: list[tuple[str, str | None, str]] = []
    pos = 0
    for level in ("类", "款", "项"):
        pm = _PART.match(head, pos)
        if not pm or pm.group(3) != level:
            break
        path.append((pm.group(1), pm.group(2), level))
        pos = pm.end()
    if not path:
        return None
    x = Explanation(number, path, text, page=lines[0].page, lineno=lines[0].lineno)
    sentences = [(s.start(), s.group()) for s in SENTENCE.finditer(text) if s.group()]

    def sentence(at: int) -> str:
        return next((s for start, s in reversed(sentences) if start <= at), text).strip()

    def figure(key: str, at: int, printed: str, unit: str, **kw: object) -> None:
        line = line_at(starts, at)
        x.figures.append(
            ExplainedFigure(
                key,
                printed.replace(",", ""),
                unit,
                sentence(at),
                page=line.page,
                lineno=line.lineno,
                **kw,  # type: ignore[arg-type]
            )
        )

    am = re.match(r"”?[，,：:]?(?:预算(?:数)?为?|安排)?" + _MONEY, head[pos:])
    if am:
        figure("amount", offset + pos + am.start(1), am.group(1), am.group(2))
    for key, pattern in FIGURE_FORMS:
        found = list(pattern.finditer(text))
        if key == "budget" and len(found) > 1:
            # `2025年预算数为X万元，2026年预算安排Y万元`: the later year is this one, the earlier the base
            found.sort(key=lambda fm: int(fm.group(1)))
            base = found[0]
            if int(base.group(1)) < int(found[-1].group(1)):
                figure("prior-budget", base.start(2), base.group(2), base.group(3), year=int(base.group(1)))
            found = found[-1:]
        if found:
            fm = found[0]
            year = int(fm.group(1)) if fm.group(1) else None
            figure(key, fm.start(2), fm.group(2), fm.group(3), year=year)
    cm = _CHANGE.search(text)
    if cm:
        figure("change", cm.start(4), cm.group(4), cm.group(5), year=int(cm.group(1)), direction=cm.group(3))
    elif fl := _FLAT.search(text):
        figure("change", fl.start(), "0", "%", year=int(fl.group(1)), direction="持平")
    pm2 = _COMPLETION.search(text)
    if pm2:
        figure("completion", pm2.start(1), pm2.group(1), "%")
    rm = _REASON.search(text)
    if rm:
        x.reason = text[rm.end() :].split("。")[0].split("；")[0]
    return x


def read_explanations(lines: list[Line]) -> list[Explanation]:
    """Every per-line explanation of the narrative, in the order printed."""
    out: list[Explanation] = []
    seen: set[tuple[int, str]] = set()
    for item in _items(lines):
        x = _explanation(item)
        # a page printed twice (real publications do) explains its lines twice: read once
        if x is not None and (x.number, x.text) not in seen:
            seen.add((x.number, x.text))
            out.append(x)
    return out


def _same(a: str, b: str) -> bool:
    """Two printings of one name: 其它 / 其他, full- and half-width brackets."""
    norm = str.maketrans({"它": "他", "(": "（", ")": "）"})
    return a.translate(norm) == b.translate(norm)


def resolve_code(x: Explanation, labels: dict[str, str]) -> str | None:
    """The code an explanation is about: the codes it prints, else the one code the document's
    tables name by its names (项 under its 款; the 类 is not required to match, for an outdated
    class name is a finding about the words, not a reason to lose the line)."""
    if x.code:
        return x.code
    deepest = x.path[-1]
    length = {"类": 3, "款": 5, "项": 7}[deepest[2]]
    found = []
    for code, label in labels.items():
        if len(code) != length or not _same(label, deepest[0]):
            continue
        parent = x.name("款")
        if length == 7 and parent and code[:5] in labels and not _same(labels[code[:5]], parent):
            continue
        found.append(code)
    return found[0] if len(found) == 1 else None
