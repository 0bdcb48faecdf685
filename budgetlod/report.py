"""Validation reports a person reads: plain text grouped by rule, or an HTML page.

Every text that comes from a document is escaped in the HTML page: documents are untrusted.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass

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


def rule_names(shapes: Graph | None = None) -> dict[str, tuple[str, str]]:
    """(Chinese, English) name of every shape, by shape IRI."""
    shapes = shapes if shapes is not None else load_shapes()
    names: dict[str, dict[str, str]] = defaultdict(dict)
    for s, label in shapes.subject_objects(RDFS.label):
        if isinstance(label, Literal):
            names[str(s)][label.language or ""] = str(label)
    return {s: (n.get("zh", s), n.get("en", s)) for s, n in names.items()}


def _by_rule(findings: list[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for f in sorted(findings, key=lambda f: (f.severity != "Violation", f.shape, f.message("zh"))):
        grouped[f.shape].append(f)
    return grouped


def text_report(checked: list[Checked]) -> str:
    """The readable report: per input, the findings grouped by rule, in Chinese and English."""
    names = rule_names()
    out: list[str] = []
    for c in checked:
        r = c.report
        verdict = "conforms" if not r.violations else f"{len(r.violations)} violation(s)"
        out.append(f"{c.source}: {verdict}, {len(r.warnings)} warning(s)")
        for shape, findings in _by_rule(r.findings).items():
            zh, en = names.get(shape, (shape, shape))
            sev = findings[0].severity
            out.append(f"  [{SEVERITY_ZH.get(sev, sev)} {sev}] {zh} / {en}: {len(findings)}")
            for f in findings:
                out.append(f"    - {f.message('zh')}")
                out.append(f"      {f.message('en')}")
    return "\n".join(out) + "\n"


PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>budgetlod 校验报告 validation report</title>
<style>
body {{ font-family: sans-serif; margin: 2em; max-width: 70em; }}
h2 {{ border-bottom: 1px solid #ccc; }} .Violation {{ color: #b00; }} .Warning {{ color: #a60; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 1px solid #ddd; padding: .3em .5em; text-align: left; }}
.ok {{ color: #070; }}
</style></head><body>
<h1>校验报告 · Validation report</h1>
{body}
</body></html>
"""


def html_report(checked: list[Checked]) -> str:
    """A page a person reads: a summary per input, then each rule's findings in a table."""
    names = rule_names()
    parts: list[str] = []
    for c in checked:
        r = c.report
        src = html.escape(c.source)
        if not r.violations:
            summary = f'<p class="ok">符合 conforms — {len(r.warnings)} 警告 warning(s)</p>'
        else:
            counts = f"{len(r.violations)} 违规 violation(s), {len(r.warnings)} 警告 warning(s)"
            summary = f'<p class="Violation">{counts}</p>'
        parts.append(f"<h2>{src}</h2>{summary}")
        for shape, findings in _by_rule(r.findings).items():
            zh, en = names.get(shape, (shape, shape))
            sev = html.escape(findings[0].severity)
            rows = "".join(
                f"<tr><td>{html.escape(f.message('zh'))}</td><td>{html.escape(f.message('en'))}</td>"
                f"<td><code>{html.escape(f.value or f.focus)}</code></td></tr>"
                for f in findings
            )
            parts.append(
                f'<h3 class="{sev}">{html.escape(zh)} · {html.escape(en)} '
                f"({SEVERITY_ZH.get(sev, sev)} {sev}, {len(findings)})</h3>"
                f"<table><tr><th>中文</th><th>English</th><th>资源 resource</th></tr>{rows}</table>"
            )
    return PAGE.format(body="\n".join(parts))


def ttl_report(checked: list[Checked]) -> str:
    """The sh:ValidationReport of each input, in one Turtle document."""
    g = Graph()
    for c in checked:
        g += c.report.to_graph()
    g.bind("sh", "http://www.w3.org/ns/shacl#")
    return g.serialize(format="turtle")
