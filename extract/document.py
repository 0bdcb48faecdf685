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
from budgetlod.extract.catalog import template_of
from budgetlod.extract.claims import Claims, read_claims
from budgetlod.extract.columns import column_roles, is_label_role
from budgetlod.extract.errors import ExtractionError, InputError, ReaderFailure, at, tracking
from budgetlod.extract.explanations import read_explanations
from budgetlod.extract.figures import stray_labels
from budgetlod.extract.htmlform import is_html, read_html
from budgetlod.extract.limits import DEFAULT_LIMITS, WorkLimits
from budgetlod.extract.lines import Line
from budgetlod.extract.listmarks import relist
from budgetlod.extract.metadata import read_metadata
from budgetlod.extract.model import Extraction, Problem, SourceFile, Table
from budgetlod.extract.narrative import (
    read_duties,
    read_glossary,
    read_overall_target,
    read_project_descriptions,
    read_stated_figures,
    read_units,
)
from budgetlod.extract.numbers import parse_amount
from budgetlod.extract.ocrform import INSTALL, LOW_CONFIDENCE
from budgetlod.extract.pdfchars import Rule
from budgetlod.extract.pdfform import PdfContent, read_pdf
from budgetlod.extract.performance import read_project_targets
from budgetlod.extract.ruledgrid import annex_stream, with_headings
from budgetlod.extract.segment import PRINTED_EMPTY_NOTE, Region, find_regions, printed_empty
from budgetlod.extract.sheetform import read_workbook, workbook_form
from budgetlod.extract.tablelist import Absence, ListedTable, absences, contents_lines, read_table_list
from budgetlod.extract.textform import decode, text_to_lines
from budgetlod.extract.vocabulary import ANNEX_TITLE

PDF_MAGIC = b"%PDF-"
NO_TABLES = "no tables in this file: a partial document (narrative and stated figures only)"


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
    """The file's bytes and its form (`pdf`, `xlsx`, `xls`, `html` or `text`), by what the bytes
    are (a name can lie). Raises InputError naming the file."""
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
    workbook = workbook_form(data)
    if workbook is not None:
        return data, workbook
    if is_html(data) or path.lower().endswith((".html", ".htm")):
        return data, "html"
    if b"\x00" in data[:4096]:
        raise InputError(
            path, "is a binary file, neither a PDF, a workbook, a web page nor a text conversion"
        )
    return data, "text"


def _problems(tables: list[Table]) -> list[Problem]:
    """Figures that could not be parsed: a cell of a figure column (extract/columns.py decides which,
    for the graph and the shapes alike) whose text is not a number."""
    problems = []
    for t in tables:
        roles = column_roles(t)
        strays = stray_labels(t, roles)
        for row in t.rows:
            for cell in row.cells:
                role = roles.get(cell.column.index)
                if role is None or is_label_role(role) or parse_amount(cell.text) is not None:
                    continue
                if id(cell) in strays:
                    continue  # a label printed across into a figure column
                where = f"{t.title}, 序号 {row.number}, 栏次 {cell.column.number}"
                if cell.page:
                    where = f"page {cell.page}, " + where
                problems.append(Problem(f"figure {cell.text!r} could not be parsed", where))
    problems += _doubtful(tables)
    return problems


def _scanned(table: Table) -> bool:
    """Read from a scan: its cells carry a recognition confidence."""
    return any(c.confidence is not None for r in table.rows for c in r.cells)


def _resequence(tables: list[Table]) -> list[Problem]:
    """A 序号 misread on a scanned page (`6` between 8 and 10): the row is the one its neighbours
    say, and the reading is reported. Only where both neighbours agree; else it stays as read."""
    problems = []
    for t in tables:
        if not _scanned(t):
            continue  # printed text: its 序号 are what they are
        rows = [r for r in t.rows if r.number_printed]
        for before, row, after in zip(rows, rows[1:], rows[2:], strict=False):
            expected = before.number + 1
            if row.number != expected and after.number == expected + 1:
                where = f"page {row.page}, {t.title}, 序号 {expected}"
                why = f"序号 recognised as {row.number} between {before.number} and {after.number}"
                why += f": read as {expected}"
                problems.append(Problem(why, where))
                row.number = expected
    return problems


def _relist(tables: list[Table]) -> list[Problem]:
    """Labels of a scanned page whose list mark the recognition lost (extract/listmarks.py): read
    as their column's sequence says, and reported."""
    problems = []
    for t in tables:
        if not _scanned(t):
            continue  # printed text: its labels are what they are
        labels = {i for i, role in column_roles(t).items() if is_label_role(role)}
        for was, now in relist(t, labels):
            where = f"page {was.page}, {t.title}, 栏次 {was.column.number}"
            problems.append(
                Problem(f"label recognised as {was.text!r}: read as {now.text!r} (its list mark)", where)
            )
    return problems


def _doubtful(tables: list[Table]) -> list[Problem]:
    """Figures of a scanned page recognised with less than LOW_CONFIDENCE: to be checked by eye."""
    problems = []
    for t in tables:
        for row in t.rows:
            for cell in row.cells:
                if cell.confidence is not None and cell.confidence < LOW_CONFIDENCE:
                    where = f"page {cell.page}, {t.title}, 序号 {row.number}, 栏次 {cell.column.number}"
                    why = f"figure {cell.text!r} recognised with confidence {cell.confidence:.2f}"
                    why += ": check it against the scan"
                    problems.append(Problem(why, where))
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
    if form in ("xlsx", "xls"):
        return extraction_from(path, data, read_workbook(path, data, form), form)
    if form == "html":
        return extraction_from(path, data, read_html(path, data), form)
    return extraction_from(path, data, text_to_lines(decode(data, path)))


def extraction_from(
    path: str, data: bytes, printed: PdfContent | list[Line], line_form: str = "text"
) -> Extraction:
    """Everything read from what a file prints: a PDF's positioned lines and rules, or a text's lines."""
    lines: list[Line]
    builder: Callable[[Region], Table]
    rules: dict[int, list[Rule]] = {}
    if isinstance(printed, PdfContent):
        form, lines, pages, rules = "pdf", printed.lines, printed.page_count, printed.rules
        builder = partial(pdfgrid.region_to_table, rules=rules)
    else:
        form, lines, pages = line_form, printed, None  # text, a workbook's rows, a page's blocks
        builder = textgrid.region_to_table
    listed = read_table_list(lines)
    regions = find_regions(lines, contents_lines(listed))
    tables: list[Table] = []
    unknown: list[Region] = []  # tables of no known kind: reported, never read into another
    seen: set[str] = set()
    for region in regions:
        if region.kind is None:
            if not ANNEX_TITLE.search(region.title):  # annexes have their own readers
                unknown.append(region)
            continue
        if region.kind.key in seen:
            continue  # one table of each kind; a second title is a reprint (e.g. an annex)
        at(page=region.title_line.page, table=region.title)
        table = builder(region)
        if not table.rows and not table.declared_empty and printed_empty(region):
            table.declared_empty = True
            table.notes.append(PRINTED_EMPTY_NOTE)
        if table.rows or table.declared_empty:
            tables.append(table)
            seen.add(region.kind.key)
    meta = read_metadata(lines)
    statements, duties = read_stated_figures(lines), read_duties(lines)
    # a file with no table is still a disclosure (the narrative half of a publication) when it says
    # whose budget of which year it is, and states figures, duties or the list of its tables
    narrative = bool(statements or duties or listed)
    if not tables and (meta.department is None or meta.year is None or not narrative):
        raise InputError(path, "is not a budget disclosure: no table and no budget narrative was found")
    problems = _resequence(tables) + _relist(tables) + _problems(tables)
    if isinstance(printed, PdfContent):
        problems += [
            Problem(f"a scanned page (an image, no text) not read: install OCR with {INSTALL}", f"page {n}")
            for n in printed.unread
        ]  # fmt: skip
    if not tables:  # the narrative half of a publication in two files: a partial document
        problems.append(Problem(NO_TABLES, path, "no tables"))
    titles = "".join(t.title for t in tables)
    if "决算" in titles and "决算" not in meta.document_kind:
        meta.document_kind = meta.document_kind[:2] + "决算"
    at(table=None)
    sha = hashlib.sha256(data).hexdigest()
    searched = f"pages 1-{pages}" if pages else f"lines 1-{len(lines)}"
    template = template_of(seen | {e.kind.key for e in listed if e.kind})
    found = [(t.kind, t.title) for t in tables] + [(None, r.title) for r in regions if r.kind is None]
    not_read = [Absence(None, r.title, "not-read", r.title_line.where()) for r in unknown]
    # a PDF's ruled annex tables become tab-like rows, so one reader serves both forms
    # (a workbook's and a web page's titles become headings, as a PDF's do)
    annex = annex_stream(lines, rules) if form == "pdf" else lines if form == "text" else with_headings(lines)
    return Extraction(
        targets=read_project_targets(annex),
        procurement=read_procurement(annex),
        assets=read_assets(annex),
        duties=duties,
        units=read_units(lines),
        glossary=read_glossary(lines),
        statements=statements,
        explanations=read_explanations(lines),
        claims=read_claims(lines),
        overall_target=read_overall_target(lines),
        descriptions=read_project_descriptions(lines),
        path=path,
        sha256=sha,
        source_format=form,
        page_count=pages,
        metadata=meta,
        tables=tables,
        template=template,
        listed=listed,
        absent=absences(listed, template, found, searched) + not_read,
        problems=problems,
        sources=[SourceFile(path, sha, form, pages, len(tables))],
    )


def extract_documents(paths: list[str], limits: WorkLimits = DEFAULT_LIMITS) -> Extraction:
    """One document published as several files (narrative and tables): each file read, then joined."""
    parts = [extract_document(p, limits) for p in paths]
    return parts[0] if len(parts) == 1 else join_parts(parts)


def join_parts(parts: list[Extraction]) -> Extraction:
    """The files of one publication as one document: tables from the files that print them, the
    narrative from all, what one file leaves unsaid (year, unit) from another; every source kept."""
    parts = sorted(parts, key=lambda x: -len(x.tables))  # the tables file first
    main = parts[0]
    meta = main.metadata
    for other in parts[1:]:
        for name in ("department", "department_code", "region", "year", "unit", "level", "title"):
            if getattr(meta, name) is None:
                setattr(meta, name, getattr(other.metadata, name))
    kinds = {t.kind.key for t in main.tables}
    tables = list(main.tables)
    for other in parts[1:]:
        tables += [t for t in other.tables if t.kind.key not in kinds]
        kinds |= {t.kind.key for t in other.tables}
    sources = [s for x in parts for s in x.sources]
    joined = hashlib.sha256("".join(sorted(s.sha256 for s in sources)).encode()).hexdigest()
    found = [(t.kind, t.title) for t in tables]
    listed: list[ListedTable] = next((x.listed for x in parts if x.listed), [])
    template = template_of(kinds | {e.kind.key for e in listed if e.kind})
    searched = "; ".join(
        f"{os.path.basename(s.path)} " + (f"pages 1-{s.page_count}" if s.page_count else "all lines")
        for s in sources
    )
    # a partial file's "no tables" is answered by the other file
    problems = [p for x in parts for p in x.problems if p.what != "no tables"]
    return Extraction(
        path=main.path,
        sha256=joined,
        source_format=main.source_format,
        page_count=main.page_count,
        metadata=meta,
        tables=tables,
        template=template,
        listed=listed,
        absent=absences(listed, template, found, searched) + [a for x in parts for a in x.unread],
        problems=problems,
        targets=[t for x in parts for t in x.targets],
        procurement=next((x.procurement for x in parts if x.procurement is not None), None),
        assets=next((x.assets for x in parts if x.assets is not None), None),
        duties=[d for x in parts for d in x.duties],
        units=[u for x in parts for u in x.units],
        glossary=[g for x in parts for g in x.glossary],
        statements=[st for x in parts for st in x.statements],
        explanations=[e for x in parts for e in x.explanations],
        claims=Claims(
            [c for x in parts for c in x.claims.changes],
            [r for x in parts for r in x.claims.reasons],
            [y for x in parts for y in x.claims.years],
        ),
        overall_target=next((x.overall_target for x in parts if x.overall_target), None),
        descriptions=[d for x in parts for d in x.descriptions],
        sources=sources,
    )
