"""Validation reports a person reads: plain text grouped by rule, or an HTML page.

Every text that comes from a document is escaped in the HTML page: documents are untrusted.
"""

from __future__ import annotations

import functools
import html
import os
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote

from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from budgetlod.resources import load_shapes
from budgetlod.validation import Finding, Report

SEVERITY_ZH = {"Violation": "违规", "Warning": "警告", "Info": "提示"}


@dataclass
class Checked:
    """One validated input: its name and what the shapes found in it."""

    source: str
    report: Report
    doubts: list[str] = field(default_factory=list)  # what we could not read: never a finding


def rule_names(shapes: Graph | None = None) -> dict[str, tuple[str, str]]:
    """(Chinese, English) name of every shape, by shape IRI."""
    shapes = shapes if shapes is not None else load_shapes(explain=True)
    names: dict[str, dict[str, str]] = defaultdict(dict)
    for s, label in shapes.subject_objects(RDFS.label):
        if isinstance(label, Literal):
            names[str(s)][label.language or ""] = str(label)
    return {s: (n.get("zh", s), n.get("en", s)) for s, n in names.items()}


@functools.cache
def _names() -> dict[str, tuple[str, str]]:
    return rule_names()


def findings_json(report: Report) -> list[dict[str, object]]:
    """The findings as plain data (for a document's page): rule, severity, the resource they are
    about, page, and the message in both languages."""
    names = _names()
    return [
        {
            "rule": f.shape,
            "rule_zh": names.get(f.shape, (f.shape, f.shape))[0],
            "rule_en": names.get(f.shape, (f.shape, f.shape))[1],
            "severity": f.severity,
            "focus": f.focus,
            "value": f.value,
            "page": f.page,
            "zh": f.message("zh"),
            "en": f.message("en"),
        }
        for f in sorted(report.findings, key=lambda f: (f.severity != "Violation", f.shape, f.message("zh")))
    ]


def _by_rule(findings: list[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    rank = {"Violation": 0, "Warning": 1}  # then Info: what was not checked comes last
    for f in sorted(findings, key=lambda f: (rank.get(f.severity, 2), f.shape, f.message("zh"))):
        grouped[f.shape].append(f)
    return grouped


def _summary(r: Report) -> str:
    verdict = "conforms" if not r.violations else f"{len(r.violations)} violation(s)"
    infos = len([f for f in r.findings if f.severity == "Info"])
    return f"{verdict}, {len(r.warnings) - infos} warning(s)" + (f", {infos} note(s)" if infos else "")


DOUBTS_HEADING = "读取存疑（不是文件的问题）/ doubts about our reading (not findings about the document)"


def text_report(checked: list[Checked]) -> str:
    """The readable report: per input, the findings grouped by rule, in Chinese and English; then,
    apart, what we could not read."""
    names = rule_names()
    out: list[str] = []
    for c in checked:
        r = c.report
        out.append(f"{c.source}: {_summary(r)}")
        for shape, findings in _by_rule(r.findings).items():
            zh, en = names.get(shape, (shape, shape))
            sev = findings[0].severity
            out.append(f"  [{SEVERITY_ZH.get(sev, sev)} {sev}] {zh} / {en}: {len(findings)}")
            for f in findings:
                out.append(f"    - {f.message('zh')}")
                out.append(f"      {f.message('en')}")
        if c.doubts:
            out.append(f"  {DOUBTS_HEADING}: {len(c.doubts)}")
            out += [f"    - {d}" for d in c.doubts]
    return "\n".join(out) + "\n"


PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>budgetlod 校验报告 validation report</title>
<style>
body {{ font-family: sans-serif; margin: 2em; max-width: 70em; }}
h2 {{ border-bottom: 1px solid #ccc; }} .Violation {{ color: #b00; }} .Warning {{ color: #a60; }}
tr:target {{ background: #ffc; }} .doubts {{ color: #555; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 1px solid #ddd; padding: .3em .5em; text-align: left; }}
.ok {{ color: #070; }}
</style></head><body>
<h1>校验报告 · Validation report</h1>
{body}
</body></html>
"""


def _page_link(source: str, page: int | None, base: str | None) -> str:
    """A link to the page of the source PDF a finding is about (PDF viewers open `#page=N`)."""
    if page is None or not source.lower().endswith(".pdf"):
        return ""
    href = os.path.relpath(os.path.abspath(source), base) if base is not None else source
    return f'<a href="{html.escape(quote(href))}#page={page}">第{page}页 p. {page}</a>'


def html_report(checked: list[Checked], base: str | None = None) -> str:
    """A page a person reads: a summary per input, each rule's findings in a table, each finding
    with an anchor (`#d1-f3`) and a link to its page of the source PDF; then the doubts, apart.

    `base`: the folder the page is written to, so links to the sources are relative to it.
    """
    names = rule_names()
    parts: list[str] = []
    for d, c in enumerate(checked, start=1):
        r = c.report
        src = html.escape(c.source)
        css = "Violation" if r.violations else "ok"
        parts.append(f'<h2 id="d{d}">{src}</h2><p class="{css}">{html.escape(_summary(r))}</p>')
        n = 0
        for shape, findings in _by_rule(r.findings).items():
            zh, en = names.get(shape, (shape, shape))
            sev = html.escape(findings[0].severity)
            rows = []
            for f in findings:
                n += 1
                anchor = f"d{d}-f{n}"
                rows.append(
                    f'<tr id="{anchor}"><td><a href="#{anchor}">#{n}</a></td>'
                    f"<td>{html.escape(f.message('zh'))}</td><td>{html.escape(f.message('en'))}</td>"
                    f"<td>{_page_link(c.source, f.page, base)}</td>"
                    f"<td><code>{html.escape(f.value or f.focus)}</code></td></tr>"
                )
            parts.append(
                f'<h3 class="{sev}">{html.escape(zh)} · {html.escape(en)} '
                f"({SEVERITY_ZH.get(sev, sev)} {sev}, {len(findings)})</h3>"
                "<table><tr><th></th><th>中文</th><th>English</th><th>页 page</th><th>资源 resource</th></tr>"
                f"{''.join(rows)}</table>"
            )
        if c.doubts:
            items = "".join(f"<li>{html.escape(x)}</li>" for x in c.doubts)
            parts.append(
                f'<h3 class="doubts">{html.escape(DOUBTS_HEADING)}</h3><ul class="doubts">{items}</ul>'
            )
    return PAGE.format(body="\n".join(parts))


def ttl_report(checked: list[Checked]) -> str:
    """The sh:ValidationReport of each input, in one Turtle document."""
    g = Graph()
    for c in checked:
        g += c.report.to_graph()
    g.bind("sh", "http://www.w3.org/ns/shacl#")
    return g.serialize(format="turtle")
