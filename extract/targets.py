"""Performance target values (指标值): comparator, number and unit, the printed text kept.

`≥95%`, `95%以上`, `不少于15个`, `大于等于 95%`, `小于等于1.2%`, `200 万元`, `24 小时`, `94 分及以上`;
a value that is only words (`免费刻制印章及时完成`) has no number and stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budgetlod.extract.numbers import compact

# comparators, from symbols or words before or after the number; longest words first
_BEFORE = (
    ("大于等于", ">="), ("不少于", ">="), ("不低于", ">="), ("至少", ">="), ("≥", ">="), (">=", ">="),
    ("小于等于", "<="), ("不超过", "<="), ("不高于", "<="), ("不多于", "<="), ("至多", "<="), ("≤", "<="),
    ("<=", "<="), ("大于", ">"), ("高于", ">"), ("超过", ">"), (">", ">"), ("小于", "<"), ("低于", "<"),
    ("<", "<"), ("等于", "="), ("=", "="), ("达到", ">="),
)  # fmt: skip
_AFTER = (("及以上", ">="), ("以上", ">="), ("及以下", "<="), ("以下", "<="), ("以内", "<="), ("内", "<="))
UNITS = (
    "%",
    "万元",
    "元",
    "分",
    "次",
    "个",
    "项",
    "小时",
    "天",
    "日",
    "月",
    "年",
    "位",
    "人",
    "件",
    "台",
    "套",
    "家",
    "平方米",
    "名",
)
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class TargetValue:
    printed: str
    comparator: str | None = None  # ">=", "<=", ">", "<", "=" or None (a qualitative target)
    number: Decimal | None = None
    unit: str | None = None


def parse_target(text: str) -> TargetValue:
    """Parse a printed target value. Never raises: what is not a number stays text."""
    printed = text.strip()
    t = compact(printed).replace("％", "%").replace("（", "(").replace("）", ")")
    m = _NUMBER.search(t)
    if not m:
        return TargetValue(printed)
    before, after = t[: m.start()], t[m.end() :]
    unit = next((u for u in sorted(UNITS, key=len, reverse=True) if after.startswith(u)), None)
    rest = after[len(unit) :] if unit else after
    comparator = next((op for word, op in _BEFORE if before.endswith(word)), None)
    if comparator is None:
        comparator = next((op for word, op in _AFTER if rest.startswith(word)), None)
    # words around the number that are neither a comparator nor a unit: a sentence, not a value
    if before and comparator is None and not before.endswith(("(", "约")):
        return TargetValue(printed)
    return TargetValue(printed, comparator or "=", Decimal(m.group(1)), unit)
