"""List marks of a scanned table's labels (`一、` … `十三、`) that the recognition lost or misread.

A table's item labels are numbered in sequence down their column: `一、一般公共预算拨款收入`,
`二、政府性基金预算拨款收入`, … The recognition engine drops the `、` (`二政府性基金…`), reads
`一、` as one glyph (`T一般…`), `十` as `+` (`+七、…`) or the mark after its label
(`农林水支出十三`). Such a label is read as printed only where its column's own marks say which
number belongs there (`_expected`: between `二、` and `四、` only one label can be 三; `三公经费`
between `三、` and `四、` is no item), or where three labels in turn begin 一, 二, 三 with the traces
of lost marks. Every label so read is reported, to be checked against the scan.
"""

from __future__ import annotations

import dataclasses
import re

from budgetlod.extract.model import Cell, Table

_DIGITS = "一二三四五六七八九"
_MARKED = re.compile(r"^([一二三四五六七八九十]{1,3})、")
_NUMERAL = set(_DIGITS + "十")
_GAPS = ".。，,· \u3000"  # what a lost 、 is read as, if anything
#: Labels that begin 一, 二, 三 … one after another, with no mark in their column to go by: a list
#: whose marks were all lost, from this many on (two could be chance: 一般…, 二手…).
UNMARKED_RUN = 3


def chinese_number(text: str) -> int | None:
    """一 … 九十九 as a number; None for anything else."""
    if not text or any(ch not in _NUMERAL for ch in text) or text.count("十") > 1:
        return None
    if "十" not in text:
        return _DIGITS.index(text) + 1 if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    return (_DIGITS.index(tens) + 1 if tens else 1) * 10 + (_DIGITS.index(units) + 1 if units else 0)


def numeral(n: int) -> str:
    """1 … 99 in Chinese numerals, as list marks print them (十, 十一, 二十, 二十一)."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens - 1] + "十")
    return head + (_DIGITS[units - 1] if units else "")


def mark_number(text: str) -> int | None:
    """The number of a label's list mark as printed (`十三、农林水支出` → 13)."""
    m = _MARKED.match(text)
    return chinese_number(m.group(1)) if m else None


def restored(text: str, n: int) -> str | None:
    """`text` with the list mark of number `n` put back, where the recognition shows its traces."""
    want = numeral(n)
    if text[:1] == "T" and want == "一" and _cjk(text[1:].lstrip()[:1]):  # 一、 read as one glyph
        return f"一、{text[1:].lstrip()}"
    if text[:1] == "+" and want.startswith("十"):  # 十 read as a plus sign
        text = "十" + text[1:]
        if text.startswith(want + "、"):
            return text
    head, tail = text[len(want) : len(want) + 1], text[: -len(want)][-1:]
    if text.startswith(want) and head and (_cjk(head) or head in _GAPS) and head not in _NUMERAL:
        return f"{want}、{text[len(want) :].lstrip(_GAPS)}"  # the 、 dropped, or read as a dot or a gap
    if text.endswith(want) and len(text) > len(want) and _cjk(tail) and tail not in _NUMERAL:
        return f"{want}、{text[: -len(want)]}"  # the mark read after its label
    return None


def _traced(text: str, n: int) -> bool:
    """A lost mark's trace: `T` or `+` for its numeral, a dot or a gap where its 、 was."""
    after = text[len(numeral(n)) : len(numeral(n)) + 1]
    return (bool(text) and text[0] in "T+") or (bool(after) and after in _GAPS)


def _words(text: str) -> bool:
    return any(_cjk(ch) for ch in text)


def _cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def _expected(texts: list[str], numbers: list[int | None]) -> list[int | None]:
    """The number each unmarked label must carry if it is a list item. A column may hold several
    lists (each marked 一 starts one). Within a list, the labels between two marked ones numbered b
    and a are items b+1 … a-1 when there are exactly that many of them (the same above its first
    mark, counting from 一); the labels after its last mark are b+1, b+2 … while they bear the
    number. A list with no mark left at all is taken only from UNMARKED_RUN labels on, traced."""
    out: list[int | None] = [None] * len(numbers)
    starts = sorted({0} | {k for k, n in enumerate(numbers) if n == 1})
    for start, end in zip(starts, [*starts[1:], len(numbers)], strict=True):
        marked = [k for k in range(start, end) if numbers[k] is not None]
        if not marked:
            run = next(
                (m for m in range(end - start) if restored(texts[start + m], m + 1) is None), end - start
            )
            traced = any(_traced(texts[start + m], m + 1) for m in range(run))
            if run >= UNMARKED_RUN and traced:
                for m in range(run):
                    out[start + m] = m + 1
            continue
        for i, j in zip([start - 1, *marked], marked, strict=False):
            b = numbers[i] if i >= start else 0
            a = numbers[j]
            assert a is not None and b is not None
            if a - b - 1 == j - i - 1:
                for m in range(1, j - i):
                    out[i + m] = b + m
        last = marked[-1]
        n = numbers[last]
        assert n is not None
        for k in range(last + 1, end):
            n += 1
            if restored(texts[k], n) is None:
                break
            out[k] = n
    return out


def _unglued(text: str, row_number: int) -> str:
    """A label with its row's 序号 read into it, among its words (`4四、财政专户…` in row 4, `合1计`
    in row 1, `一2、因公…` in row 2): taken out."""
    digits = str(row_number)
    at = text.find(digits)
    if at < 0 or text.count(digits) != 1:
        return text
    before, after = text[at - 1 : at], text[at + len(digits) : at + len(digits) + 1]
    if (before == "" or (_cjk(before) and before != "第")) and (_cjk(after) or after == "、"):
        return text[:at] + text[at + len(digits) :]
    return text


def relist(table: Table, label_columns: set[int]) -> list[tuple[Cell, Cell]]:
    """Put back the list marks of `table`'s labels whose neighbours in their column name them;
    returns (as read, as restored) for each label changed."""
    changed = []
    for index in sorted(label_columns):
        # labels only: a 序号 read into the label column (`5`) is no item of a list
        found = [
            (row, cell) for row in table.rows if (cell := row.cell(index)) is not None and _words(cell.text)
        ]
        texts = [_unglued(cell.text, row.number) for row, cell in found]
        numbers = [mark_number(t) for t in texts]
        for k, n in enumerate(_expected(texts, numbers)):
            row, cell = found[k]
            text = (restored(texts[k], n) if n is not None and numbers[k] is None else None) or texts[k]
            if text != cell.text:
                new = dataclasses.replace(cell, text=text)
                row.cells[row.cells.index(cell)] = new
                changed.append((cell, new))
    return changed
