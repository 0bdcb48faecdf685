"""The Handan disclosure in the other forms departments publish: a workbook (.xlsx, .xls) and a web
page, made from its text conversion as a portal or an office program would make them.

Workbook: the narrative on a sheet of its own; each table on a sheet named after it, its title in a
merged cell across the table, its spanning headers merged, figures stored as numbers under a number
format that prints them as the document does (`0.00`: 5754.7 prints 5754.70); the last two tables
share one sheet. Web page: the portal's menu (which names the tables), breadcrumbs and footer around
the disclosure; paragraphs, headings and `<table>`s with `colspan` / `rowspan` headers.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

FIGURE = re.compile(r"-?\d+\.(\d+)")
WHOLE = re.compile(r"\d{1,6}")
_TAG = re.compile(r"</?(?:b|p|strong|em|i|span|br)\b[^<>]*>", re.IGNORECASE)


@dataclass
class Block:
    kind: str  # title, para, table
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def read_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for raw in text.splitlines():
        raw = _TAG.sub("", raw).replace("**", "")
        if not raw.strip():
            continue
        if "\t" in raw:
            fields = [html.unescape(f).strip() for f in raw.split("\t")]
            if not blocks or blocks[-1].kind != "table":
                blocks.append(Block("table"))
            blocks[-1].rows.append(fields)
        elif raw.startswith("#"):
            blocks.append(Block("title", raw.lstrip("#").strip()))
        else:
            blocks.append(Block("para", html.unescape(raw).strip()))
    return blocks


def header_count(rows: list[list[str]]) -> int:
    """Rows above the first 栏次 row or the first data row (序号 1)."""
    for i, row in enumerate(rows):
        first = row[0].strip() if row else ""
        if first in ("栏次", "1") or (i and first.isdigit()):
            return i
    return 0


def spans(rows: list[list[str]], heads: int) -> list[tuple[int, int, int, int]]:
    """(row, col, rowspan, colspan) of each header cell that spans the empty cells after / below it."""
    width = max(len(r) for r in rows)
    grid = [r + [""] * (width - len(r)) for r in rows[:heads]]
    out = []
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if not text or (r, c) in covered:
                continue
            cs = 1
            while (
                c + cs < width
                and not row[c + cs]
                and (r, c + cs) not in covered
                and (r + 1 < heads and grid[r + 1][c + cs])
            ):
                cs += 1
            rs = 1
            while r + rs < heads and all(not grid[r + rs][c + k] for k in range(cs)):
                rs += 1
            for dr in range(rs):
                for dc in range(cs):
                    covered.add((r + dr, c + dc))
            if rs > 1 or cs > 1:
                out.append((r, c, rs, cs))
    return out


def write_workbook(source: Path, target: Path) -> Path:
    """The document as a workbook: .xlsx by openpyxl, .xls by xlwt, by the target's suffix."""
    blocks = read_blocks(source.read_text(encoding="utf-8"))
    sheets: list[tuple[str, list[Block]]] = [("说明", [])]
    tables = sum(1 for b in blocks if b.kind == "table")
    seen = 0
    for b in blocks:
        if b.kind == "title" and "表" in b.text and len(b.text) < 40 and seen < tables:
            if seen < tables - 1:  # the last two tables share a sheet
                sheets.append((f"{len(sheets)}.{b.text[:24]}", []))
        if b.kind == "table":
            seen += 1
        sheets[-1][1].append(b)
    if target.suffix == ".xls":
        return _xls(sheets, target)
    return _xlsx(sheets, target)


def _value(text: str) -> tuple[object, str | None]:
    """A figure as a number with the format that prints it as the document does; else the text."""
    m = FIGURE.fullmatch(text)
    if m:
        return float(text), "0." + "0" * len(m.group(1))
    if WHOLE.fullmatch(text) and not (len(text) > 1 and text.startswith("0")):
        return int(text), None
    return text, None


def _layout(blocks: list[Block]) -> list[tuple[int, list[str], list[tuple[int, int, int, int]], bool]]:
    """Per sheet row: (first row of its block, cells, merges, is a title spanning the table)."""
    out: list[tuple[int, list[str], list[tuple[int, int, int, int]], bool]] = []
    for i, b in enumerate(blocks):
        if b.kind != "table":
            nxt = next((x for x in blocks[i + 1 :] if x.kind == "table"), None)
            out.append((len(out), [b.text], [], b.kind == "title" and nxt is not None))
            continue
        heads = header_count(b.rows)
        start = len(out)
        merges = [(start + r, c, rs, cs) for r, c, rs, cs in spans(b.rows, heads)]
        for j, row in enumerate(b.rows):
            out.append((start, row, merges if j == 0 else [], False))
    return out


def _xlsx(sheets: list[tuple[str, list[Block]]], target: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name, blocks in sheets:
        ws = wb.create_sheet(name[:31])
        width = max([len(r) for b in blocks for r in b.rows] + [1])
        for r, (_, cells, merges, spanning) in enumerate(_layout(blocks), start=1):
            for c, text in enumerate(cells, start=1):
                if text:
                    value, fmt = _value(text)
                    cell = ws.cell(row=r, column=c, value=value)
                    if fmt:
                        cell.number_format = fmt
            if spanning and width > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            for mr, mc, rs, cs in merges:
                ws.merge_cells(start_row=mr + 1, start_column=mc + 1, end_row=mr + rs, end_column=mc + cs)
    wb.save(target)
    return target


def _xls(sheets: list[tuple[str, list[Block]]], target: Path) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    styles: dict[str | None, xlwt.XFStyle] = {}
    for name, blocks in sheets:
        ws = wb.add_sheet(name[:31])
        width = max([len(r) for b in blocks for r in b.rows] + [1])
        merged: set[tuple[int, int]] = set()
        for r, (_, cells, merges, spanning) in enumerate(_layout(blocks)):
            for mr, mc, rs, cs in merges:
                ws.write_merge(mr, mr + rs - 1, mc, mc + cs - 1, cells[mc] if mr == r else "")
                merged |= {(mr + a, mc + b) for a in range(rs) for b in range(cs)}
            if spanning and width > 1:
                ws.write_merge(r, r, 0, width - 1, cells[0])
                continue
            for c, text in enumerate(cells):
                if text and (r, c) not in merged:
                    value, fmt = _value(text)
                    if fmt not in styles:
                        style = xlwt.XFStyle()
                        style.num_format_str = fmt or "General"
                        styles[fmt] = style
                    ws.write(r, c, value, styles[fmt])
    wb.save(str(target))
    return target


def write_web_page(source: Path, target: Path) -> Path:
    """The document as a portal's web page (UTF-8), tables with colspan / rowspan headers."""
    blocks = read_blocks(source.read_text(encoding="utf-8"))
    titles = [b.text for b in blocks if b.kind == "title" and "表" in b.text][:9]
    menu = "".join(f'<li><a href="#t{i}">{html.escape(t)}</a></li>' for i, t in enumerate(titles))
    body: list[str] = []
    for b in blocks:
        if b.kind == "title":
            body.append(f"<h3>{html.escape(b.text)}</h3>")
        elif b.kind == "para":
            body.append(f"<p>{html.escape(b.text)}</p>")
        else:
            body.append(_table(b.rows))
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>部门预算公开</title>
<script>var menu = "部门预算支出总表\\t1\\t2";</script><style>td {{ border: 1px solid }}</style></head>
<body>
<div class="header">邯郸市人民政府 — 政府信息公开</div>
<div class="nav-menu"><ul>{menu}</ul></div>
<div class="breadcrumb">首页 &gt; 财政预决算 &gt; 部门预算</div>
<div class="article"><table width="100%"><tr><td>
{"".join(body)}
</td></tr></table></div>
<footer>主办：邯郸市人民政府办公室 版权所有 2023 部门预算支出总表 1 2 3</footer>
</body></html>
"""
    target.write_text(page, encoding="utf-8")
    return target


def _table(rows: list[list[str]]) -> str:
    heads = header_count(rows)
    width = max(len(r) for r in rows)
    grid = [r + [""] * (width - len(r)) for r in rows]
    covered: dict[tuple[int, int], tuple[int, int] | None] = {}
    for r, c, rs, cs in spans(rows, heads):
        for dr in range(rs):
            for dc in range(cs):
                covered[(r + dr, c + dc)] = (rs, cs) if (dr, dc) == (0, 0) else None
    out = ['<table border="1" cellspacing="0">']
    for r, row in enumerate(grid):
        tag = "th" if r < heads else "td"
        cells = []
        for c, text in enumerate(row):
            span = covered.get((r, c), (1, 1))
            if span is None:
                continue
            rs, cs = span
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            cells.append(f"<{tag}{attrs}>{html.escape(text)}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)
