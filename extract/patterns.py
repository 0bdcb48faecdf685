"""Named pattern tables: the first pattern that matches a text names it."""

from __future__ import annotations

import re

PatternTable = tuple[tuple[str, re.Pattern[str]], ...]


def pattern_table(*pairs: tuple[str, str]) -> PatternTable:
    """Compile (name, regex) pairs, kept in order: specific names go first."""
    return tuple((name, re.compile(regex)) for name, regex in pairs)


def first_match(table: PatternTable, text: str) -> str | None:
    """The name of the first pattern found in `text`, or None."""
    return next((name for name, pattern in table if pattern.search(text)), None)
