"""The nine standard tables of a disclosure and the many titles they are published under."""

from __future__ import annotations

import re

from budgetlod.extract.numbers import compact
from budgetlod.extract.settings import LAYOUT
from budgetlod.extract.vocabulary import TABLE_KINDS, TableKind

KINDS_BY_KEY = {k.key: k for k in TABLE_KINDS}

_YEAR_PREFIX = re.compile(r"^\d{4}年(度)?")
_NUMBERING = re.compile(r"^(\d+[.．、]|[（(]?[一二三四五六七八九十]+[)）、.．])")
_TOC_LEADER = re.compile(r"(\.{3,}|…{2,}|·{3,})")
_QUOTES = str.maketrans({"“": "", "”": "", '"': "", "〝": "", "〞": "", "‘": "", "’": "", "'": ""})
MAX_TITLE_LENGTH = LAYOUT.max_title_length


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
