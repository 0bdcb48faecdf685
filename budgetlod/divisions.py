"""Administrative divisions (GB/T 2260): the printed region of a document as a chain of codes.

The codes come from the npm package `gb-t-2260` 1.0.0 (github.com/medz/gb-t-2260, MIT, published
2026-05-15; 3,219 county-level-and-above divisions, compiled from the lists of 国家统计局 and
民政部), shipped unchanged as `ontology/gb-t-2260.json`. A code's parents follow from its digits:
province `XX0000`, prefecture `XXXX00` (municipalities such as 上海市 list their districts directly
under the province).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files

SOURCE = "https://www.npmjs.com/package/gb-t-2260/v/1.0.0"
SOURCE_NOTE = "GB/T 2260 codes from npm gb-t-2260 1.0.0 (medz/gb-t-2260, MIT, 2026-05-15)"


@lru_cache(maxsize=1)
def codes() -> dict[str, str]:
    text = files("budgetlod.ontology").joinpath("gb-t-2260.json").read_text(encoding="utf-8")
    return json.loads(text)


def parent(code: str) -> str | None:
    """The next division up that the list holds, or None for a province."""
    table = codes()
    for candidate in (code[:4] + "00", code[:2] + "0000"):
        if candidate != code and candidate in table:
            return candidate
    return None


def chain(code: str) -> list[tuple[str, str]]:
    """(code, name) from the province down to `code`."""
    out: list[tuple[str, str]] = []
    current: str | None = code
    while current:
        out.append((current, codes()[current]))
        current = parent(current)
    return out[::-1]


def _level(code: str) -> int:
    return 1 if code.endswith("0000") else 2 if code.endswith("00") else 3


def resolve(printed: str) -> str | None:
    """The code of a printed region (`邯郸市`, `上海市普陀区`, `河北省邯郸市`), or None when the text
    names no division or more than one (`普陀区` alone: 上海 and 舟山 both have one) — never a guess."""
    text = "".join(printed.split())
    found: str | None = None
    for level in (1, 2, 3):
        if not text:
            break
        under = found[: 2 if _level(found) == 1 else 4] if found else ""
        matches = [
            (c, n) for c, n in codes().items()
            if _level(c) == level and c.startswith(under) and text.startswith(n)
        ]  # fmt: skip
        if not matches:
            continue
        longest = max(len(n) for _, n in matches)
        best = [c for c, n in matches if len(n) == longest]
        if len(best) > 1:
            return None
        found, text = best[0], text[longest:]
    return found if found and not text else None
