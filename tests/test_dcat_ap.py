"""The catalogue a server publishes conforms to DCAT-AP 3.0.0 (issue 20): the official SHACL shapes
and range shapes (tests/data/dcat-ap/, with their provenance) find no violation in `/catalog`, and each
dataset carries what a harvester shows: bilingual title and description, publisher, place, period,
theme, licence, and per distribution access and download URL, media type, byte size and checksum."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SH, SKOS

from tests.conftest import DATA

SPDX = "http://spdx.org/rdf/terms#"
SHAPES = DATA / "dcat-ap"


@pytest.fixture(scope="module")
def catalog(client) -> Graph:  # type: ignore[no-untyped-def]
    resp = client.get("/catalog", headers={"Accept": "text/turtle"})
    assert resp.status_code == 200
    return Graph().parse(data=resp.get_data(as_text=True), format="turtle")


@pytest.fixture(scope="module")
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


def _violations(data: Graph) -> list[str]:
    shapes = Graph()
    for name in ("dcat-ap-3.0.0-shapes.ttl", "dcat-ap-3.0.0-range.ttl"):
        shapes.parse(SHAPES / name, format="turtle")
    _conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True
    )
    assert isinstance(results, Graph)
    return sorted(
        f"{results.value(r, SH.focusNode)} {results.value(r, SH.resultPath)}: "
        f"{results.value(r, SH.resultMessage)}"
        for r in results.subjects(RDF.type, SH.ValidationResult)
        if results.value(r, SH.resultSeverity) == SH.Violation
    )


def test_the_catalogue_passes_the_dcat_ap_3_shapes(catalog: Graph) -> None:
    assert _violations(catalog) == []


def test_the_shapes_do_find_what_the_catalogue_used_to_lack(catalog: Graph) -> None:
    """The shapes run here catch the issue's findings: a distribution without dcat:accessURL, a dataset
    without description, a catalogue without publisher, a literal dct:source."""
    broken = Graph()
    for t in catalog:
        broken.add(t)
    dist = next(catalog.subjects(RDF.type, DCAT.Distribution))
    broken.remove((dist, DCAT.accessURL, None))
    cat = next(catalog.subjects(RDF.type, DCAT.Catalog))
    broken.remove((cat, DCTERMS.publisher, None))
    ds = next(d for d in catalog.subjects(RDF.type, DCAT.Dataset) if (d, DCTERMS.source, None) not in catalog)
    broken.remove((ds, DCTERMS.description, None))
    broken.add((ds, DCTERMS.source, Literal("handan.pdf")))
    found = "\n".join(_violations(broken))
    for what in (f"{dist} {DCAT.accessURL}", f"{cat} {DCTERMS.publisher}", f"{ds} {DCTERMS.description}",
                 f"{ds} {DCTERMS.source}"):  # fmt: skip
        assert what in found, found


def test_each_dataset_says_what_a_harvester_shows(catalog: Graph, served_store: Path) -> None:
    datasets = [d for d in catalog.subjects(RDF.type, DCAT.Dataset) if "/doc/" in str(d)]
    assert len(datasets) == 2  # the two disclosures of the session store
    for ds in datasets:
        for prop in (DCTERMS.title, DCTERMS.description):
            assert {o.language for o in catalog.objects(ds, prop) if isinstance(o, Literal)} == {"zh", "en"}
        publisher = catalog.value(ds, DCTERMS.publisher)
        assert (publisher, RDF.type, FOAF.Agent) in catalog and catalog.value(publisher, FOAF.name)
        place = catalog.value(ds, DCTERMS.spatial)
        assert str(place).endswith(f"/region/{catalog.value(place, SKOS.notation)}")  # GB/T 2260
        assert catalog.value(catalog.value(ds, DCTERMS.temporal), DCAT.startDate) is not None
        assert set(catalog.objects(ds, DCAT.theme)) >= {
            URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE")
        }
        assert catalog.value(ds, DCTERMS.license) is not None
        dists = list(catalog.objects(ds, DCAT.distribution))
        assert len(dists) >= 10  # RDF dumps, seven CSVs, source, findings
        for dist in dists:
            url = catalog.value(dist, DCAT.downloadURL)
            assert url is not None and catalog.value(dist, DCAT.accessURL) == url
            assert catalog.value(dist, DCAT.mediaType) is not None
            path = served_store / "current" / "dumps" / str(url).split("/dumps/", 1)[1]
            data = path.read_bytes()
            assert Decimal(str(catalog.value(dist, DCAT.byteSize))) == len(data)
            checksum = catalog.value(dist, URIRef(SPDX + "checksum"))
            assert (
                str(catalog.value(checksum, URIRef(SPDX + "checksumValue")))
                == hashlib.sha256(data).hexdigest()
            )


def test_void_and_the_service_description_are_linked_from_the_catalogue(catalog: Graph) -> None:
    cat = next(catalog.subjects(RDF.type, DCAT.Catalog))
    seen = {str(o) for o in catalog.objects(cat, URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"))}
    assert any(s.endswith("/.well-known/void") for s in seen)
    service = catalog.value(cat, DCAT.service)
    assert str(catalog.value(service, DCAT.endpointDescription)).endswith("/sparql")
