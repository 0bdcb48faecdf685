"""List marks of a scanned table's labels (`一、` … `十三、`) that the recognition lost or misread.

A table's item labels are numbered in sequence down their column: `一、一般公共预算拨款收入`,
`二、政府性基金预算拨款收入`, … The recognition engine drops the `、` (`二政府性基金…`), reads
`一、` as one glyph (`T一般…`), `十` as `+` (`+七、…`) or the mark after its label
(`农林水支出十三`). Such a label is read as printed only where its column's own marks say which
number belongs there: the marked labels before and after it are one less and one more (so
`三公经费` is never taken for `三、公经费`: its column would have to skip exactly a 三 there).
Every label so read is reported, to be checked against the scan.
"""

from __future__ import annotations

import dataclasses
import re

from budgetlod.extract.model import Cell, Table

_DIGITS = "一二三四五六七八九"
_MARKED = re.compile(r"^([一二三四五六七八九十]{1,3})、")
_NUMERAL = set(_DIGITS + "十")
_DOTS = ".。，,·"  # what a lost 、 is read as, if anything


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
    if text[:1] == "T" and want == "一" and _cjk(text[1:2]):  # 一、 read as one glyph
        return f"一、{text[1:]}"
    if text[:1] == "+" and want.startswith("十"):  # 十 read as a plus sign
        text = "十" + text[1:]
        if text.startswith(want + "、"):
            return text
    head, tail = text[len(want) : len(want) + 1], text[: -len(want)][-1:]
    if text.startswith(want) and (_cjk(head) or head in _DOTS) and head not in _NUMERAL:
        return f"{want}、{text[len(want) :].lstrip(_DOTS)}"  # the 、 dropped or read as a dot
    if text.endswith(want) and len(text) > len(want) and _cjk(tail) and tail not in _NUMERAL:
        return f"{want}、{text[: -len(want)]}"  # the mark read after its label
    return None


def _cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def relist(table: Table, label_columns: set[int]) -> list[tuple[Cell, Cell]]:
    """Put back the list marks of `table`'s labels whose neighbours in their column name them;
    returns (as read, as restored) for each label changed."""
    changed = []
    for index in sorted(label_columns):
        found = [(row, cell) for row in table.rows if (cell := row.cell(index)) is not None and cell.text]
        numbers = [mark_number(cell.text) for _, cell in found]
        progress = True
        while progress:  # a label put back names the number of the one before it (`T一般…`, `二外交…`)
            progress = False
            for k, (row, cell) in enumerate(found):
                if numbers[k] is not None:
                    continue
                before = next((n for n in reversed(numbers[:k]) if n is not None), None)
                after = next((n for n in numbers[k + 1 :] if n is not None), None)
                n = before + 1 if before is not None else (after - 1 if after is not None else 0)
                if n < 1 or (after is not None and after != n + 1):
                    continue
                fixed = restored(cell.text, n)
                if fixed is None:
                    continue
                new = dataclasses.replace(cell, text=fixed)
                row.cells[row.cells.index(cell)] = new
                found[k], numbers[k], progress = (row, new), n, True
                changed.append((cell, new))
    return changed
