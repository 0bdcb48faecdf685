"""Which table a printed title names: the kinds of every template, under their many titles."""

from __future__ import annotations

import re

from budgetlod.extract.numbers import compact
from budgetlod.extract.settings import LAYOUT
from budgetlod.extract.vocabulary import (
    LABEL_ON_TITLE,
    ORG_SUFFIXES,
    PART_HEADING,
    TABLE_KINDS,
    TABLE_SET_HEADING,
    TEMPLATES,
    TITLE_NUMBERING,
    TOC_LEADER,
    TableKind,
    Template,
)

KINDS_BY_KEY = {k.key: k for k in TABLE_KINDS}
NATIONAL = TEMPLATES[0]

_YEAR_PREFIX = re.compile(r"^\d{4}年(度)?")
_QUOTES = str.maketrans({"“": "", "”": "", '"': "", "〝": "", "〞": "", "‘": "", "’": "", "'": ""})
# `江苏省高级人民法院部门…表`: a department's name before the title proper
_ORG_END = re.compile(rf"(?:{ORG_SUFFIXES})(?=(?:部门|单位)?\S+表$)")
MAX_TITLE_LENGTH = LAYOUT.max_title_length
_PROSE = re.compile(r"[，。；：,;:]|见下表|见附表|如下表|下表$|本表")


def printed_title(text: str) -> str:
    """The title as printed, white space and the year prefix removed (`2025年部门…` -> `部门…`)."""
    t = TITLE_NUMBERING.sub("", LABEL_ON_TITLE.sub("", compact(text)))
    return _YEAR_PREFIX.sub("", t)


def _cores(title: str) -> list[str]:
    """The title, then what follows each place a department's name may end, each without its year."""
    return [_YEAR_PREFIX.sub("", c) for c in [title, *(title[m.end() :] for m in _ORG_END.finditer(title))]]


def title_core(text: str) -> str:
    """A title without numbering, year, department name or quotes: what names its kind."""
    t = printed_title(text).translate(_QUOTES)
    return next((c for c in _cores(t) if _kind_of(c)), t)


def _kind_of(key: str) -> TableKind | None:
    return next((kind for kind in TABLE_KINDS if kind.pattern.search(key)), None)


def _is_set_heading(title: str) -> bool:
    """`第二部分 …2017年度部门预算表`, `部门预算公开表`: the heading of the whole set of tables."""
    return any(TABLE_SET_HEADING.match(c) for c in _cores(PART_HEADING.sub("", title)))


def looks_like_title(text: str) -> bool:
    """A short line ending in 表 that is no TOC entry and no heading of the whole set of tables."""
    if TOC_LEADER.search(text):
        return False
    t = printed_title(text)
    if _PROSE.search(t):  # `具体内容见下表`, a sentence wrapped before its full stop
        return False
    return t.endswith("表") and 2 < len(t) <= MAX_TITLE_LENGTH and not _is_set_heading(t)


def classify_title(text: str) -> TableKind | None:
    """Which table a line names, or None (TOC entries and long sentences are not titles)."""
    if TOC_LEADER.search(text):
        return None
    t = printed_title(text)
    if not t.endswith("表") or len(t) > MAX_TITLE_LENGTH:
        return None
    return _kind_of(title_core(t))


def template_of(found: set[str]) -> Template:
    """The template whose tables a document prints most of (the national one on a tie)."""
    return max(TEMPLATES, key=lambda t: (len(found & set(t.kinds)), -TEMPLATES.index(t)))
