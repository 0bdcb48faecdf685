"""A fast, deterministic Turtle writer for the flat graphs the extractor makes.

rdflib's Turtle serialiser is general (nested blank nodes, lists) and several times slower
than extraction itself on a disclosure's graph. Ours writes one block per subject, sorted, so
the same document always gives the same bytes; blank nodes are written as `_:` labels.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TextIO

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
_IRI_ESCAPE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_STRING_ESCAPE = re.compile(r'[\\"\n\r\t\b\f]')


def _iri(iri: str) -> str:
    return "<" + _IRI_ESCAPE.sub(lambda m: f"\\u{ord(m.group(0)):04X}", iri) + ">"


class TurtleWriter:
    def __init__(self, prefixes: Mapping[str, object]) -> None:
        # longest namespace first, so the most specific prefix wins
        self.prefixes = sorted(((str(ns), p) for p, ns in prefixes.items()), key=lambda x: -len(x[0]))
        self.used: set[str] = set()

    def name(self, iri: URIRef) -> str:
        text = str(iri)
        for ns, prefix in self.prefixes:
            if text.startswith(ns):
                local = text[len(ns) :]
                if _LOCAL.match(local):
                    self.used.add(prefix)
                    return f"{prefix}:{local}"
        return _iri(text)

    def term(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return self.name(node)
        if isinstance(node, BNode):
            return f"_:b{node}"
        if isinstance(node, Literal):
            lex = str(node)
            dt = node.datatype
            if dt == XSD.integer and _INTEGER.match(lex):
                return lex
            if dt == XSD.decimal and _DECIMAL.match(lex):
                return lex
            quoted = '"' + _STRING_ESCAPE.sub(lambda m: _STRING_ESCAPES[m.group(0)], lex) + '"'
            if node.language:
                return f"{quoted}@{node.language}"
            if dt is not None and dt != XSD.string:
                return f"{quoted}^^{self.name(dt)}"
            return quoted
        raise TypeError(f"cannot write {node!r} as Turtle")


def write_turtle(
    triples: Iterable[tuple[Node, Node, Node]], out: TextIO, prefixes: Mapping[str, object]
) -> None:
    """Write triples as Turtle: prefixes first, then one block per subject, all sorted."""
    writer = TurtleWriter(prefixes)
    by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        by_subject[s][p].append(o)
    blocks: list[str] = []
    for s in sorted(by_subject, key=str):
        preds = by_subject[s]
        parts = []
        for p in sorted(preds, key=lambda p: (p != RDF.type, str(p))):
            verb = "a" if p == RDF.type else writer.name(p)  # type: ignore[arg-type]
            objects = sorted(writer.term(o) for o in preds[p])
            parts.append(f"    {verb} " + " ,\n        ".join(objects))
        blocks.append(writer.term(s) + "\n" + " ;\n".join(parts) + " .\n")
    for prefix in sorted(writer.used):
        out.write(f"@prefix {prefix}: <{prefixes[prefix]}> .\n")
    out.write("\n")
    out.write("\n".join(blocks))
