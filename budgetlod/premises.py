"""Premises: what must hold on a document before a rule may fire, declared once (shapes/premises.ttl).

A rule names each premise it rests on twice over, and both must agree: `bsh:premise bsh:X` on its
SPARQL constraint (data a reader can query) and `PREMISE(bsh:X)` in its query, where the premise's
pattern is put in as `EXISTS { … }` when the shapes are loaded. A rule whose premise fails on a
document is silent there.

Asked to explain (`budgetlod validate --explain`), every failed premise is also reported as an
sh:Info result naming the rule it silenced: one generated shape per (rule, premise).
"""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH

from budgetlod.namespaces import BUD

BSH = Namespace("https://w3id.org/budgetlod/shapes#")
_CALL = re.compile(r"PREMISE\(bsh:([A-Za-z][\w-]*)\)")


class PremiseError(ValueError):
    """A rule uses a premise it does not declare, declares one it does not use, or names none known."""


def _labels(g: Graph, node: URIRef) -> dict[str, str]:
    return {(lit.language or ""): str(lit) for lit in g.objects(node, RDFS.label) if isinstance(lit, Literal)}


def _own_variables(premise: URIRef, pattern: str) -> str:
    """The pattern with its variables renamed apart: inside EXISTS, a variable the rule also binds
    would be joined with the rule's (`?a` of the premise is not `?a` of the rule). `$this` is shared."""
    name = str(premise).rsplit("#", 1)[1]
    return re.sub(r"\?([A-Za-z_]\w*)", lambda m: f"?premise_{name}_{m.group(1)}", pattern)


def expand(shapes: Graph, explain: bool = False) -> Graph:
    """The shapes with every PREMISE(…) put in; with `explain`, one Info shape per (rule, premise)."""
    patterns = {
        p: _own_variables(p, str(shapes.value(p, BSH.pattern)))
        for p in shapes.subjects(RDF.type, BSH.Premise)
        if isinstance(p, URIRef)
    }
    explained: set[tuple[URIRef, URIRef]] = set()
    for constraint, select in list(shapes.subject_objects(SH.select)):
        text = str(select)
        used = {BSH[name] for name in _CALL.findall(text)}
        declared = {p for p in shapes.objects(constraint, BSH.premise) if isinstance(p, URIRef)}
        shape = shapes.value(None, SH.sparql, constraint)
        if used != declared:
            raise PremiseError(
                f"a rule of {shape} uses premises {sorted(used)} but declares {sorted(declared)}"
            )
        if unknown := used - patterns.keys():
            raise PremiseError(f"a rule of {shape} names unknown premises {sorted(unknown)}")
        if not used:
            continue
        shapes.remove((constraint, SH.select, select))
        filled = _CALL.sub(lambda m: f"EXISTS {{ {patterns[BSH[m.group(1)]]} }}", text)
        shapes.add((constraint, SH.select, Literal(filled)))
        if explain and isinstance(shape, URIRef):
            for premise in used:
                if (shape, premise) not in explained:
                    explained.add((shape, premise))
                    _explainer(shapes, shape, premise, patterns[premise])
    return shapes


def _explainer(shapes: Graph, rule: URIRef, premise: URIRef, pattern: str) -> None:
    """An Info shape: reports, on a document where the premise fails, that the rule was not applied."""
    rule_name, premise_name = _labels(shapes, rule), _labels(shapes, premise)
    node = URIRef(f"{rule}-premise-{str(premise).rsplit('#', 1)[1]}")
    constraint = BNode()
    add = shapes.add
    add((node, RDF.type, SH.NodeShape))
    add((node, RDFS.label, Literal(f"未检查：{rule_name.get('zh', rule)}", lang="zh")))
    add((node, RDFS.label, Literal(f"Not checked: {rule_name.get('en', rule)}", lang="en")))
    add((node, SH.targetClass, BUD.Disclosure))
    add((node, SH.severity, SH.Info))
    add((node, SH.sparql, constraint))
    add((constraint, RDF.type, SH.SPARQLConstraint))
    add((constraint, SH.prefixes, BSH[""]))
    zh = f"规则“{rule_name.get('zh', rule)}”未检查：前提不成立——{premise_name.get('zh', premise)}"
    en = (
        f"The rule '{rule_name.get('en', rule)}' was not applied: its premise does not hold — "
        f"{premise_name.get('en', premise)}"
    )
    # what the document prints that makes the premise fail, where the premise says how to find it
    evidence = shapes.value(premise, BSH.evidence)
    if evidence is not None:
        zh, en = zh + "（{?why}）", en + " ({?why})"
    add((constraint, SH.message, Literal(zh, lang="zh")))
    add((constraint, SH.message, Literal(en, lang="en")))
    why = f"OPTIONAL {{ {evidence} }}" if evidence is not None else ""
    query = f"SELECT $this ?why WHERE {{ $this a bud:Disclosure . FILTER NOT EXISTS {{ {pattern} }} {why} }}"
    add((constraint, SH.select, Literal(query)))
