"""Example queries: shown on the query page, listed in the README, timed by the benchmark."""

from __future__ import annotations

from dataclasses import dataclass

from budgetlod.namespaces import prologue

PREFIXES = prologue("bud", "skos", "dct", "qb")


@dataclass(frozen=True)
class Example:
    key: str
    title: str
    query: str


EXAMPLES = (
    Example(
        "totals-by-lei",
        "支出总表 totals by 类 across the corpus, in 元 / Expenditure totals by function class",
        PREFIXES
        + """SELECT ?code (SAMPLE(?label) AS ?name) (SUM(?yuan) AS ?total_yuan) (COUNT(?line) AS ?lines)
WHERE {
  ?line a bud:BudgetLine ;
        bud:tableKind bud:table-expenditure-summary ;
        bud:column bud:col-total ;
        bud:functionalClassification ?c ;
        bud:itemLabel ?label ;
        bud:amountYuan ?yuan .
  ?c bud:level "类" ; skos:notation ?code .
}
GROUP BY ?code
ORDER BY DESC(?total_yuan)""",
    ),
    Example(
        "department-lines",
        "One department's budget lines (支出总表, 合计) / A department's lines",
        PREFIXES
        + """SELECT ?document ?code ?name ?amount ?unit ?yuan ?line
WHERE {
  ?dept skos:prefLabel "上海市普陀区财政局"@zh .
  ?line a bud:BudgetLine ;
        bud:department ?dept ;
        bud:tableKind bud:table-expenditure-summary ;
        bud:column bud:col-total ;
        bud:functionalClassification/skos:notation ?code ;
        bud:itemLabel ?name ;
        bud:amount ?amount ;
        bud:printedUnit ?unit ;
        bud:amountYuan ?yuan ;
        qb:dataSet/dct:title ?document .
}
ORDER BY ?document ?code""",
    ),
    Example(
        "code-across-departments",
        "One code across departments and years: 2080505 机关事业单位基本养老保险缴费支出 / One code compared",
        PREFIXES
        + """SELECT ?department ?year ?phase ?amount ?unit ?yuan ?line
WHERE {
  ?line a bud:BudgetLine ;
        bud:tableKind bud:table-expenditure-summary ;
        bud:column bud:col-total ;
        bud:functionalClassification/skos:notation "2080505" ;
        bud:department/skos:prefLabel ?department ;
        bud:fiscalYear ?year ;
        bud:budgetPhase/skos:prefLabel ?phase ;
        bud:amount ?amount ;
        bud:printedUnit ?unit ;
        bud:amountYuan ?yuan .
  FILTER(LANG(?phase) = "zh")
}
ORDER BY ?department ?year""",
    ),
)

#: The benchmark's "simple query": one triple pattern, a handful of rows.
SIMPLE_QUERY = PREFIXES + "SELECT ?doc ?title WHERE { ?doc a bud:Disclosure ; dct:title ?title } LIMIT 10"


def example(key: str) -> Example:
    return next(e for e in EXAMPLES if e.key == key)
