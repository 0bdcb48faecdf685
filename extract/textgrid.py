"""Tables of a text conversion: columns are tab positions, so no geometry is needed."""

from __future__ import annotations

from budgetlod.extract.catalog import printed_title
from budgetlod.extract.lines import Line
from budgetlod.extract.model import Cell, Column, Row, Table
from budgetlod.extract.numbers import compact, is_digits, parse_row_number
from budgetlod.extract.segment import (
    Region,
    declares_empty,
    has_figures,
    is_column_number_row,
    is_figure,
    is_footer,
    is_metadata,
    is_note,
)
from budgetlod.extract.units import find_unit


def _amounts(line: Line) -> bool:
    """True when the line prints an amount with decimals or separators (never a header's)."""
    return any(is_figure(f.text) and ("." in f.text or "," in f.text) for f in line.fragments if f.text)


def _fields(line: Line) -> list[str]:
    return [f.text for f in line.fragments]


def header_paths(header_rows: list[list[str]], width: int) -> list[tuple[str, ...]]:
    """The header of each column, top to bottom.

    A spanning header cell is printed once, followed by empty cells; a column below it takes
    it as its group when the header row under it has text at both places.
    """
    grid = [row + [""] * (width - len(row)) for row in header_rows]
    paths: list[tuple[str, ...]] = []
    for j in range(width):
        path: list[str] = []
        for r, row in enumerate(grid):
            if row[j]:
                path.append(row[j])
                continue
            k = j
            while k > 0 and not row[k]:
                k -= 1
            below = grid[r + 1 :]
            if k < j and row[k] and any(b[j] and b[k] for b in below):
                path.append(row[k])
        paths.append(tuple(" ".join(p.split()) for p in path))
    return paths


def build_columns(header_rows: list[list[str]], numbers: list[str] | None, width: int) -> list[Column]:
    paths = header_paths(header_rows, width)
    first = compact(paths[0][0]) if paths and paths[0] else ""
    has_row_number = first == "序号" or bool(numbers and compact(numbers[0]) in ("栏次", "档次"))
    columns: list[Column] = []
    position = 0
    for j in range(width):
        is_rn = has_row_number and j == 0
        printed_number = None
        if numbers and j < len(numbers) and is_digits(compact(numbers[j])):
            printed_number = int(compact(numbers[j]))
        if not is_rn:
            position += 1
        columns.append(
            Column(
                index=j,
                number=printed_number if printed_number is not None else (0 if is_rn else position),
                number_printed=printed_number is not None,
                header=paths[j],
                is_row_number=is_rn,
            )
        )
    return columns


def region_to_table(region: Region) -> Table:
    """Read one table region of a text conversion."""
    table = Table(region.kind, printed_title(region.title_line.text), columns=[])
    table.first_line = region.title_line.lineno
    header_rows: list[list[str]] = []
    numbers: list[str] | None = None
    data: list[Line] = []
    in_data = False
    for line in region.lines:
        if line.heading:
            break  # the next section of the document
        if not line.tabular:
            if is_note(line) or ((in_data or numbers is not None) and declares_empty(line.text)):
                table.notes.append(line.text)
                table.declared_empty = table.declared_empty or declares_empty(line.text)
            elif is_metadata(line):
                table.unit = table.unit or find_unit(line.text)
            elif not is_footer(line) and in_data:
                break  # prose after the table
            continue
        fields = _fields(line)
        if is_column_number_row(line):
            if numbers is None:
                numbers = fields
            in_data = True
            continue
        first = compact(fields[0]) if fields else ""
        # a row of amounts is data even with no 序号 and no 栏次 row above it (a workbook's 合计 row)
        if parse_row_number(first) is not None or (in_data and has_figures(line)) or _amounts(line):
            in_data = True
            data.append(line)
        elif not in_data and not data:
            header_rows.append(fields)
        elif first == "序号":
            in_data = False  # a repeated page header: skip until rows resume
        elif data and numbers is None and not first and has_figures(line):
            data.append(line)
    width = max([len(r) for r in header_rows] + [len(_fields(d)) for d in data] + [len(numbers or [])] + [0])
    table.columns = build_columns(header_rows, numbers, width)
    for position, line in enumerate(data, start=1):
        fields = _fields(line)
        rn_col = table.columns[0].is_row_number if table.columns else False
        number = parse_row_number(fields[0]) if rn_col else None
        sources = line.extra.get("sources") or []
        cells = [
            Cell(table.columns[j], text, lineno=line.lineno,
                 source=sources[j] if j < len(sources) else None)  # type: ignore[index]
            for j, text in enumerate(fields)
            if text and j < len(table.columns) and not table.columns[j].is_row_number
        ]  # fmt: skip
        table.rows.append(
            Row(number if number is not None else position, number is not None, cells, lineno=line.lineno)
        )
    return table
