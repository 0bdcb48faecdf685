"""A department's type (财政局, 商务委员会, 街道办事处 …), so peers in different cities are found together.

The type is the department's name without its region (上海市普陀区财政局 → 财政局, 邯郸市财政局 →
财政局): the name itself carries it, no list of departments is needed. Only kinds whose names carry
a place of their own (长征镇街道办事处, 某某镇人民政府, a school) are cut to their generic ending.
"""

from __future__ import annotations

#: Endings that follow a local place name rather than the region's; the longest match wins.
GENERIC_ENDINGS = (
    "街道办事处", "镇人民政府", "乡人民政府", "人民政府", "社区卫生服务中心", "卫生院",
    "中学", "小学", "幼儿园", "学校", "医院",
)  # fmt: skip


def department_type(department: str | None, region: str | None, region_names: list[str] = ()) -> str | None:  # type: ignore[assignment]
    """The type of `department`, or None when no region prefix can be taken off its name."""
    if not department:
        return None
    name = "".join(department.split())
    prefixes = sorted({"".join(p.split()) for p in [region or "", *region_names] if p}, key=len, reverse=True)
    rest = next((name[len(p) :] for p in prefixes if name.startswith(p) and len(name) > len(p)), None)
    if rest is None:
        return None
    for ending in sorted(GENERIC_ENDINGS, key=len, reverse=True):
        if rest.endswith(ending):
            return ending
    return rest
