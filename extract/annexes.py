"""The procurement table (政府采购预算) and the fixed-asset table (固定资产占用情况), from text conversions.

Both are found by title; their columns by header names, so that a document printing them in
another order still reads. Figures stay Decimal with their printed text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlod.extract.lines import Line
from budgetlod.extract.numbers import Amount, compact, parse_amount
from budgetlod.extract.units import find_unit

_CATALOG = re.compile(r"^\[([A-Z][0-9A-Z]*)\](.*)$")
_DATE = re.compile(r"(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})")


@dataclass
class ProcurementRow:
    """A procurement item, or a 合计 / 小计 row (then `item` is empty and `label` names it)."""

    label: str  # 项目名称 as printed (or 合计 / …小计)
    project_budget: Amount | None
    item: str
    catalog_code: str | None
    catalog_name: str | None
    unit: str
    quantity: Amount | None
    unit_price: Amount | None
    amount: Amount | None
    funding: dict[str, Amount] = field(default_factory=dict)
    sme: Amount | None = None
    lineno: int | None = None

    @property
    def is_total(self) -> bool:
        return not self.item and (self.label.endswith("合计") or self.label.endswith("小计"))


@dataclass
class Procurement:
    unit: str = "万元"
    rows: list[ProcurementRow] = field(default_factory=list)

    @property
    def items(self) -> list[ProcurementRow]:
        return [r for r in self.rows if not r.is_total]


@dataclass(frozen=True)
class AssetRow:
    category: str
    count: Amount | None
    value: Amount | None
    level: int  # 0 the total, 1 a category (1、…), 2 a part of one (其中：…)
    lineno: int | None = None


@dataclass
class Assets:
    as_of: str | None = None  # ISO date
    unit: str = "万元"
    rows: list[AssetRow] = field(default_factory=list)


def _section(lines: list[Line], title_words: tuple[str, ...]) -> list[Line]:
    """The lines after a heading containing all `title_words`, up to the next top-level section."""
    out: list[Line] = []
    inside = False
    for line in lines:
        if line.heading:
            t = compact(line.text)
            if all(w in t for w in title_words):
                inside = True
                continue
            if inside and line.heading <= 2 and re.match(r"^[一二三四五六七八九十]+、", t):
                break
        if inside:
            out.append(line)
    return out


def _index(header: list[str], *names: str) -> int | None:
    for name in names:
        for i, h in enumerate(header):
            if name in compact(h):
                return i
    return None


def read_procurement(lines: list[Line]) -> Procurement | None:
    """The 政府采购预算 table of a text conversion, or None when there is none."""
    body = _section(lines, ("政府采购预算",))
    table = Procurement()
    top: list[str] | None = None
    cols: dict[str, int | None] = {}
    funding: list[tuple[int, str]] = []
    for line in body:
        if not line.tabular:
            table.unit = find_unit(line.text) or table.unit
            continue
        fields = [f.text for f in line.fragments]
        if _index(fields, "采购物品名称") is not None:
            top = fields
            continue
        if top is not None and _index(fields, "项目名称") is not None:
            cols = {
                "label": _index(fields, "项目名称"),
                "budget": _index(fields, "预算资金"),
                "item": _index(top, "采购物品名称"),
                "catalog": _index(top, "目录"),
                "unit": _index(top, "计量单位"),
                "quantity": _index(top, "数量"),
                "price": _index(top, "单价"),
                "amount": _index(top, "政府采购金额"),
            }
            first = cols["amount"] or 0
            names = [compact(f) for f in fields if compact(f)]
            sources = names[names.index("合计") + 1 :] if "合计" in names else []
            # the rows run on from the amount: its funding sources, then the SME share (header
            # cells of those columns sit one off on some pages, so positions come from the count)
            funding = [(first + 1 + k, name) for k, name in enumerate(sources)]
            cols["sme"] = first + 1 + len(sources) if _index(top, "中小") is not None else None
            continue
        if not cols:
            continue

        def at(key: str, fields: list[str] = fields, cols: dict[str, int | None] = cols) -> str:
            i = cols.get(key)
            return fields[i].strip() if i is not None and i < len(fields) else ""

        label = compact(at("label"))
        if not label and not at("item"):
            continue
        m = _CATALOG.match(compact(at("catalog")))
        table.rows.append(
            ProcurementRow(
                label=label,
                project_budget=parse_amount(at("budget")),
                item=at("item"),
                catalog_code=m.group(1) if m else None,
                catalog_name=m.group(2) if m else (compact(at("catalog")) or None),
                unit=at("unit"),
                quantity=parse_amount(at("quantity")),
                unit_price=parse_amount(at("price")),
                amount=parse_amount(at("amount")),
                funding={
                    name: a
                    for i, name in funding
                    if i < len(fields) and (a := parse_amount(fields[i])) is not None
                },
                sme=parse_amount(at("sme")),
                lineno=line.lineno,
            )
        )
    return table if table.rows else None


def read_assets(lines: list[Line]) -> Assets | None:
    """The fixed-asset table (资产占用情况表) of a text conversion, or None when there is none."""
    body = _section(lines, ("资产", "情况表"))
    assets = Assets()
    started = False
    for line in body:
        if not line.tabular:
            m = _DATE.search(line.text)
            if "截止" in line.text and m:
                assets.as_of = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            continue
        fields = [f.text.strip() for f in line.fragments]
        if not started:
            started = "数量" in compact("".join(fields))
            assets.unit = find_unit("单位：" + "".join(fields).split("单位：")[-1]) or assets.unit
            continue
        if len(fields) < 3 or not fields[0]:
            break
        name = compact(fields[0])
        level = 0 if "总" in name and not re.match(r"^\d", name) else 2 if name.startswith("其中") else 1
        assets.rows.append(
            AssetRow(name, parse_amount(fields[1]), parse_amount(fields[2]), level, line.lineno)
        )
    return assets if assets.rows else None
