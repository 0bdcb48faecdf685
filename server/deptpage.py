"""A department's page: its documents by year and phase, its spending by 类 — each year's budget
against its final account, with the execution rate — as a table and a small chart, its units and
its duties."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from budgetlod.namespaces import prologue
from budgetlod.server.describe import FULL_PREFIXES, term, text_of
from budgetlod.server.figures import wan
from budgetlod.store.engine import Engine

_PREFIXES = FULL_PREFIXES + prologue("org", "rdf")
BY_CLASS = """SELECT ?year ?phase ?code ?name (SUM(?yuan) AS ?total) WHERE {
  ?line bud:department $dept ; bud:tableKind bud:table-expenditure-summary ; bud:column bud:col-total ;
        bud:classification ?c ; bud:fiscalYear ?year ; bud:budgetPhase ?p ; bud:amountYuan ?yuan .
  ?c bud:level "类" ; skos:notation ?code .
  OPTIONAL { ?line bud:itemLabel ?name }
  BIND (STRAFTER(STR(?p), "#") AS ?phase)
} GROUP BY ?year ?phase ?code ?name ORDER BY ?code ?year"""
UNITS = """SELECT DISTINCT ?name ?nature ?rank WHERE {
  ?unit org:subOrganizationOf $dept ; skos:prefLabel ?name .
  OPTIONAL { ?unit bud:unitNature ?nature } OPTIONAL { ?unit bud:unitRank ?rank }
} ORDER BY ?name LIMIT 500"""
DUTIES = """SELECT ?year ?n ?text WHERE {
  ?duty a bud:Duty ; bud:department $dept ; bud:order ?n ; rdf:value ?text .
  ?doc bud:statesDuty ?duty ; bud:fiscalYear ?year .
} ORDER BY DESC(?year) ?n LIMIT 500"""


@dataclass
class ClassRow:
    code: str
    name: str
    cells: dict[int, tuple[Decimal | None, Decimal | None]] = field(
        default_factory=dict
    )  # year: (budget, final)


@dataclass
class DepartmentView:
    years: list[int]
    rows: list[ClassRow]
    totals: dict[int, tuple[Decimal | None, Decimal | None]]
    units: list[tuple[str, str, str]]
    duties: list[str]
    duties_year: int | None


def rate(budget: Decimal | None, final: Decimal | None) -> str:
    """The execution rate (决算 / 预算), as a percentage to one decimal."""
    if budget is None or final is None or budget == 0:
        return ""
    return f"{final * 100 / budget:.1f}%"


def department_view(engine: Engine, dept: str) -> DepartmentView:
    ref = term(dept)
    rows: dict[str, ClassRow] = {}
    years: set[int] = set()
    for r in engine.select(_PREFIXES + BY_CLASS.replace("$dept", ref)).rows:
        year, phase, code = int(text_of(r[0])[:4]), text_of(r[1]), text_of(r[2])
        row = rows.setdefault(code, ClassRow(code, text_of(r[3])))
        row.name = row.name or text_of(r[3])
        years.add(year)
        budget, final = row.cells.get(year, (None, None))
        total = Decimal(text_of(r[4]))
        row.cells[year] = (total, final) if phase == "Budget" else (budget, total)
    totals: dict[int, tuple[Decimal | None, Decimal | None]] = {}
    for y in years:
        pairs = [r.cells[y] for r in rows.values() if y in r.cells]
        totals[y] = (
            _sum([b for b, _f in pairs if b is not None]),
            _sum([f for _b, f in pairs if f is not None]),
        )
    units = [
        (text_of(r[0]), text_of(r[1]), text_of(r[2]))
        for r in engine.select(_PREFIXES + UNITS.replace("$dept", ref)).rows
    ]
    duty_rows = engine.select(_PREFIXES + DUTIES.replace("$dept", ref)).rows
    latest = int(text_of(duty_rows[0][0])[:4]) if duty_rows else None
    duties = [text_of(r[2]) for r in duty_rows if int(text_of(r[0])[:4]) == latest]
    return DepartmentView(
        sorted(years), sorted(rows.values(), key=lambda r: r.code), totals, units, duties, latest
    )


def _sum(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) if values else None


def chart(view: DepartmentView, width: int = 640, height: int = 180) -> str:
    """An SVG bar chart of each year's total budget and final account (in 万元), made here: no script,
    no other host."""
    values = [v for y in view.years for v in view.totals[y] if v is not None]
    if not values:
        return ""
    top = max(values) or Decimal(1)
    slot = width / max(len(view.years), 1)
    bars, bar = [], slot / 3
    for k, y in enumerate(view.years):
        for j, (v, colour, what) in enumerate(
            zip(view.totals[y], ("#4a7fb5", "#d48a00"), ("预算", "决算"), strict=True)
        ):
            if v is None:
                continue
            h = float(v / top) * (height - 40)
            x = k * slot + 10 + j * bar
            label = f"{y} {what} {wan(v)} 万元"
            bars.append(
                f'<rect x="{x:.1f}" y="{height - 20 - h:.1f}" width="{bar - 4:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{label}</title></rect>'
            )
        bars.append(f'<text x="{k * slot + 10:.1f}" y="{height - 5}" font-size="12">{y}</text>')
    legend = ('<text x="10" y="14" font-size="12" fill="#4a7fb5">■ 预算 budget</text>'
              '<text x="120" y="14" font-size="12" fill="#d48a00">■ 决算 final account</text>')  # fmt: skip
    return (
        f'<svg id="chart" role="img" aria-label="预算与决算 budget and final account by year" '
        f'width="100%" viewBox="0 0 {width} {height}" class="chart">{legend}{"".join(bars)}</svg>'
    )
