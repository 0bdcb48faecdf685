"""Reading one disclosure file, PDF or text conversion, into an Extraction."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import traceback
from collections.abc import Callable
from functools import partial

from budgetlod.extract import pdfgrid, textgrid
from budgetlod.extract.annexes import read_assets, read_procurement
from budgetlod.extract.catalog import TABLE_KINDS, printed_title
from budgetlod.extract.columns import column_roles, is_label_role
from budgetlod.extract.errors import ExtractionError, InputError, ReaderFailure, at, tracking
from budgetlod.extract.limits import DEFAULT_LIMITS, WorkLimits
from budgetlod.extract.lines import Line
from budgetlod.extract.metadata import read_metadata
from budgetlod.extract.model import Extraction, Problem, Table
from budgetlod.extract.narrative import (
    read_duties,
    read_glossary,
    read_overall_target,
    read_project_descriptions,
    read_stated_figures,
    read_units,
)
from budgetlod.extract.numbers import parse_amount
from budgetlod.extract.pdfchars import Rule
from budgetlod.extract.pdfform import PdfContent, read_pdf
from budgetlod.extract.performance import read_project_targets
from budgetlod.extract.ruledgrid import annex_stream
from budgetlod.extract.segment import PRINTED_EMPTY_NOTE, Region, find_regions, printed_empty
from budgetlod.extract.textform import decode, text_to_lines

PDF_MAGIC = b"%PDF-"


def check_file(path: str) -> None:
    """Raise InputError unless `path` is a regular file this process may read.

    Checked before anything opens the file: opening a FIFO blocks until a writer comes, and a
    link loop or a dangling link would otherwise surface as a bare OS error.
    """
    try:
        st = os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise InputError(path, "is a symbolic link loop") from e
        if e.errno == errno.ENOENT and os.path.islink(path):
            raise InputError(path, "is a dangling symbolic link (its target does not exist)") from e
        if e.errno == errno.ENOENT:
            raise InputError(path, "no such file") from e
        raise InputError(path, f"cannot be read ({e.strerror})") from e
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, "is a directory, not a disclosure file")
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _SPECIAL if test(st.st_mode)), "not a regular file")
        raise InputError(path, f"is {kind}, not a regular file")
    if not os.access(path, os.R_OK):
        raise InputError(path, "cannot be read (permission denied)")


_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def read_source(path: str) -> tuple[bytes, str]:
    """The file's bytes and its form (`pdf` or `text`). Raises InputError naming the file."""
    check_file(path)
    try:
        # O_NONBLOCK: should the file become a FIFO after the check, opening it does not hang
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as fh:
            data = fh.read()
    except OSError as e:
        raise InputError(path, f"cannot be read ({e.strerror})") from e
    if not data.strip():
        raise InputError(path, "is empty")
    head = data[:1024].lstrip()
    if head.startswith(PDF_MAGIC) or PDF_MAGIC in data[:1024]:
        return data, "pdf"
    if path.lower().endswith(".pdf"):
        kind = "HTML" if head[:15].lower().startswith((b"<!doctype", b"<html")) else "not a PDF"
        raise InputError(path, f"has a .pdf name but is {kind} (no %PDF- header)")
    if b"\x00" in data[:4096]:
        raise InputError(path, "is a binary file, neither a PDF nor a text conversion")
    return data, "text"


def _problems(tables: list[Table]) -> list[Problem]:
    """Figures that could not be parsed: a cell of a figure column (extract/columns.py decides which,
    for the graph and the shapes alike) whose text is not a number."""
    problems = []
    for t in tables:
        roles = column_roles(t)
        for row in t.rows:
            for cell in row.cells:
                role = roles.get(cell.column.index)
                if role is None or is_label_role(role) or parse_amount(cell.text) is not None:
                    continue
                where = f"{t.title}, 序号 {row.number}, 栏次 {cell.column.number}"
                if cell.page:
                    where = f"page {cell.page}, " + where
                problems.append(Problem(f"figure {cell.text!r} could not be parsed", where))
    return problems


def extract_document(path: str, limits: WorkLimits = DEFAULT_LIMITS) -> Extraction:
    """Extract the nine tables and the metadata of one disclosure (PDF or text conversion).

    Raises InputError when the file cannot be read as a disclosure at all, ReaderFailure when a
    reader failed on it (the place and the traceback kept); anything less (a missing table, an
    unparsed figure) is recorded in the Extraction's report.
    """
    with tracking() as place:
        try:
            return _extract(path, limits)
        except ExtractionError:
            raise
        except Exception as e:  # a reader's bug is this document's failure, never the caller's
            message = f"could not be read: {type(e).__name__}: {e}"
            raise ReaderFailure(path, message, place.describe(), traceback.format_exc()) from e


def _extract(path: str, limits: WorkLimits) -> Extraction:
    data, form = read_source(path)
    if form == "pdf":
        return extraction_from(path, data, read_pdf(path, limits))
    return extraction_from(path, data, text_to_lines(decode(data, path)))


def extraction_from(path: str, data: bytes, printed: PdfContent | list[Line]) -> Extraction:
    """Everything read from what a file prints: a PDF's positioned lines and rules, or a text's lines."""
    lines: list[Line]
    builder: Callable[[Region], Table]
    rules: dict[int, list[Rule]] = {}
    if isinstance(printed, PdfContent):
        form, lines, pages, rules = "pdf", printed.lines, printed.page_count, printed.rules
        builder = partial(pdfgrid.region_to_table, rules=rules)
    else:
        form, lines, pages = "text", printed, None
        builder = textgrid.region_to_table
    regions = find_regions(lines)
    tables: list[Table] = []
    seen: set[str] = set()
    for region in regions:
        if region.kind.key in seen:
            continue  # one table of each kind; a second title is a reprint (e.g. an annex)
        at(page=region.title_line.page, table=printed_title(region.title_line.text))
        table = builder(region)
        if not table.rows and not table.declared_empty and printed_empty(region):
            table.declared_empty = True
            table.notes.append(PRINTED_EMPTY_NOTE)
        if table.rows or table.declared_empty:
            tables.append(table)
            seen.add(region.kind.key)
    if not tables:
        raise InputError(path, "is not a budget disclosure: none of the nine standard tables was found")
    meta = read_metadata(lines)
    titles = "".join(t.title for t in tables)
    if "决算" in titles and "决算" not in meta.document_kind:
        meta.document_kind = meta.document_kind[:2] + "决算"
    at(table=None)
    searched = f"pages 1-{pages}" if pages else f"lines 1-{len(lines)}"
    missing = [(k, searched) for k in TABLE_KINDS if k.key not in seen]
    # a PDF's ruled annex tables become tab-like rows, so one reader serves both forms
    annex = annex_stream(lines, rules) if form == "pdf" else lines
    return Extraction(
        targets=read_project_targets(annex),
        procurement=read_procurement(annex),
        assets=read_assets(annex),
        duties=read_duties(lines),
        units=read_units(lines),
        glossary=read_glossary(lines),
        statements=read_stated_figures(lines),
        overall_target=read_overall_target(lines),
        descriptions=read_project_descriptions(lines),
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        source_format=form,
        page_count=pages,
        metadata=meta,
        tables=tables,
        missing=missing,
        problems=_problems(tables),
    )
