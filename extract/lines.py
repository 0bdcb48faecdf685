"""The common form every reader produces: lines of positioned text fragments.

A text conversion gives one fragment per tab-separated field (its x is the field's index);
a PDF gives one fragment per run of characters printed close together (its x in points).
Everything after the readers works on these lines, whatever the source.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from budgetlod.extract.numbers import compact


@dataclass(frozen=True, eq=False)
class Fragment:
    """A piece of text and the horizontal extent it was printed in.

    Compared and hashed by identity: two pages may print the same text at the same place
    (a table going on over pages laid out alike), and each is still its own fragment.
    """

    text: str
    x0: float
    x1: float
    top: float = 0.0
    bottom: float = 0.0
    confidence: float | None = None  # recognised by OCR: the lowest of its glyphs' confidence

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Line:
    """One printed line: fragments left to right, and where it stands in the source."""

    fragments: list[Fragment]
    page: int | None = None  # 1-based PDF page; None for a text conversion
    lineno: int | None = None  # 1-based line of a text conversion
    top: float = 0.0
    bottom: float = 0.0
    heading: int = 0  # markdown heading level in a text conversion, 0 otherwise
    tabular: bool = False  # fields are columns by index (text form) rather than by geometry
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(f.text for f in self.fragments if f.text)

    @property
    def compact(self) -> str:
        return compact(self.text)

    def where(self) -> str:
        """Where the line is, for messages: `page 5` or `line 120`."""
        if self.page is not None:
            return f"page {self.page}"
        return f"line {self.lineno}"


def joined(parts: Iterable[str]) -> str:
    """A wrapped cell's lines as one text: nothing between lines of Chinese, a space where both
    sides are Latin letters or digits. Empty lines are skipped."""
    out = ""
    for p in parts:
        if p:
            out += (" " if out and out[-1].isascii() and p[0].isascii() else "") + p
    return out


def line_of(cells: list[tuple[str, str]], lineno: int) -> Line | None:
    """A row of (text, where it is) cells as a text conversion's line, for the readers of grids
    (workbooks, web pages): two or more filled cells make a tabular line, one fragment per column;
    one makes a plain line of it (a title, a unit, a note); none, no line. Each fragment keeps
    where it is in `extra["sources"]`."""
    while cells and not cells[-1][0]:
        cells = cells[:-1]
    filled = [(t, w) for t, w in cells if t]
    if not filled:
        return None
    n = float(lineno)
    if len(filled) >= 2:
        frags = [Fragment(t, float(i), float(i) + 1.0) for i, (t, _) in enumerate(cells)]
        return Line(
            frags, lineno=lineno, top=n, bottom=n, tabular=True, extra={"sources": [w for _, w in cells]}
        )
    text, where = filled[0]
    return Line(
        [Fragment(text, 0.0, 1.0)],
        lineno=lineno,
        top=n,
        bottom=n,
        extra={"sources": [where]} if where else {},
    )
