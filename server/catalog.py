"""DCAT catalogue, VoID description and SPARQL Service Description, built from the manifest.

They name public URLs (dumps, endpoint), so they are made when the application starts, for the
URL it is published at, and serialised then, once per format.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD

from budgetlod.extract.iris import catalog_iris
from budgetlod.formats import BY_MEDIA_TYPE
from budgetlod.namespaces import BUD
from budgetlod.store import dumps
from budgetlod.store.results import GRAPH_TYPES, SOLUTION_TYPES
from budgetlod.store.storedir import Manifest

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
#: W3C format IRIs of the result formats the endpoint writes (sd:resultFormat).
FORMAT_IRIS = {
    "application/sparql-results+json": FORMATS.SPARQL_Results_JSON,
    "application/sparql-results+xml": FORMATS.SPARQL_Results_XML,
    "text/csv": FORMATS.SPARQL_Results_CSV,
    "text/tab-separated-values": FORMATS.SPARQL_Results_TSV,
    "text/turtle": FORMATS.Turtle,
    "application/n-triples": FORMATS["N-Triples"],
    "application/rdf+xml": FORMATS.RDF_XML,
    "application/ld+json": FORMATS["JSON-LD"],
}
PREFIXES = {"dcat": DCAT, "dct": DCTERMS, "void": VOID, "sd": SD, "foaf": FOAF, "bud": BUD, "rdfs": RDFS}


def _bind(g: Graph) -> Graph:
    for k, v in PREFIXES.items():
        g.bind(k, v)
    return g


def _distributions(g: Graph, owner: URIRef, files: dict[str, str], root: str, title: str) -> None:
    for label, rel in sorted(files.items()):
        dist = URIRef(f"{root}dumps/{rel}")
        g.add((owner, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, dist))
        g.add(
            (
                dist,
                DCAT.mediaType,
                URIRef(f"https://www.iana.org/assignments/media-types/{dumps.media_type(label)}"),
            )
        )
        if rel.endswith(".gz"):
            g.add(
                (
                    dist,
                    DCAT.compressFormat,
                    URIRef("https://www.iana.org/assignments/media-types/application/gzip"),
                )
            )
        g.add((dist, DCTERMS.title, Literal(f"{title}: {label}", lang="en")))


def catalog_graph(m: Manifest, root: str, title: str, license_iri: str) -> Graph:
    """The DCAT catalogue: one dataset per document, the whole corpus, the endpoint as a data service."""
    g = _bind(Graph())
    cat, corpus, service = catalog_iris(m.base)
    lic = URIRef(license_iri)
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, Literal(title, lang="en")))
    g.add((cat, DCTERMS.license, lic))
    g.add((cat, FOAF.homepage, URIRef(root)))
    g.add((cat, DCTERMS.modified, Literal(m.created, datatype=XSD.dateTime)))
    g.add((cat, DCAT.service, service))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCTERMS.title, Literal("SPARQL 1.1 endpoint", lang="en")))
    g.add((service, DCAT.endpointURL, URIRef(f"{root}sparql")))
    g.add((service, DCAT.endpointDescription, URIRef(f"{root}sparql")))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((service, DCAT.servesDataset, corpus))
    g.add((cat, DCAT.dataset, corpus))
    g.add((corpus, RDF.type, DCAT.Dataset))
    g.add((corpus, DCTERMS.title, Literal("All documents", lang="en")))
    g.add((corpus, DCTERMS.license, lic))
    _distributions(g, corpus, m.dumps, root, "all documents")
    for e in m.graphs:
        if e.kind not in ("disclosure", "rdf"):
            continue
        ds = URIRef(e.doc or e.graph)
        g.add((cat, DCAT.dataset, ds))
        g.add((service, DCAT.servesDataset, ds))
        g.add((ds, RDF.type, DCAT.Dataset))
        g.add((ds, DCTERMS.title, Literal(e.title or e.source, lang="zh" if e.doc else None)))
        g.add((ds, DCTERMS.license, lic))
        g.add((ds, DCTERMS.source, Literal(e.source)))
        g.add((ds, DCTERMS.issued, Literal(e.loaded, datatype=XSD.dateTime)))
        g.add((ds, DCTERMS.identifier, Literal(e.sha256)))
        if e.department_iri:
            g.add((ds, DCTERMS.publisher, URIRef(e.department_iri)))
        if e.year:
            period = BNode()
            g.add((ds, DCTERMS.temporal, period))
            g.add((period, RDF.type, DCTERMS.PeriodOfTime))
            g.add((period, DCAT.startDate, Literal(f"{e.year}-01-01", datatype=XSD.date)))
            g.add((period, DCAT.endDate, Literal(f"{e.year}-12-31", datatype=XSD.date)))
        if e.region:
            place = BNode()
            g.add((ds, DCTERMS.spatial, place))
            g.add((place, RDF.type, DCTERMS.Location))
            g.add((place, RDFS.label, Literal(e.region, lang="zh")))
        _distributions(g, ds, e.dumps, root, e.title or e.source)
    return g


def void_graph(m: Manifest, root: str, license_iri: str) -> Graph:
    """VoID: the corpus with its endpoint, dumps, URI space and one subset per named graph."""
    g = _bind(Graph())
    ds = catalog_iris(m.base)[1]
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal("budgetlod corpus", lang="en")))
    g.add((ds, DCTERMS.license, URIRef(license_iri)))
    g.add((ds, VOID.sparqlEndpoint, URIRef(f"{root}sparql")))
    g.add((ds, VOID.uriSpace, Literal(m.base)))
    g.add((ds, VOID.vocabulary, URIRef(str(BUD))))
    g.add((ds, VOID.triples, Literal(sum(e.triples for e in m.graphs))))
    for label in ("nquads-gzip", "turtle", "ntriples-gzip", "jsonld"):
        if label in m.dumps:
            g.add((ds, VOID.dataDump, URIRef(f"{root}dumps/{m.dumps[label]}")))
    for e in m.graphs:
        sub = URIRef(e.graph)
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, VOID.triples, Literal(e.triples)))
        g.add((sub, DCTERMS.title, Literal(e.title or e.source or e.graph)))
        if "ntriples-gzip" in e.dumps:
            g.add((sub, VOID.dataDump, URIRef(f"{root}dumps/{e.dumps['ntriples-gzip']}")))
    return g


def service_description(m: Manifest, endpoint: str) -> Graph:
    """SPARQL 1.1 Service Description of the endpoint at `endpoint`."""
    g = _bind(Graph())
    svc = BNode()
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, URIRef(endpoint)))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))
    for mt in SOLUTION_TYPES + GRAPH_TYPES:
        g.add((svc, SD.resultFormat, FORMAT_IRIS[mt]))
    dataset, default = BNode(), BNode()
    g.add((svc, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(sum(e.triples for e in m.graphs))))
    for e in m.graphs:
        named, graph = BNode(), BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(e.graph)))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(e.triples)))
    return g


#: rdflib serialiser names for the RDF media types pages and descriptions are offered in.
RDFLIB_FORMATS = {mt: BY_MEDIA_TYPE[mt].rdflib for mt in GRAPH_TYPES}


def serialise_all(g: Graph) -> dict[str, bytes]:
    """The graph in every RDF media type, once."""
    return {mt: g.serialize(format=fmt, encoding="utf-8") for mt, fmt in RDFLIB_FORMATS.items()}
