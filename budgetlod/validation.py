"""Running the SHACL shapes of shapes/ over a graph, and what they found.

Two engines run the same standard shapes:

- `oxigraph` (the default): the core constraints the shapes use (minCount, maxCount, datatype,
  class, pattern on a predicate path) are compiled to SPARQL, and every SHACL-SPARQL constraint
  runs as written, with `$this` pre-bound, in an in-memory pyoxigraph store. A construct it does
  not implement raises ShapesError instead of being skipped.
- `pyshacl`: pySHACL, the reference. It gives the same results (the tests compare the two) but its
  SPARQL runs on rdflib's evaluator, which is far slower on a whole document (bench/validate_speed.py).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Literal as TypingLiteral
from typing import cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import QB, RDF, RDFS, SH
from rdflib.term import Node

from budgetlod.namespaces import BUD, prologue
from budgetlod.resources import load_ontology, shipped_shapes
from budgetlod.terms import to_quads
from budgetlod.tripleindex import TripleIndex

Engine = TypingLiteral["oxigraph", "pyshacl"]
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_PLACEHOLDER = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")
_CONCAT = re.compile(
    r'GROUP_CONCAT\s*\(\s*(?:DISTINCT\s+)?[?$]\w+\s*;\s*separator\s*=\s*"([^"]*)"\s*\)\s*AS\s*[?$](\w+)',
    re.IGNORECASE,
)


@functools.cache
def _concatenated(select: str) -> dict[str, str]:
    """Variables a query makes by GROUP_CONCAT, with their separators: SPARQL leaves the order of
    the list to the store (the order it was given its triples), a report lists it sorted."""
    return {m.group(2): m.group(1) for m in _CONCAT.finditer(select)}


_HEAD = prologue("rdf", "rdfs")
_NODE_SHAPE_TERMS = {
    RDF.type, SH.targetClass, SH.severity, SH.message, SH.property, SH.sparql, RDFS.comment, RDFS.label,
}  # fmt: skip
_SUPPORTED = {
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.pattern, SH.flags,
    SH.message, SH.severity, SH.name, SH.description,
}  # fmt: skip


class ShapesError(Exception):
    """The shapes use something the engine cannot run: fail loudly rather than skip it."""


@dataclass(frozen=True)
class Finding:
    """One validation result, as SHACL reports it."""

    shape: str  # the node shape it comes from (IRI)
    severity: str  # Violation, Warning or Info
    focus: str
    messages: tuple[tuple[str, str], ...]  # (language, text)
    value: str | None = None
    path: str | None = None
    component: str = str(SH.SPARQLConstraintComponent)
    page: int | None = None  # the page of the source the finding is about, where the rule says

    def message(self, lang: str) -> str:
        return next(
            (m for lg, m in self.messages if lg == lang), self.messages[0][1] if self.messages else ""
        )


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        """SHACL's sh:conforms: true only when there is no result at all, warnings included."""
        return not self.findings

    def to_graph(self) -> Graph:
        """The findings as an sh:ValidationReport."""
        g = Graph()
        g.bind("sh", SH)
        report = BNode()
        g.add((report, RDF.type, SH.ValidationReport))
        g.add((report, SH.conforms, Literal(self.conforms)))
        for f in sorted(self.findings, key=_order):
            r = BNode()
            g.add((report, SH.result, r))
            g.add((r, RDF.type, SH.ValidationResult))
            g.add((r, SH.focusNode, _node(f.focus)))
            g.add((r, SH.resultSeverity, SH[f.severity]))
            g.add((r, SH.sourceShape, URIRef(f.shape)))
            g.add((r, SH.sourceConstraintComponent, URIRef(f.component)))
            if f.value is not None:
                g.add((r, SH.value, _node(f.value)))
            if f.path is not None:
                g.add((r, SH.resultPath, URIRef(f.path)))
            for lang, text in f.messages:
                g.add((r, SH.resultMessage, Literal(text, lang=lang or None)))
        return g


def _order(f: Finding) -> tuple[str, str, str, str]:
    return (f.shape, f.focus, f.value or "", f.path or "")


def _node(text: str) -> URIRef | Literal:
    return URIRef(text) if re.match(r"^[a-z][a-z0-9+.-]*:", text) else Literal(text)


def _text(term: object) -> str:
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)) else str(term)


class _PartIndex:
    """The quads by subject, so each document's part is found without a search of the graph.

    A document's part: itself, its lines and tables' cells, and everything they lead to by outgoing
    links (cells, tables, department, codes with their broader chain, items). Links only lead from a
    document's resources to shared ones (codes, items), never on to another document, so this is
    one document's worth of the graph.
    """

    def __init__(self, quads: list[ox.Quad]) -> None:
        self.by_subject: dict[object, list[ox.Quad]] = {}
        self.lines: dict[object, list[object]] = {}  # dataset -> lines, table -> cells
        for q in quads:
            self.by_subject.setdefault(q.subject, []).append(q)
            if q.predicate in (_DATASET, _IN_TABLE):
                self.lines.setdefault(q.object, []).append(q.subject)

    def part(self, doc: Node) -> list[ox.Quad]:
        root = ox.NamedNode(str(doc))
        frontier: list[object] = [root, *self.lines.get(root, [])]
        for q in self.by_subject.get(root, []):
            if q.predicate == _HAS_TABLE:
                frontier += self.lines.get(q.object, [])
        seen: set[object] = set()
        out: list[ox.Quad] = []
        while frontier:
            node = frontier.pop()
            if node in seen:
                continue
            seen.add(node)
            for q in self.by_subject.get(node, []):
                out.append(q)
                if isinstance(q.object, ox.NamedNode) and q.object not in seen:
                    frontier.append(q.object)
        return out


_DATASET, _IN_TABLE, _HAS_TABLE = (ox.NamedNode(str(t)) for t in (QB.dataSet, BUD.inTable, BUD.hasTable))


@functools.cache
def _ontology_quads() -> tuple[ox.Quad, ...]:
    return tuple(to_quads(load_ontology()))


def _load_store(quads: list[ox.Quad]) -> ox.Store:
    """The data and the ontology in a fresh store."""
    store = ox.Store()
    store.extend([*quads, *_ontology_quads()])
    return store


def _messages(shapes: Graph, *nodes: Node) -> list[Literal]:
    for node in nodes:
        msgs = [m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)]
        if msgs:
            return msgs
    return []


def _prefixes(shapes: Graph, constraint: Node) -> str:
    lines = []
    for decl_owner in shapes.objects(constraint, SH.prefixes):
        for decl in shapes.objects(decl_owner, SH.declare):
            prefix, ns = shapes.value(decl, SH.prefix), shapes.value(decl, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(lines) + "\n"


def _fill(template: Literal, bindings: dict[str, str]) -> tuple[str, str]:
    text = _PLACEHOLDER.sub(lambda m: bindings.get(m.group(1), ""), str(template))
    return (template.language or "", text)


def _finding(
    shape: Node,
    severity: str,
    messages: list[Literal],
    bindings: dict[str, str],
    value: str | None,
    path: str | None,
    component: str = str(SH.SPARQLConstraintComponent),
) -> Finding:
    """A result with its messages filled in from the solution's bindings."""
    filled = tuple(_fill(m, bindings) for m in messages)
    page = bindings.get("page", "")
    return Finding(
        str(shape),
        severity,
        bindings["this"],
        filled,
        value,
        path,
        component,
        int(page) if page.isdigit() else None,
    )


#: A property shape read for running: its path, messages, count query (with its sh:minCount, or
#: none) and value queries (with their constraint component).
_PropertyPlan = tuple[URIRef, list[Literal], tuple[str, int | None] | None, list[tuple[str, str]]]
#: A SPARQL constraint read for running: its query, messages, GROUP_CONCAT lists, focus nodes' query.
_SparqlPlan = tuple[str, list[Literal], dict[str, str], str]


class OxigraphEngine:
    """Runs the shapes' SPARQL (and the core constraints compiled to SPARQL) in pyoxigraph."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes

    @functools.cached_property
    def _rules(self) -> list[tuple[Node, str, Node, list[_PropertyPlan], list[_SparqlPlan]]]:
        """(shape, severity, target class, its property shapes' plans, its SPARQL constraints'
        plans), in a fixed order: read from the shapes graph once per engine, as a build validates
        thousands of documents against the same shapes."""
        out = []
        for shape in sorted(set(self.shapes.subjects(RDF.type, SH.NodeShape)), key=str):
            unknown = set(self.shapes.predicates(shape)) - _NODE_SHAPE_TERMS
            if unknown:
                raise ShapesError(
                    f"shape {shape} uses {sorted(map(str, unknown))}, which this engine does not run"
                )
            severity = SEVERITIES[cast(URIRef, self.shapes.value(shape, SH.severity) or SH.Violation)]
            for cls in self.shapes.objects(shape, SH.targetClass):
                props = [self._plan(shape, prop, cls) for prop in self.shapes.objects(shape, SH.property)]
                sparql = [self._sparql_plan(shape, c, cls) for c in self.shapes.objects(shape, SH.sparql)]
                out.append((shape, severity, cls, props, sparql))
        return out

    def run(self, data: Graph | TripleIndex, quads: list[ox.Quad] | None = None) -> Report:
        """Validate: core constraints and non-document targets over the whole graph at once, and the
        rules about a disclosure on that disclosure's own part of the graph, one document at a time.

        A corpus of N documents then costs N times one document: run over one store, the rules'
        joins reach into every other document's lines and grow with N squared (bench/validate_speed.py).
        """
        docs = sorted(set(data.subjects(RDF.type, BUD.Disclosure)), key=str)
        quads = quads if quads is not None else to_quads(data)
        index = _PartIndex(quads)
        first = index.part(docs[0]) if len(docs) == 1 else None
        # A graph of one disclosure is all its own part: one store serves both passes.
        alone = first is not None and len(first) == len(quads)
        store = _load_store(quads)
        report = Report()
        per_document: list[tuple[Node, _SparqlPlan, str]] = []
        for shape, severity, cls, props, constraints in self._rules:
            for plan in props:
                report.findings += self._property(store, shape, plan, severity)
            for constraint in constraints:
                if cls == BUD.Disclosure:
                    per_document.append((shape, constraint, severity))
                else:
                    report.findings += self._sparql(store, shape, constraint, severity)
        for doc in docs:
            part = store if alone else _load_store(first if first is not None else index.part(doc))
            for shape, constraint, severity in per_document:
                report.findings += self._sparql(part, shape, constraint, severity)
        return report

    def _focus(self, cls: Node) -> str:
        return f"?focus rdf:type/rdfs:subClassOf* <{cls}> ."

    def _property(self, store: ox.Store, shape: Node, plan: _PropertyPlan, severity: str) -> list[Finding]:
        path, msgs, counts, filters = plan
        out = self._counts(store, shape, path, counts, severity, msgs)
        for query, comp in filters:
            for sol in store.query(query, use_default_graph_as_union=True):  # type: ignore[union-attr]
                value = _text(sol["value"])
                bindings = {"this": _text(sol["focus"]), "value": value}
                component = str(SH[f"{comp}ConstraintComponent"])
                out.append(_finding(shape, severity, msgs, bindings, value, str(path), component))
        return out

    def _plan(self, shape: Node, prop: Node, cls: Node) -> _PropertyPlan:
        """A property shape's path, messages, count query (with its sh:minCount) and value queries."""
        s = self.shapes
        unknown = set(s.predicates(prop)) - _SUPPORTED
        path = s.value(prop, SH.path)
        if unknown or not isinstance(path, URIRef):
            what = sorted(map(str, unknown)) or "a complex path"
            raise ShapesError(f"property shape of {shape} uses {what}")
        msgs = _messages(s, prop, shape)
        focus = self._focus(cls)
        low, high = s.value(prop, SH.minCount), s.value(prop, SH.maxCount)
        tests = [f"COUNT(?v) < {low}"] * (low is not None) + [f"COUNT(?v) > {high}"] * (high is not None)
        counts = None
        if tests:
            query = (
                f"SELECT ?focus (COUNT(?v) AS ?n) WHERE {{ {focus} OPTIONAL {{ ?focus <{path}> ?v }} }} "
                f"GROUP BY ?focus HAVING ({' || '.join(tests)})"
            )
            counts = (_HEAD + query, None if low is None else int(str(low)))
        values = f"{focus} ?focus <{path}> ?value ."
        filters = []
        if (dt := s.value(prop, SH.datatype)) is not None:
            filters.append((f"!isLiteral(?value) || DATATYPE(?value) != <{dt}>", "Datatype"))
        if (kls := s.value(prop, SH["class"])) is not None:
            filters.append((f"NOT EXISTS {{ ?value rdf:type/rdfs:subClassOf* <{kls}> }}", "Class"))
        if (pattern := s.value(prop, SH.pattern)) is not None:
            quoted = str(pattern).replace("\\", "\\\\").replace('"', '\\"')
            flags = str(s.value(prop, SH.flags) or "")
            filters.append((f'isBlank(?value) || !REGEX(STR(?value), "{quoted}", "{flags}")', "Pattern"))
        queries = [
            (_HEAD + f"SELECT ?focus ?value WHERE {{ {values} FILTER ({test}) }}", comp)
            for test, comp in filters
        ]
        return path, msgs, counts, queries

    def _counts(
        self,
        store: ox.Store,
        shape: Node,
        path: URIRef,
        counts: tuple[str, int | None] | None,
        severity: str,
        msgs: list[Literal],
    ) -> list[Finding]:
        """sh:minCount and sh:maxCount in one query (one count a focus node), the findings of the
        first before those of the second."""
        if counts is None:
            return []
        query, low = counts
        found: dict[str, list[Finding]] = {"MinCount": [], "MaxCount": []}
        for sol in store.query(query, use_default_graph_as_union=True):  # type: ignore[union-attr]
            n = int(sol["n"].value)
            comp = "MinCount" if low is not None and n < low else "MaxCount"
            bindings = {"this": _text(sol["focus"]), "value": ""}
            component = str(SH[f"{comp}ConstraintComponent"])
            found[comp].append(_finding(shape, severity, msgs, bindings, None, str(path), component))
        return found["MinCount"] + found["MaxCount"]

    def _sparql(self, store: ox.Store, shape: Node, plan: _SparqlPlan, severity: str) -> list[Finding]:
        query, msgs, lists, focus_query = plan
        targets = store.query(focus_query, use_default_graph_as_union=True)
        out = []
        for focus in [sol["focus"] for sol in targets]:  # type: ignore[union-attr]
            solutions = store.query(
                query, substitutions={ox.Variable("this"): focus}, use_default_graph_as_union=True
            )
            names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
            for sol in solutions:  # type: ignore[union-attr]
                bindings = {n: _text(sol[n]) for n in names if sol[n] is not None}
                for name, sep in lists.items():  # in a fixed order, whatever the store's
                    if name in bindings:
                        bindings[name] = sep.join(sorted(bindings[name].split(sep)))
                bindings["this"] = _text(focus)
                value = bindings.get("value", bindings["this"])  # SHACL: ?value, else the focus node
                out.append(_finding(shape, severity, msgs, bindings, value, bindings.get("path")))
        return out

    def _sparql_plan(self, shape: Node, constraint: Node, cls: Node) -> _SparqlPlan:
        """A SPARQL constraint's query, messages, GROUP_CONCAT lists and its focus nodes' query."""
        s = self.shapes
        select = s.value(constraint, SH.select)
        if select is None:
            raise ShapesError(f"SPARQL constraint of {shape} has no sh:select")
        focus = _HEAD + f"SELECT DISTINCT ?focus WHERE {{ {self._focus(cls)} }}"
        return (
            _prefixes(s, constraint) + str(select),
            _messages(s, constraint, shape),
            _concatenated(str(select)),
            focus,
        )


def _pyshacl(data: Graph | TripleIndex, shapes: Graph) -> Report:
    import pyshacl

    merged = load_ontology()  # the data and the ontology together, as the oxigraph engine sees them
    merged += data
    _conforms, results, _text_report = pyshacl.validate(
        merged, shacl_graph=shapes, inference="none", allow_warnings=True
    )
    report = Report()
    assert isinstance(results, Graph)
    for r in results.subjects(RDF.type, SH.ValidationResult):
        source = results.value(r, SH.sourceShape)
        # a property shape is a blank node: report the node shape that holds it
        shape = shapes.value(None, SH.property, source) or source
        value = results.value(r, SH.value)
        path = results.value(r, SH.resultPath)
        report.findings.append(
            Finding(
                str(shape),
                SEVERITIES[results.value(r, SH.resultSeverity)],  # type: ignore[index]
                str(results.value(r, SH.focusNode)),
                tuple(
                    sorted(
                        (getattr(m, "language", None) or "", str(m))
                        for m in results.objects(r, SH.resultMessage)
                    )
                ),
                None if value is None else str(value),
                None if path is None else str(path),
                str(results.value(r, SH.sourceConstraintComponent)),
            )
        )
    return report


def validate_graph(
    data: Graph | TripleIndex,
    engine: Engine = "oxigraph",
    shapes: Graph | None = None,
    quads: list[ox.Quad] | None = None,
) -> Report:
    """Validate a data graph (with the ontology beside it) against the shipped shapes.

    `quads`: the graph already converted to pyoxigraph (budgetlod.terms.to_quads), so a build
    converts each document once.
    """
    if engine == "pyshacl":
        return _pyshacl(data, shapes if shapes is not None else shipped_shapes())
    return (OxigraphEngine(shapes) if shapes is not None else _shipped_engine()).run(data, quads)


@functools.cache
def _shipped_engine() -> OxigraphEngine:
    """The engine of the shipped shapes, kept: it reads each query from the shapes graph once."""
    return OxigraphEngine(shipped_shapes())
