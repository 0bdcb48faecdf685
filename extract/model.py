"""What extraction produces, before it becomes RDF: tables of cells with their provenance."""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetlod.extract.annexes import Assets, Procurement
from budgetlod.extract.catalog import TableKind
from budgetlod.extract.claims import Claims
from budgetlod.extract.explanations import Explanation
from budgetlod.extract.narrative import ProjectDescription, StatedFigure, Term, Unit
from budgetlod.extract.performance import ProjectTargets
from budgetlod.extract.tablelist import Absence, ListedTable
from budgetlod.extract.vocabulary import TEMPLATES, Template


@dataclass(frozen=True)
class Column:
    """One column of a table: its 栏次 (or position) and its header as printed, top to bottom."""

    index: int  # 0-based position among the table's columns
    number: int  # the printed 栏次, or the position counted from 1
    number_printed: bool
    header: tuple[str, ...] = ()
    is_row_number: bool = False  # the 序号 column

    @property
    def label(self) -> str:
        return self.header[-1] if self.header else ""


@dataclass(frozen=True)
class Cell:
    """A printed figure or label: its text and where it was printed."""

    column: Column
    text: str
    page: int | None = None
    lineno: int | None = None
    source: str | None = None  # a workbook's `sheet!D7`, a web page's `table 3 row 5 col 4`
    confidence: float | None = None  # recognised by OCR: the lowest confidence of its glyphs, 0-1


@dataclass
class Row:
    """A table row: its 序号 (or position) and its cells, 序号 column excluded."""

    number: int
    number_printed: bool
    cells: list[Cell]
    page: int | None = None
    lineno: int | None = None

    def cell(self, column_index: int) -> Cell | None:
        for c in self.cells:
            if c.column.index == column_index:
                return c
        return None


@dataclass
class Table:
    """One of the nine tables as found in a document."""

    kind: TableKind
    title: str  # as printed, without white space or year prefix
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    first_line: int | None = None  # text form: line of the title
    notes: list[str] = field(default_factory=list)
    declared_empty: bool = False
    unit: str | None = None


@dataclass
class Metadata:
    """What the document says about itself."""

    department: str | None = None
    department_code: str | None = None
    region: str | None = None  # the government the department belongs to, as printed (上海市普陀区)
    year: int | None = None
    unit: str | None = None
    document_kind: str = "部门预算"  # 部门预算 / 单位预算 / 部门决算 / 单位决算
    level: str | None = None  # level of government as printed: 市级, 区级, 县级, …
    title: str | None = None

    @property
    def phase(self) -> str:
        return "决算" if "决算" in self.document_kind else "预算"


@dataclass
class Problem:
    """Something that could not be read; listed in the report, fatal only with --strict."""

    message: str
    where: str | None = None
    what: str = "unparsed"  # or "not read": a table of no known kind


@dataclass(frozen=True)
class SourceFile:
    """One file a document was read from: a document may be published as several files."""

    path: str
    sha256: str
    source_format: str
    page_count: int | None
    tables: int  # how many tables it printed


@dataclass
class Extraction:
    """Everything read from one source file."""

    path: str
    sha256: str
    source_format: str  # "pdf", "text", "xlsx", "xls" or "html"
    page_count: int | None
    metadata: Metadata
    tables: list[Table]
    template: Template = TEMPLATES[0]
    listed: list[ListedTable] = field(default_factory=list)  # the document's own list of its tables
    absent: list[Absence] = field(default_factory=list)  # tables expected and not printed
    problems: list[Problem] = field(default_factory=list)
    targets: list[ProjectTargets] = field(default_factory=list)  # 绩效目标 tables (text conversions)
    procurement: Procurement | None = None
    assets: Assets | None = None
    duties: list[str] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    glossary: list[Term] = field(default_factory=list)
    statements: list[StatedFigure] = field(default_factory=list)
    explanations: list[Explanation] = field(default_factory=list)  # the narrative's per-line form
    claims: Claims = field(default_factory=lambda: Claims([], [], []))
    overall_target: str | None = None  # 总体绩效目标
    descriptions: list[ProjectDescription] = field(default_factory=list)
    sources: list[SourceFile] = field(default_factory=list)  # more than one: files read as one document

    @property
    def missing(self) -> list[Absence]:
        """Tables the document's list (or, without one, its template) names and that were not found."""
        return [a for a in self.absent if a.status == "missing"]

    @property
    def unread(self) -> list[Absence]:
        """Tables printed but of no kind known to budgetlod: reported, their figures not read."""
        return [a for a in self.absent if a.status == "not-read"]
