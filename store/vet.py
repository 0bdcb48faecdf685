"""Vetting a SPARQL request before anything evaluates it.

pyoxigraph follows `SERVICE` (and `LOAD`) over HTTP and has no switch to stop it, so the query
text is lexed here and such requests are refused before evaluation (and the query workers cannot
open a network socket at all: sandbox.py). `FROM` / `FROM NAMED` naming a graph the store does not
hold is an empty graph, as the protocol allows: nothing is fetched. The lexer follows the SPARQL
1.1 terminals exactly (escapes included), so a keyword can never hide from it: strings, IRIs and
comments are recognised first, as the real parser does, and whatever cannot be lexed is refused
(fail closed). Syntax errors proper are left
to the engine, whose message the client gets.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin

from budgetlod.store.errors import Refused

_HEX = r"[0-9A-Fa-f]"
_UCHAR = rf"\\u{_HEX}{{4}}|\\U{_HEX}{{8}}"
_ECHAR = r"""\\[tbnrf\\"']"""
_PLX = rf"\\[_~.\-!$&'()*+,;=/?#@%]|%{_HEX}{{2}}"
# The SPARQL 1.1 terminals (grammar §19.8) that can hide text from a keyword search: IRIs, strings
# and comments, with exactly their escapes (UCHAR in IRIs and strings, ECHAR in strings, PLX in
# local names), so the lexer sees the query as the evaluator does.
_LONG1 = rf"'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''"
_LONG2 = rf'"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*"""'
_SHORT1 = rf"'(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*'"
_SHORT2 = rf'"(?:[^"\\\n\r]|{_ECHAR}|{_UCHAR})*"'
_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<ws>\s+)",
            r"(?P<comment>\#[^\n\r]*)",
            rf"(?P<iri><(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)",
            rf"(?P<string>{_LONG1}|{_LONG2}|{_SHORT1}|{_SHORT2})",
            r"(?P<var>[?$][^\s(){}\[\],;.<>\"'=!&|+*/^#\\]+)",
            rf"(?P<pname>(?:[^\W\d_][\w.\-\u00b7]*)?:(?:[^\s(){{}}\[\],;<>\"'#=!&|+*/^\\%]|{_PLX})*)",
            r"(?P<blank>_:[^\s(){}\[\],;.<>\\]+)",
            r"(?P<word>[^\W\d][\w]*)",
            r"(?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)",
            r"(?P<quote>['\"])",
            r"(?P<open>[({\[])",
            r"(?P<close>[)}\]])",
            r"(?P<iri_like><[A-Za-z][A-Za-z0-9+.\-]*:)",
            r"(?P<other>\S)",
        ]
    ),
    re.DOTALL,
)
#: Brackets nested deeper than this are refused before evaluation (the engine's parser recurses).
MAX_NESTING = 200

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)


@dataclass
class Vetted:
    """What the engine needs to know about an accepted query."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)


#: Queries this short are remembered once lexed: the same query is asked again and again (the
#: examples, a dashboard); a few dozen of them bound the memory this takes.
_REMEMBERED_CHARS = 4096


def tokens(text: str) -> tuple[tuple[str, str], ...]:
    """(kind, text) of every significant token (see `_lex`)."""
    return _remembered(text) if len(text) <= _REMEMBERED_CHARS else _lex(text)


@lru_cache(maxsize=64)
def _remembered(text: str) -> tuple[tuple[str, str], ...]:
    return _lex(text)  # a refusal raises and is not remembered


def _lex(text: str) -> tuple[tuple[str, str], ...]:
    """(kind, text) of every significant token.

    Raises Refused for what the lexer cannot classify (fail closed): an unterminated string, a
    backslash outside a string, IRI or local name, a `<scheme:` that does not lex as an IRI (an
    escape or character the lexer does not know), brackets nested past MAX_NESTING.
    """
    out: list[tuple[str, str]] = []
    depth = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        if kind == "quote":
            raise Refused(400, f"unterminated string at character {m.start()}")
        if kind == "iri_like" or (kind == "other" and m.group() == "\\"):
            near = text[m.start() : m.start() + 24]
            raise Refused(400, f"the query cannot be read at character {m.start()}: {near!r}")
        if kind == "open":
            depth += 1
            if depth > MAX_NESTING:
                raise Refused(400, f"brackets nested more than {MAX_NESTING} deep")
        elif kind == "close":
            depth -= 1
        out.append((kind, m.group()))
    return tuple(out)


def _resolve(kind: str, value: str, prefixes: dict[str, str], base: str) -> str:
    if kind == "iri":
        return urljoin(base, value[1:-1]) if base else value[1:-1]
    prefix, _, local = value.partition(":")
    if prefix not in prefixes:
        raise Refused(400, f"undeclared prefix {prefix}: in {value}")
    return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)


def vet(text: str, graphs: Collection[str], max_chars: int, base: str = "") -> Vetted:
    """Accept a query or raise Refused (413 too long, 403 update or outbound I/O, 400 otherwise)."""
    if len(text) > max_chars:
        raise Refused(413, f"query is {len(text)} characters long; at most {max_chars} are accepted")
    toks = tokens(text)
    words = [v.upper() for k, v in toks if k == "word"]
    if "SERVICE" in words:
        raise Refused(403, "SERVICE is not allowed here: queries cannot reach other endpoints")
    prefixes: dict[str, str] = {}
    i = 0
    # The prologue: BASE and PREFIX declarations, then the query form.
    while i < len(toks):
        kind, value = toks[i]
        up = value.upper() if kind == "word" else ""
        if up == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base = _resolve("iri", toks[i + 1][1], prefixes, base)
            i += 2
        elif up == "PREFIX" and i + 2 < len(toks) and toks[i + 1][0] == "pname" and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1][:-1]] = _resolve("iri", toks[i + 2][1], prefixes, base)
            i += 3
        else:
            break
    first = toks[i][1].upper() if i < len(toks) and toks[i][0] == "word" else ""
    if first in UPDATE_WORDS or "LOAD" in words:
        raise Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
    if first not in QUERY_FORMS:
        raise Refused(400, f"expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {first or 'nothing'}")
    vetted = Vetted(form=first)
    for j in range(i, len(toks) - 1):
        if toks[j][0] != "word" or toks[j][1].upper() != "FROM":
            continue
        k = j + 1
        named = toks[k][0] == "word" and toks[k][1].upper() == "NAMED"
        k += named
        if k >= len(toks) or toks[k][0] not in ("iri", "pname"):
            raise Refused(400, "FROM must name a graph IRI")
        iri = _resolve(toks[k][0], toks[k][1], prefixes, base)
        (vetted.from_named if named else vetted.from_graphs).append(iri)
    return vetted


def unknown_graphs(
    vetted: Vetted, default: list[str], named: list[str], graphs: Collection[str]
) -> list[str]:
    """Graphs the query (FROM, FROM NAMED) or the protocol (default-graph-uri, named-graph-uri) names
    that the store does not hold: the embedded store reads them as empty graphs (it fetches nothing);
    an external store might fetch them, so for it they are refused."""
    named_all = [*vetted.from_graphs, *vetted.from_named, *default, *named]
    return [g for g in dict.fromkeys(named_all) if g not in graphs]
