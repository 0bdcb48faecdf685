"""Departments, regions, department types, codes across editions and COFOG: the links that make
documents comparable, checked in the store `budgetlod build` makes of the samples."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetlod.depttypes import department_type
from budgetlod.divisions import chain, resolve
from budgetlod.store.storedir import OXIGRAPH, StoreDir

P = """PREFIX bud: <https://w3id.org/budgetlod/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


def select(store: Path, query: str) -> list[tuple[str, ...]]:
    gen = StoreDir(store).current()
    assert gen is not None
    db = ox.Store.read_only(str(gen / OXIGRAPH))
    return sorted(
        tuple(t.value if t else "" for t in r) for r in db.query(P + query, use_default_graph_as_union=True)
    )


@pytest.mark.parametrize(
    ("printed", "code"),
    [("邯郸市", "130400"), ("上海市普陀区", "310107"), ("河北省邯郸市", "130400"), ("邯郸市丛台区", "130403"),
     ("上海市", "310000"), ("普陀区", None), ("邯郸市行政审批局", None), ("", None)],
)  # fmt: skip
def test_printed_regions_resolve_only_when_unambiguous(printed: str, code: str | None) -> None:
    assert resolve(printed) == code


def test_division_chains_go_up_to_the_province() -> None:
    assert chain("130403") == [("130000", "河北省"), ("130400", "邯郸市"), ("130403", "丛台区")]
    assert chain("310107") == [("310000", "上海市"), ("310107", "普陀区")]


@pytest.mark.parametrize(
    ("name", "region", "kind"),
    [("上海市普陀区财政局", "上海市普陀区", "财政局"), ("邯郸市财政局", "邯郸市", "财政局"),
     ("上海市普陀区长征镇街道办事处", "上海市普陀区", "街道办事处"), ("财政局", None, None),
     ("普陀区商务委员会", "上海市普陀区", None)],
)  # fmt: skip
def test_department_types(name: str, region: str | None, kind: str | None) -> None:
    assert department_type(name, region) == kind


def test_one_department_iri_across_years_and_phases(built_store: Path) -> None:
    rows = select(
        built_store,
        """SELECT ?dept ?title WHERE {
      ?doc a bud:Disclosure ; bud:department ?dept ; dct:title ?title .
      ?dept skos:prefLabel "上海市普陀区财政局"@zh }""",
    )
    assert {r[0] for r in rows} == {"https://w3id.org/budgetlod/id/department/上海市普陀区财政局"}
    assert [r[1] for r in rows] == ["上海市普陀区财政局 2024 部门决算", "上海市普陀区财政局 2025 部门预算"]


def test_departments_sit_in_their_regions_and_types(built_store: Path) -> None:
    rows = select(
        built_store,
        """SELECT DISTINCT ?name ?code ?up ?type WHERE {
      ?doc a bud:Disclosure ; bud:department ?dept .
      ?dept skos:prefLabel ?name ; bud:region ?r ; org:classification/skos:prefLabel ?type .
      ?r skos:notation ?code ; skos:broader/skos:notation ?up }""",
    )
    assert rows == [
        ("上海市普陀区商务委员会", "310107", "310000", "商务委员会"),
        ("上海市普陀区社会福利院", "310107", "310000", "社会福利院"),
        ("上海市普陀区财政局", "310107", "310000", "财政局"),
        ("邯郸市行政审批局", "130400", "130000", "行政审批局"),
    ]
    provinces = select(
        built_store,
        "SELECT ?c ?n WHERE { ?r skos:notation ?c ; skos:prefLabel ?n . FILTER(?c IN ('130000', '310000')) }",
    )
    assert provinces == [("130000", "河北省"), ("310000", "上海市")]


def test_one_concept_per_code_with_each_editions_labels(built_store: Path) -> None:
    rows = select(
        built_store,
        """SELECT ?year ?label WHERE {
      ?edition skos:exactMatch <https://w3id.org/budgetlod/id/code/functional/2010601> ;
               skos:inScheme/bud:editionYear ?year ; bud:printedLabel ?label }""",
    )
    assert rows == [("2024", "行政运行"), ("2025", "行政运行")]
    # Handan's misprinted 201 label is kept beside the right one, in its own edition.
    labels = select(
        built_store,
        """SELECT DISTINCT ?label WHERE {
      ?e skos:exactMatch <https://w3id.org/budgetlod/id/code/functional/201> ;
         skos:inScheme/bud:editionYear ?y ; bud:printedLabel ?label . FILTER(STR(?y) = "2023") }""",
    )
    assert labels == [("一般公共服务支出",), ("一般公共预算支出",)]


def test_lei_codes_map_to_cofog_with_their_source(built_store: Path) -> None:
    rows = select(
        built_store,
        """SELECT ?code ?cofog ?method WHERE {
      ?c skos:notation ?code ; skos:inScheme <https://w3id.org/budgetlod/id/code/functional> ;
         skos:closeMatch|skos:broadMatch|skos:relatedMatch ?cofog .
      ?s rdf:subject ?c ; rdf:object ?cofog ;
         dct:source ?method }""",
    )
    got = {code: cofog.rsplit("/", 1)[1] for code, cofog, _ in rows}
    assert got == {"201": "01", "206": "014", "208": "10", "210": "07", "215": "04", "216": "04", "221": "06"}
    assert {m for *_, m in rows} == {"https://w3id.org/budgetlod/cofog-mapping/method"}
