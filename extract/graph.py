"""An Extraction as RDF: the document, its tables, every printed cell and every budget line."""

from __future__ import annotations

import os
from collections.abc import Iterable
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from budgetlod.extract.annexes import Assets, Procurement
from budgetlod.extract.catalog import TableKind
from budgetlod.extract.columns import column_roles, declared_roles
from budgetlod.extract.figures import Figure, table_figures
from budgetlod.extract.iris import Minter
from budgetlod.extract.linking import link_code, link_department
from budgetlod.extract.model import Extraction, Table
from budgetlod.extract.numbers import Amount
from budgetlod.extract.performance import ProjectTargets
from budgetlod.extract.prosegraph import write_claims, write_explanations
from budgetlod.extract.tablelist import same_table
from budgetlod.extract.units import exponent, to_yuan
from budgetlod.namespaces import (
    BUD,
    CURRENCY,
    DCTERMS,
    DEFAULT_BASE,
    ORG,
    PREFIXES,
    PROV,
    QB,
    RDF,
    RDFS,
    SDMX_ATTRIBUTE,
    SDMX_CODE,
    SKOS,
    XSD,
)
from budgetlod.version import __version__

DOCUMENT_KINDS = {
    "部门预算": BUD.DepartmentBudget,
    "单位预算": BUD.UnitBudget,
    "部门决算": BUD.DepartmentFinalAccount,
    "单位决算": BUD.UnitFinalAccount,
}
PHASES = {"预算": BUD.Budget, "决算": BUD.FinalAccount}
COMPARATORS = {">=": BUD.AtLeast, "<=": BUD.AtMost, ">": BUD.MoreThan, "<": BUD.LessThan, "=": BUD.EqualTo}
LEVELS = {3: "类", 5: "款", 7: "项"}
_DECLARED_ROLES = declared_roles()
Triple = tuple[Node, Node, Node]


def tolerance(decimals: int) -> Decimal:
    """Half a unit of the last printed digit: how far rounding in print may move a figure."""
    return Decimal(5).scaleb(-(decimals + 1))


def new_graph() -> Graph:
    g = Graph(store="SimpleMemory")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


ABSENCE_STATUS = {
    "missing": BUD.Missing,
    "not-listed": BUD.NotListed,
    "not-in-template": BUD.NotInTemplate,
    "not-read": BUD.NotRead,
}


def table_kind_iri(kind: TableKind) -> URIRef:
    return BUD[f"table-{kind.key}"]


class GraphBuilder:
    """Writes one Extraction into a graph; one instance per document."""

    def __init__(self, extraction: Extraction, base: str = DEFAULT_BASE) -> None:
        self.x = extraction
        self.mint = Minter(base, extraction.sha256)
        self.triples: set[Triple] = set()
        self._codes: dict[tuple[str, str], URIRef] = {}
        self._literals: dict[tuple[type, str, URIRef | None], Literal] = {}
        self._labels: dict[str, str] = {}  # functional codes' names as the tables print them
        meta = extraction.metadata
        self.year = meta.year
        self.unit = meta.unit or "元"
        self.department = (
            self.mint.department(meta.department) if meta.department else self.mint.unnamed_department()
        )
        self.phase = PHASES[meta.phase]

    def add(self, s: URIRef | BNode, p: URIRef, o: URIRef | BNode | Literal) -> None:
        self.triples.add((s, p, o))

    def build(self) -> set[Triple]:
        self._document()
        for table in self.x.tables:
            self._table(table)
        for n, project in enumerate(self.x.targets, start=1):
            self._targets(n, project)
        self._narrative()
        write_explanations(self, self._labels)
        write_claims(self)
        if self.x.procurement is not None:
            self._procurement(self.x.procurement)
        if self.x.assets is not None:
            self._assets(self.x.assets)
        for n, absence in enumerate(self.x.absent, start=1):
            kind = absence.kind
            t = self.mint.table(kind.key if kind else f"unknown-{n}")
            self.add(self.mint.doc, BUD.hasTable, t)
            self.add(t, RDF.type, BUD.DisclosedTable)
            if kind is not None:
                self.add(t, BUD.tableKind, table_kind_iri(kind))
            elif absence.status == "not-read":
                self.add(t, BUD.printedTitle, Literal(absence.title))
            else:
                self.add(t, BUD.listedTitle, Literal(absence.listed_as or absence.title, lang="zh"))
            self.add(t, BUD.status, ABSENCE_STATUS[absence.status])
            self.add(t, BUD.pagesSearched, Literal(absence.searched))
        for entry in self.x.listed:
            # the document's own list: which of its tables it names, in its order
            if entry.kind is not None:
                t = self.mint.table(entry.kind.key)
            else:
                found = next(
                    (
                        a
                        for a in self.x.absent
                        if a.kind is None and same_table(entry, None, a.listed_as or a.title)
                    ),
                    None,
                )
                if found is None:
                    continue
                t = self.mint.table(f"unknown-{self.x.absent.index(found) + 1}")
            self.add(t, BUD.listedTitle, Literal(entry.title, lang="zh"))
            self.add(t, BUD.listPosition, Literal(entry.ordinal, datatype=XSD.integer))
        return self.triples

    def _document(self) -> None:
        x, meta, doc = self.x, self.x.metadata, self.mint.doc
        add = self.add
        add(doc, RDF.type, BUD.Disclosure)
        title = " ".join(p for p in (meta.department, str(meta.year or ""), meta.document_kind) if p)
        add(doc, DCTERMS.title, Literal(title or os.path.basename(x.path), lang="zh"))
        add(doc, BUD.fileName, Literal(os.path.basename(x.path)))
        add(doc, BUD.sha256, Literal(x.sha256))
        if len(x.sources) > 1:  # one document published as several files: each one's provenance
            for source in x.sources:
                f = self.mint.source(source.sha256)
                add(doc, PROV.wasDerivedFrom, f)
                add(f, RDF.type, BUD.SourceFile)
                add(f, BUD.fileName, Literal(os.path.basename(source.path)))
                add(f, BUD.sha256, Literal(source.sha256))
                add(f, BUD.sourceFormat, Literal(source.source_format))
                add(f, BUD.tableCount, Literal(source.tables, datatype=XSD.integer))
                if source.page_count is not None:
                    add(f, BUD.pageCount, Literal(source.page_count, datatype=XSD.integer))
        add(doc, BUD.sourceFormat, Literal(x.source_format))
        if x.page_count is not None:
            add(doc, BUD.pageCount, Literal(x.page_count, datatype=XSD.integer))
        add(doc, BUD.documentKind, DOCUMENT_KINDS.get(meta.document_kind, BUD.DepartmentBudget))
        add(doc, BUD.budgetPhase, self.phase)
        if meta.level:
            add(doc, BUD.governmentLevel, Literal(meta.level, lang="zh"))
        add(doc, BUD.template, BUD[f"template-{x.template.key}"])
        if self.year is not None:
            add(doc, BUD.fiscalYear, Literal(str(self.year), datatype=XSD.gYear))
        add(doc, BUD.printedUnit, Literal(self.unit))
        add(doc, BUD.department, self.department)
        add(doc, DCTERMS.publisher, self.department)
        add(self.department, RDF.type, BUD.Department)
        if meta.department:
            add(self.department, SKOS.prefLabel, Literal(meta.department, lang="zh"))
        if meta.department_code:
            add(self.department, BUD.departmentCode, Literal(meta.department_code))
        if meta.region:
            add(self.department, BUD.regionName, Literal(meta.region, lang="zh"))
        link_department(add, self.mint, self.department, meta)
        run, agent = self.mint.extraction(), self.mint.software(__version__)
        add(doc, PROV.wasGeneratedBy, run)
        add(run, RDF.type, BUD.Extraction)
        add(run, PROV.wasAssociatedWith, agent)
        add(run, BUD.extractorVersion, Literal(__version__))
        add(agent, RDF.type, PROV.SoftwareAgent)
        add(agent, RDFS.label, Literal(f"budgetlod {__version__}"))

    def _table(self, table: Table) -> None:
        add, key, lit = self.add, table.kind.key, self._const
        t = self.mint.table(key)
        add(self.mint.doc, BUD.hasTable, t)
        add(t, RDF.type, BUD.DisclosedTable)
        add(t, BUD.tableKind, table_kind_iri(table.kind))
        add(t, BUD.printedTitle, Literal(table.title))
        add(t, BUD.status, BUD.DeclaredEmpty if table.declared_empty and not table.rows else BUD.Extracted)
        add(t, BUD.printedUnit, Literal(table.unit or self.unit))
        for page in table.pages:
            add(t, BUD.page, Literal(page, datatype=XSD.integer))
        if table.first_line is not None:
            add(t, BUD.sourceLine, Literal(table.first_line, datatype=XSD.integer))
        for note in table.notes:
            add(t, BUD.note, Literal(note))
        printed_rows = all(r.number_printed for r in table.rows)
        printed_cols = all(c.number_printed for c in table.columns if not c.is_row_number)
        add(t, BUD.rowNumbering, BUD.Printed if printed_rows else BUD.Position)
        add(t, BUD.columnNumbering, BUD.Printed if printed_cols else BUD.Position)
        for row in table.rows:
            for cell in row.cells:
                c = self.mint.cell(key, row.number, cell.column.number)
                add(c, RDF.type, BUD.Cell)
                add(c, BUD.inTable, t)
                add(c, BUD.rowNumber, lit(row.number, XSD.integer))
                add(c, BUD.columnNumber, lit(cell.column.number, XSD.integer))
                add(c, BUD.printedText, lit(cell.text))
                if cell.column.header:
                    add(c, BUD.columnHeader, lit("/".join(cell.column.header)))
                if cell.page is not None:
                    add(c, BUD.page, lit(cell.page, XSD.integer))
                if cell.confidence is not None:  # read from a scan: how sure the recognition was
                    conf = Decimal(str(round(cell.confidence, 3)))
                    add(c, BUD.recognitionConfidence, Literal(conf, datatype=XSD.decimal))
                if cell.source is not None:  # a workbook's or a web page's own address of the cell
                    add(c, BUD.sourceCell, lit(cell.source))
                elif cell.lineno is not None:
                    add(c, BUD.sourceLine, lit(cell.lineno, XSD.integer))
        roles = column_roles(table)
        for role in set(roles.values()):
            if role not in _DECLARED_ROLES:
                col = self.mint.column(role)
                add(col, RDF.type, BUD.ColumnRole)
                add(col, SKOS.notation, Literal(role))
                add(col, SKOS.prefLabel, Literal(role))
        unit = table.unit or self.unit
        for fig in table_figures(table):
            self._line(table, fig, unit)

    def _targets(self, n: int, project: ProjectTargets) -> None:
        add, meta = self.add, self.x.metadata
        target = self.mint.target(n)
        proj = self.mint.project(meta.department or self.x.sha256[:16], project.project, meta.region)
        add(self.mint.doc, BUD.hasTarget, target)
        add(target, RDF.type, BUD.PerformanceTarget)
        add(target, BUD.order, Literal(n, datatype=XSD.integer))  # document order, as data
        add(target, BUD.project, proj)
        add(target, BUD.printedLabel, Literal(project.project))
        add(proj, RDF.type, BUD.Project)
        add(proj, RDFS.label, Literal(project.project, lang="zh"))
        add(proj, BUD.department, self.department)
        if project.goal:
            add(target, BUD.goal, Literal(project.goal, lang="zh"))
        if project.lineno is not None:
            add(target, BUD.sourceLine, Literal(project.lineno, datatype=XSD.integer))
        for k, ind in enumerate(project.indicators, start=1):
            node = self.mint.indicator(n, k)
            add(target, BUD.hasIndicator, node)
            add(node, RDF.type, BUD.Indicator)
            add(node, BUD.order, Literal(k, datatype=XSD.integer))
            add(node, BUD.indicatorLevel1, Literal(ind.level1))
            add(node, BUD.indicatorLevel2, Literal(ind.level2))
            add(node, BUD.indicatorLevel3, Literal(ind.level3))
            add(node, BUD.indicatorDescription, Literal(ind.description))
            add(node, BUD.targetText, Literal(ind.value.printed))
            add(node, BUD.targetBasis, Literal(ind.basis))
            if ind.value.comparator is not None and ind.value.number is not None:
                add(node, BUD.comparator, COMPARATORS[ind.value.comparator])
                add(node, BUD.targetNumber, Literal(ind.value.number, datatype=XSD.decimal))
            if ind.value.unit:
                add(node, BUD.targetUnit, Literal(ind.value.unit))
            if ind.lineno is not None:
                add(node, BUD.sourceLine, Literal(ind.lineno, datatype=XSD.integer))

    def _narrative(self) -> None:
        add, x, doc = self.add, self.x, self.mint.doc
        for n, duty in enumerate(x.duties, start=1):
            node = self.mint.duty(n)
            add(doc, BUD.statesDuty, node)
            add(node, RDF.type, BUD.Duty)
            add(node, BUD.order, Literal(n, datatype=XSD.integer))
            add(node, RDF.value, Literal(duty, lang="zh"))
            add(node, BUD.department, self.department)
        for unit in x.units:
            node = self.mint.department(unit.name)
            add(doc, BUD.listsUnit, node)
            add(node, RDF.type, BUD.Department)
            add(node, RDF.type, ORG.FormalOrganization)
            add(node, SKOS.prefLabel, Literal(unit.name, lang="zh"))
            if node != self.department:
                add(node, ORG.subOrganizationOf, self.department)
            add(node, BUD.unitNature, Literal(unit.nature, lang="zh"))
            if unit.rank:
                add(node, BUD.unitRank, Literal(unit.rank, lang="zh"))
            if unit.funding:
                add(node, BUD.fundingForm, Literal(unit.funding, lang="zh"))
        glossary = self.mint.glossary()
        for term in x.glossary:
            node = self.mint.term(term.term)
            add(doc, BUD.definesTerm, node)
            add(node, RDF.type, SKOS.Concept)
            add(node, SKOS.inScheme, glossary)
            add(node, SKOS.prefLabel, Literal(term.term, lang="zh"))
            add(node, SKOS.definition, Literal(term.definition, lang="zh"))
        if x.glossary:
            add(glossary, RDF.type, SKOS.ConceptScheme)
            add(glossary, SKOS.prefLabel, Literal("名词解释", lang="zh"))
        if x.overall_target:
            add(doc, BUD.overallTarget, Literal(x.overall_target, lang="zh"))
        for d in x.descriptions:
            project = self.mint.project(x.metadata.department or x.sha256[:16], d.project, x.metadata.region)
            add(doc, BUD.describesProject, project)
            add(project, RDF.type, BUD.Project)
            add(project, RDFS.label, Literal(d.project, lang="zh"))
            add(project, BUD.department, self.department)
            add(project, BUD.projectDescription, Literal(d.overview, lang="zh"))
        for st in x.statements:
            node = self.mint.statement(st.key)
            add(doc, BUD.states, node)
            add(node, RDF.type, BUD.StatedFigure)
            add(node, BUD.statementKind, Literal(st.key))
            add(node, BUD.amount, Literal(st.value, datatype=XSD.decimal))
            add(node, BUD.printedText, Literal(str(st.value)))  # as printed, thousands separators dropped
            add(node, BUD.amountYuan, Literal(to_yuan(st.value, st.unit), datatype=XSD.decimal))
            decimals = -st.value.as_tuple().exponent if st.value.as_tuple().exponent < 0 else 0  # type: ignore[operator]
            add(node, BUD.toleranceYuan, Literal(to_yuan(tolerance(decimals), st.unit), datatype=XSD.decimal))
            add(node, BUD.printedUnit, Literal(st.unit))
            add(node, BUD.sentence, Literal(st.sentence, lang="zh"))
            if st.lineno is not None:
                add(node, BUD.sourceLine, Literal(st.lineno, datatype=XSD.integer))
            if st.page is not None:
                add(node, BUD.page, Literal(st.page, datatype=XSD.integer))

    def _money(self, node: URIRef, prop: URIRef, amount: Amount | None, unit: str) -> None:
        """An amount as printed, in its unit, with its value in 元 beside it (prop + `Yuan`)."""
        if amount is None:
            return
        self.add(node, prop, Literal(amount.value, datatype=XSD.decimal))
        self.add(
            node,
            BUD[f"{str(prop).rsplit('#', 1)[1]}Yuan"],
            Literal(to_yuan(amount.value, unit), datatype=XSD.decimal),
        )

    def _procurement(self, table: Procurement) -> None:
        add, meta = self.add, self.x.metadata
        subtotal: URIRef | None = None  # the 小计 row the items that follow it add up to
        for n, row in enumerate(table.rows, start=1):
            node = self.mint.procurement(n)
            add(node, BUD.order, Literal(n, datatype=XSD.integer))
            if row.is_total and row.label.endswith("小计"):
                subtotal = node
            elif not row.is_total and subtotal is not None:
                add(node, BUD.inSubtotal, subtotal)
            add(self.mint.doc, BUD.hasProcurement, node)
            add(node, RDF.type, BUD.ProcurementTotal if row.is_total else BUD.ProcurementItem)
            add(node, BUD.printedLabel, Literal(row.label))
            add(node, BUD.printedUnit, Literal(table.unit))
            tol = tolerance(row.amount.decimals if row.amount else 2)
            add(node, BUD.tolerance, Literal(tol, datatype=XSD.decimal))
            add(node, BUD.toleranceYuan, Literal(to_yuan(tol, table.unit), datatype=XSD.decimal))
            if row.lineno is not None:
                add(node, BUD.sourceLine, Literal(row.lineno, datatype=XSD.integer))
            self._money(node, BUD.amount, row.amount, table.unit)
            self._money(node, BUD.smeShare, row.sme, table.unit)
            for k, (source, amount) in enumerate(sorted(row.funding.items()), start=1):
                part = self.mint.funding(n, k)
                add(node, BUD.funding, part)
                add(part, BUD.fundingSource, Literal(source))
                self._money(part, BUD.amount, amount, table.unit)
            if row.is_total:
                continue
            project = self.mint.project(meta.department or self.x.sha256[:16], row.label, meta.region)
            add(node, BUD.project, project)
            add(project, RDF.type, BUD.Project)
            add(project, RDFS.label, Literal(row.label, lang="zh"))
            add(project, BUD.department, self.department)
            self._money(project, BUD.projectBudget, row.project_budget, table.unit)
            add(node, BUD.itemName, Literal(row.item))
            if row.catalog_code:
                add(node, BUD.catalogCode, Literal(row.catalog_code))
            if row.catalog_name:
                add(node, BUD.catalogName, Literal(row.catalog_name))
            if row.unit:
                add(node, BUD.quantityUnit, Literal(row.unit))
            if row.quantity is not None:
                add(node, BUD.quantity, Literal(row.quantity.value, datatype=XSD.decimal))
            self._money(node, BUD.unitPrice, row.unit_price, table.unit)
            if row.unit_price is not None:
                add(
                    node,
                    BUD.unitPriceTolerance,
                    Literal(tolerance(row.unit_price.decimals), datatype=XSD.decimal),
                )

    def _assets(self, assets: Assets) -> None:
        add = self.add
        for n, row in enumerate(assets.rows, start=1):
            node = self.mint.asset(n)
            add(node, BUD.order, Literal(n, datatype=XSD.integer))
            add(self.mint.doc, BUD.hasAsset, node)
            add(node, RDF.type, BUD.AssetTotal if row.level == 0 else BUD.AssetCategory)
            add(node, BUD.printedLabel, Literal(row.category))
            add(node, BUD.rowLevel, Literal(row.level, datatype=XSD.integer))
            add(node, BUD.printedUnit, Literal(assets.unit))
            if assets.as_of:
                add(node, BUD.asOf, Literal(assets.as_of, datatype=XSD.date))
            if row.count is not None:
                add(node, BUD.assetCount, Literal(row.count.value, datatype=XSD.decimal))
            self._money(node, BUD.amount, row.value, assets.unit)
            if row.value is not None:
                add(node, BUD.tolerance, Literal(tolerance(row.value.decimals), datatype=XSD.decimal))
            if row.lineno is not None:
                add(node, BUD.sourceLine, Literal(row.lineno, datatype=XSD.integer))

    def _item(self, table: Table, fig: Figure) -> URIRef:
        scheme_kind = table.kind.scheme
        if fig.code and scheme_kind and self.year is not None:
            return self.code(scheme_kind, fig.code)
        if fig.concept:
            return BUD[fig.concept]  # a summary or 三公 row the accounting rules name
        item = self.mint.item(fig.item_key)
        self.add(item, RDF.type, BUD.LineItem)
        self.add(item, SKOS.prefLabel, Literal(fig.item_key, lang="zh"))
        return item

    def _const(self, value: object, datatype: URIRef | None = None) -> Literal:
        """A literal made once however often it recurs (a year, a unit, a row's number, a column's
        header, the figure 0.00): rdflib literals are slow to make. Keyed by the value's type and
        text, so 1.50 and 1.5 stay two literals."""
        key = (type(value), str(value), datatype)
        lit = self._literals.get(key)
        if lit is None:
            lit = self._literals[key] = Literal(value, datatype=datatype)
        return lit

    def code(self, kind: str, code: str) -> URIRef:
        known = self._codes.get((kind, code))
        if known is not None:
            return known  # its triples are written once: a code is named by many lines
        assert self.year is not None
        add = self.add
        scheme = self.mint.scheme(kind, self.year)
        add(scheme, RDF.type, BUD.ClassificationScheme)
        add(scheme, BUD.classificationKind, Literal(kind))
        add(scheme, BUD.editionYear, Literal(str(self.year), datatype=XSD.gYear))
        add(
            scheme,
            SKOS.prefLabel,
            Literal(f"{'支出功能分类' if kind == 'functional' else '支出经济分类'} {self.year}", lang="zh"),
        )
        concept = self.mint.code(kind, self.year, code)
        add(concept, RDF.type, BUD.ClassificationCode)
        add(concept, SKOS.notation, Literal(code))
        add(concept, SKOS.inScheme, scheme)
        add(concept, BUD.level, Literal(LEVELS[len(code)]))
        link_code(add, self.mint, kind, code, concept)
        if len(code) > 3:
            add(concept, SKOS.broader, self.code(kind, code[: len(code) - 2]))
        else:
            add(scheme, SKOS.hasTopConcept, concept)
        self._codes[(kind, code)] = concept
        return concept

    def _line(self, table: Table, fig: Figure, unit: str) -> None:
        add, key = self.add, table.kind.key
        row, col = fig.row.number, fig.cell.column.number
        line = self.mint.line(key, row, col)
        add(line, RDF.type, BUD.BudgetLine)
        add(line, PROV.wasDerivedFrom, self.mint.cell(key, row, col))
        add(line, BUD.department, self.department)
        if self.year is not None:
            add(line, BUD.fiscalYear, self._const(str(self.year), XSD.gYear))
        add(line, BUD.budgetPhase, self.phase)
        add(line, BUD.tableKind, table_kind_iri(table.kind))
        add(line, BUD.item, self._item(table, fig))
        if fig.code and table.kind.scheme and self.year is not None:
            prop = (
                BUD.functionalClassification
                if table.kind.scheme == "functional"
                else BUD.economicClassification
            )
            code = self.code(table.kind.scheme, fig.code)
            if fig.label:  # each edition keeps the names its documents print
                add(code, BUD.printedLabel, Literal(fig.label, lang="zh"))
                if table.kind.scheme == "functional":
                    self._labels.setdefault(fig.code, fig.label)
            add(line, prop, code)
            add(line, BUD.classification, code)  # the super-property too: SPARQL does no inference
        add(
            line,
            BUD.column,
            BUD[f"col-{fig.role}"] if fig.role in _DECLARED_ROLES else self.mint.column(fig.role),
        )
        if fig.label:
            add(line, BUD.itemLabel, self._const(fig.label))
        add(line, BUD.amount, self._const(fig.amount.value, XSD.decimal))
        add(line, BUD.amountYuan, self._const(to_yuan(fig.amount.value, unit), XSD.decimal))
        decimals = fig.amount.decimals
        add(line, BUD.decimals, self._const(decimals, XSD.integer))
        tol = tolerance(decimals)
        add(line, BUD.tolerance, self._const(tol, XSD.decimal))
        add(line, BUD.toleranceYuan, self._const(to_yuan(tol, unit), XSD.decimal))
        if fig.level:
            add(line, BUD.rowLevel, self._const(fig.level, XSD.integer))
        if fig.printed_code:
            add(line, BUD.printedCode, Literal(fig.printed_code))
        add(line, BUD.printedUnit, self._const(unit))
        add(line, SDMX_ATTRIBUTE.unitMult, SDMX_CODE[f"unitMult-{exponent(unit)}"])
        add(line, SDMX_ATTRIBUTE.currency, CURRENCY.CNY)
        add(line, QB.dataSet, self.mint.doc)


def extraction_triples(extraction: Extraction, base: str = DEFAULT_BASE) -> set[Triple]:
    """The triples of one extracted document (written as Turtle by budgetlod.terms.turtle)."""
    return GraphBuilder(extraction, base).build()


def triples_graph(triples: Iterable[Triple]) -> Graph:
    """An rdflib graph of triples the builder made (its terms need no checking: straight into
    the store, a third faster than Graph.addN)."""
    g = new_graph()
    add = g.store.add
    for t in triples:
        add(t, g)
    return g


def extraction_to_graph(extraction: Extraction, base: str = DEFAULT_BASE) -> Graph:
    """The RDF graph of one extracted document."""
    return triples_graph(extraction_triples(extraction, base))
