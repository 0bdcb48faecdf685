"""What the narrative claims beside its figures: changes from last year, reasons, the years it names.

- a change: `政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元` — an amount, the year it is
  compared with, the direction and the size of the change (in money, and as a percentage where printed);
- a reason: whatever follows `主要原因是`, empty when the document printed none (`主要原因是。`);
- a year named in a comparison (`比2024年预算`, `2025年当年预算执行数`, `与2023年度相比`).

Each keeps its sentence and page; shapes/claims.ttl checks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlod.extract.lines import Line
from budgetlod.extract.narrative import SENTENCE, line_at, passages

_NUM = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
_CHANGE = re.compile(
    _NUM
    + r"(万元|元)[，,]?(?:(?:比|较)(\d{4})年[^，。；\d]{0,12}?)(增加|减少|增长|下降|上升|降低)"
    + _NUM
    + r"(万元|元)"
    r"(?:[，,](?:增长|下降|增加|减少|上升|降低)" + _NUM + "%)?"
)
_REASON = re.compile(r"主要原因(?:是|为)?[:：]?")
# a reason left empty: the words stop at once (`主要原因是。`, `主要原因是；`)
_EMPTY = re.compile(r"^[。；;，,]")
YEAR_WORDS = re.compile(
    r"(?:(?:比|较|与|同)(\d{4})年)|(?:(\d{4})年(?:当年)?预算执行数)|(?:(\d{4})年预算安排)"
)


@dataclass(frozen=True)
class ChangeClaim:
    amount: str  # as printed, separators dropped
    unit: str
    year: int
    direction: str
    change: str
    change_unit: str
    percent: str | None
    sentence: str
    page: int | None = None
    lineno: int | None = None


@dataclass(frozen=True)
class Reason:
    text: str  # empty when the document printed no reason
    sentence: str
    page: int | None = None
    lineno: int | None = None


@dataclass(frozen=True)
class YearWord:
    year: int
    words: str  # the words as printed (`比2024年`)
    sentence: str
    page: int | None = None
    lineno: int | None = None


@dataclass
class Claims:
    changes: list[ChangeClaim]
    reasons: list[Reason]
    years: list[YearWord]


def _at(starts: list[tuple[int, Line]], offset: int) -> tuple[int | None, int | None]:
    """The page and line of the printed line that holds a passage's character `offset`."""
    line = line_at(starts, offset)
    return line.page, line.lineno


def read_claims(lines: list[Line]) -> Claims:
    """The changes, reasons and compared years stated in the narrative, each once per sentence."""
    claims = Claims([], [], [])
    seen: set[tuple[str, str]] = set()
    for text, starts in passages(lines):
        for sm in SENTENCE.finditer(text):
            s = sm.group()
            if not s.strip():
                continue

            for m in _CHANGE.finditer(s):
                if ("change", s + m.group()) in seen:
                    continue  # a page printed twice
                seen.add(("change", s + m.group()))
                claims.changes.append(
                    ChangeClaim(
                        m.group(1).replace(",", ""),
                        m.group(2),
                        int(m.group(3)),
                        m.group(4),
                        m.group(5).replace(",", ""),
                        m.group(6),
                        m.group(7),
                        s.strip(),
                        *_at(starts, sm.start() + m.start()),
                    )
                )
            for m in _REASON.finditer(s):
                rest = s[m.end() :] or text[sm.end() : sm.end() + 1]
                if not rest:
                    continue  # the words go on past what we read (a page break): not known empty
                reason = "" if _EMPTY.match(rest) else re.split(r"[。；;]", rest)[0]
                if ("reason", s + str(m.start())) not in seen:
                    seen.add(("reason", s + str(m.start())))
                    claims.reasons.append(Reason(reason, s.strip(), *_at(starts, sm.start() + m.start())))
            for m in YEAR_WORDS.finditer(s):
                if ("year", s + str(m.start())) in seen:
                    continue
                seen.add(("year", s + str(m.start())))
                year = int(next(g for g in m.groups() if g))
                claims.years.append(
                    YearWord(year, m.group(), s.strip(), *_at(starts, sm.start() + m.start()))
                )
    return claims
