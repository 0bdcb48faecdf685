"""Reader for disclosures published as workbooks (.xlsx, .xls): each row becomes a line.

A row with two or more filled cells is a tabular line, one field per column (as a text
conversion's tab-separated line), so the tables go through the text form's reader; a merged cell
is printed once at its top-left, the cells it covers left empty, as a text conversion prints a
spanning header. A row with one filled cell (a title, `单位：万元`, a note, a paragraph) is a plain
line. Figures are printed in their cell's number format (extract/numformat.py). Each field keeps
its address, `3.支出总表!D7`, which the graph gives as the cell's bud:sourceCell.

Sheets are read in the workbook's order; a sheet whose first rows print no title gets its name as
a line of its own (the name is then the table's title: `3.支出总表`).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from budgetlod.extract.errors import InputError
from budgetlod.extract.lines import Line, joined, line_of
from budgetlod.extract.numformat import format_cell

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file (BIFF8 .xls)
#: Cells a workbook may have in all (a disclosure has a few thousand): past it the file is refused.
MAX_CELLS = 2_000_000
TITLE_WORDS = ("表", "预算", "决算")


def column_name(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _one_line(text: str) -> str:
    """A wrapped cell's lines joined (extract/lines.joined)."""
    return joined(p.strip() for p in text.splitlines())


@dataclass
class Sheet:
    name: str
    rows: list[list[tuple[str, str]]]  # per row: (printed text, address) per column from column 0


def _xlsx(data: bytes, path: str) -> Iterator[Sheet]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as e:  # as for .xls: any failure to open is a damaged workbook
        raise InputError(path, f"is not a readable .xlsx workbook ({e})") from e
    total = 0
    for ws in wb.worksheets:
        total += (ws.max_row or 0) * (ws.max_column or 0)
        if total > MAX_CELLS:
            raise InputError(path, f"has more than {MAX_CELLS:,} cells: not a disclosure")
        rows = []
        for r, row in enumerate(ws.iter_rows(), start=1):
            fields = []
            for c, cell in enumerate(row):
                text = format_cell(cell.value, getattr(cell, "number_format", None))
                fields.append((_one_line(text), f"{ws.title}!{column_name(c)}{r}"))
            rows.append(fields)
        yield Sheet(ws.title, rows)


def _xls(data: bytes, path: str) -> Iterator[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False)
    except Exception as e:  # xlrd raises a dozen kinds on a damaged file: all mean this
        raise InputError(path, f"is not a readable .xls workbook ({e})") from e
    total = 0
    for sh in book.sheets():
        total += sh.nrows * sh.ncols
        if total > MAX_CELLS:
            raise InputError(path, f"has more than {MAX_CELLS:,} cells: not a disclosure")
        rows = []
        for r in range(sh.nrows):
            fields = []
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                value: object = cell.value
                fmt = None
                if cell.ctype == xlrd.XL_CELL_NUMBER:
                    xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
                    fmt = book.format_map[xf.format_key].format_str if xf is not None else None
                elif cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    value = None
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(cell.value)
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    value = xlrd.error_text_from_code.get(cell.value, "#ERR")
                text = format_cell(value, fmt)
                fields.append((_one_line(text), f"{sh.name}!{column_name(c)}{r + 1}"))
            rows.append(fields)
        yield Sheet(sh.name, rows)


def _looks_like_title(text: str) -> bool:
    return any(w in text for w in TITLE_WORDS)


def sheets_to_lines(sheets: Iterator[Sheet]) -> list[Line]:
    lines: list[Line] = []
    for sheet in sheets:
        filled = [row for row in sheet.rows if any(t for t, _ in row)]
        if not filled:
            continue
        first = min(next(i for i, (t, _) in enumerate(row) if t) for row in filled)
        head = [row for row in filled[:3] if sum(1 for t, _ in row if t) == 1]
        rows = [row[first:] for row in filled]
        if not any(_looks_like_title(next(t for t, _ in row if t)) for row in head):
            rows.insert(0, [(sheet.name.strip(), f"{sheet.name}!A1")])
        for row in rows:
            line = line_of(row, len(lines) + 1)
            if line is not None:
                lines.append(line)
    return lines


def workbook_form(data: bytes) -> str | None:
    """`xlsx` or `xls` when the bytes are a workbook, else None."""
    if data.startswith(XLS_MAGIC):
        return "xls"
    if data.startswith(XLSX_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "xl/workbook.xml" in z.namelist():
                    return "xlsx"
        except zipfile.BadZipFile:
            return None
    return None


def read_workbook(path: str, data: bytes, form: str) -> list[Line]:
    """The lines of a workbook; raises InputError naming the file when it cannot be read."""
    sheets = _xlsx(data, path) if form == "xlsx" else _xls(data, path)
    lines = sheets_to_lines(sheets)
    if not lines:
        raise InputError(path, "is an empty workbook")
    return lines
