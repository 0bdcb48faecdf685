"""The narrative's per-line explanations and claims as RDF (what shapes/explanations.ttl and
shapes/claims.ttl check)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from budgetlod.extract.explanations import ExplainedFigure, resolve_code
from budgetlod.extract.units import to_yuan
from budgetlod.namespaces import BUD, RDF, XSD

if TYPE_CHECKING:
    from budgetlod.extract.graph import GraphBuilder


def _tolerance(printed: str) -> Decimal:
    """Half a unit of the last printed digit."""
    exp = Decimal(printed).as_tuple().exponent
    return Decimal(5).scaleb((exp if isinstance(exp, int) else 0) - 1)


def _place(b: GraphBuilder, node: URIRef, sentence: str, page: int | None, lineno: int | None) -> None:
    b.add(node, BUD.sentence, Literal(sentence, lang="zh"))
    if page is not None:
        b.add(node, BUD.page, Literal(page, datatype=XSD.integer))
    if lineno is not None:
        b.add(node, BUD.sourceLine, Literal(lineno, datatype=XSD.integer))


def _figure(b: GraphBuilder, node: URIRef, f: ExplainedFigure) -> None:
    add = b.add
    add(node, RDF.type, BUD.StatedFigure)
    add(node, BUD.statementKind, Literal(f.key))
    add(node, BUD.amount, Literal(f.value, datatype=XSD.decimal))
    add(node, BUD.printedText, Literal(f.printed))
    add(node, BUD.printedUnit, Literal(f.unit))
    tol = _tolerance(f.printed)
    if f.unit == "%":
        add(node, BUD.tolerance, Literal(tol, datatype=XSD.decimal))
    else:
        add(node, BUD.amountYuan, Literal(to_yuan(f.value, f.unit), datatype=XSD.decimal))
        add(node, BUD.toleranceYuan, Literal(to_yuan(tol, f.unit), datatype=XSD.decimal))
    if f.year is not None:
        add(node, BUD.year, Literal(f.year, datatype=XSD.integer))
    if f.direction is not None:
        add(node, BUD.direction, Literal(f.direction))
    _place(b, node, f.sentence, f.page, f.lineno)


def write_explanations(b: GraphBuilder, labels: dict[str, str]) -> None:
    add, doc = b.add, b.mint.doc
    for n, x in enumerate(b.x.explanations, start=1):
        node = b.mint.explanation(n)
        add(doc, BUD.explainsLine, node)
        add(node, RDF.type, BUD.LineExplanation)
        add(node, BUD.order, Literal(n, datatype=XSD.integer))
        add(node, BUD.printedPath, Literal(x.printed_path, lang="zh"))
        add(node, BUD.printedClassName, Literal(x.path[0][0]))
        code = resolve_code(x, labels)
        if code is not None and b.year is not None:
            add(node, BUD.classification, b.code("functional", code))
        if x.reason is not None:
            add(node, BUD.reasonText, Literal(x.reason, lang="zh"))
        _place(b, node, x.text, x.page, x.lineno)
        for f in x.figures:
            fig = b.mint.explained_figure(n, f.key)
            add(node, BUD.figure, fig)
            _figure(b, fig, f)


def write_claims(b: GraphBuilder) -> None:
    add, doc, claims = b.add, b.mint.doc, b.x.claims
    for n, c in enumerate(claims.changes, start=1):
        node = b.mint.claim("change", n)
        add(doc, BUD.claims, node)
        add(node, RDF.type, BUD.ChangeClaim)
        amount, change = Decimal(c.amount), Decimal(c.change)
        add(node, BUD.printedText, Literal(c.amount))
        add(node, BUD.printedUnit, Literal(c.unit))
        add(node, BUD.amountYuan, Literal(to_yuan(amount, c.unit), datatype=XSD.decimal))
        add(node, BUD.toleranceYuan, Literal(to_yuan(_tolerance(c.amount), c.unit), datatype=XSD.decimal))
        add(node, BUD.printedChange, Literal(f"{c.change} {c.change_unit}"))
        add(node, BUD.changeYuan, Literal(to_yuan(change, c.change_unit), datatype=XSD.decimal))
        tol = to_yuan(_tolerance(c.change), c.change_unit)
        add(node, BUD.changeToleranceYuan, Literal(tol, datatype=XSD.decimal))
        add(node, BUD.direction, Literal(c.direction))
        add(node, BUD.year, Literal(c.year, datatype=XSD.integer))
        if c.percent is not None:
            add(node, BUD.changePercent, Literal(Decimal(c.percent), datatype=XSD.decimal))
            add(node, BUD.tolerance, Literal(_tolerance(c.percent), datatype=XSD.decimal))
        _place(b, node, c.sentence, c.page, c.lineno)
    for n, r in enumerate(claims.reasons, start=1):
        node = b.mint.claim("reason", n)
        add(doc, BUD.claims, node)
        add(node, RDF.type, BUD.Reason)
        add(node, BUD.reasonText, Literal(r.text, lang="zh"))
        _place(b, node, r.sentence, r.page, r.lineno)
    for n, y in enumerate(claims.years, start=1):
        node = b.mint.claim("year", n)
        add(doc, BUD.claims, node)
        add(node, RDF.type, BUD.YearWord)
        add(node, BUD.year, Literal(y.year, datatype=XSD.integer))
        add(node, BUD.printedText, Literal(y.words))
        _place(b, node, y.sentence, y.page, y.lineno)
