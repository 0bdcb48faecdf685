"""DCAT catalogue, VoID description and SPARQL Service Description, built from the manifest.

They name public URLs (dumps, endpoint), so they are made when the application starts, for the
URL it is published at, and serialised then, once per format.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, VOID, XSD

from budgetlod import divisions
from budgetlod.extract.iris import catalog_iris, region_iri
from budgetlod.formats import BY_MEDIA_TYPE
from budgetlod.namespaces import BUD
from budgetlod.store import dumps
from budgetlod.store.results import GRAPH_TYPES, SOLUTION_TYPES
from budgetlod.store.storedir import GraphEntry, Manifest

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
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
PREFIXES = {"dcat": DCAT, "dct": DCTERMS, "void": VOID, "sd": SD, "foaf": FOAF, "bud": BUD, "rdfs": RDFS,
            "skos": SKOS, "spdx": SPDX}  # fmt: skip


def _bind(g: Graph) -> Graph:
    for k, v in PREFIXES.items():
        g.bind(k, v)
    return g


IANA = "https://www.iana.org/assignments/media-types/"
#: The EU's data themes (DCAT-AP's controlled vocabulary for dcat:theme).
THEMES = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
THEME_LABELS = {
    "GOVE": ("Government and public sector", "政府和公共部门"),
    "ECON": ("Economy and finance", "经济和财政"),
}
#: English names of the document kinds a disclosure prints.
KIND_EN = {"部门预算": "department budget", "单位预算": "unit budget",
           "部门决算": "department final accounts", "单位决算": "unit final accounts"}  # fmt: skip


def _typed(g: Graph, node: URIRef | BNode, cls: URIRef) -> URIRef | BNode:
    g.add((node, RDF.type, cls))
    return node


def _media_type(g: Graph, mt: str) -> URIRef:
    return _typed(g, URIRef(IANA + mt), DCTERMS.MediaType)  # type: ignore[return-value]


def _agent(g: Graph, node: URIRef, name: str, lang: str | None) -> URIRef:
    g.add((_typed(g, node, FOAF.Agent), FOAF.name, Literal(name, lang=lang)))
    return node


def _distributions(
    g: Graph, owner: URIRef, files: dict[str, str], digests: dict[str, list[int | str]], root: str,
    title: str, lic: URIRef | BNode,
) -> None:  # fmt: skip
    for label, rel in sorted(files.items()):
        dist = URIRef(f"{root}dumps/{rel}")
        g.add((owner, DCAT.distribution, _typed(g, dist, DCAT.Distribution)))
        g.add((dist, DCAT.accessURL, dist))  # a file: where it is reached is where it is downloaded
        g.add((dist, DCAT.downloadURL, dist))
        g.add((dist, DCAT.mediaType, _media_type(g, dumps.media_type(label))))
        if rel.endswith(".gz"):
            g.add((dist, DCAT.compressFormat, _media_type(g, "application/gzip")))
        g.add((dist, DCTERMS.title, Literal(f"{title}: {label}", lang="en")))
        g.add((dist, DCTERMS.license, lic))
        if label in digests:
            size, sha = digests[label]
            g.add((dist, DCAT.byteSize, Literal(Decimal(size), datatype=XSD.decimal)))
            checksum = _typed(g, BNode(), SPDX.Checksum)
            g.add((dist, SPDX.checksum, checksum))
            g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            g.add((checksum, SPDX.checksumValue, Literal(str(sha), datatype=XSD.hexBinary)))


def _place(g: Graph, base: str, region: str) -> URIRef | BNode:
    """The region printed: its GB/T 2260 division where the list names it (the same IRI as the
    departments' bud:region), else a location with the printed name only."""
    code = divisions.resolve(region)
    place = _typed(g, region_iri(base, code) if code else BNode(), DCTERMS.Location)
    name = "".join(n for _c, n in divisions.chain(code)) if code else region  # 河北省邯郸市
    g.add((place, RDFS.label, Literal(name, lang="zh")))
    if code:
        g.add((place, SKOS.notation, Literal(code)))
        g.add((place, DCTERMS.identifier, Literal(f"GB/T 2260 {code}")))
    return place


def _texts(e: GraphEntry) -> tuple[tuple[str, str], tuple[str, str]]:
    """(title zh, en), (description zh, en) of a document's dataset."""
    if not e.doc:
        return (f"RDF 文件 {e.source}", f"RDF file {e.source}"), (
            f"加载的 RDF 文件 {e.source}，{e.triples} 个三元组。",
            f"The RDF file {e.source} as loaded: {e.triples} triples.",
        )
    kind = e.document_kind or "预算公开"
    who = e.department or e.title or e.source
    year = f"{e.year} 年" if e.year else ""
    zh_title = e.title or f"{who}{year}{kind}"
    en_title = f"{who}: {KIND_EN.get(kind, 'budget disclosure')}{f' {e.year}' if e.year else ''}"
    pages = f"，{e.pages} 页" if e.pages else ""
    zh = (
        f"{who}公开的{year}{kind}（{e.source}{pages}）读出的表格、预算行、分类编码、绩效目标与情况说明，"
        f"共 {e.triples} 个三元组；校验发现 {e.violations} 处违规、{e.warnings} 处警告。"
    )
    en = (f"The tables, budget lines, classification codes, performance targets and narrative read from "
          f"the {KIND_EN.get(kind, 'budget disclosure')}{f' {e.year}' if e.year else ''} that {who} "
          f"published ({e.source}{f', {e.pages} pages' if e.pages else ''}): {e.triples} triples; "
          f"validation found {e.violations} violations and {e.warnings} warnings.")  # fmt: skip
    return (zh_title, en_title), (zh, en)


def _bilingual(g: Graph, node: URIRef, prop: URIRef, texts: tuple[str, str]) -> None:
    g.add((node, prop, Literal(texts[0], lang="zh")))
    g.add((node, prop, Literal(texts[1], lang="en")))


def catalog_graph(
    m: Manifest, root: str, title: str, license_iri: str, publisher: str = "budgetlod"
) -> Graph:
    """The DCAT catalogue (DCAT-AP 3.0.0: tests/test_dcat_ap.py): one dataset per document, the whole
    corpus, the endpoint as a data service; VoID and the Service Description linked from it."""
    g = _bind(Graph())
    cat, corpus, service = catalog_iris(m.base)
    lic = _typed(g, URIRef(license_iri), DCTERMS.LicenseDocument)
    own = _agent(g, URIRef(f"{root}#publisher"), publisher, None)
    themes = _typed(g, URIRef(str(THEMES).rstrip("/")), SKOS.ConceptScheme)
    g.add((themes, DCTERMS.title, Literal("Data theme", lang="en")))
    for key, (en, zh) in THEME_LABELS.items():
        _bilingual(g, _typed(g, THEMES[key], SKOS.Concept), SKOS.prefLabel, (zh, en))  # type: ignore[arg-type]
        g.add((THEMES[key], SKOS.inScheme, themes))
    _typed(g, cat, DCAT.Catalog)
    g.add((cat, DCTERMS.title, Literal(title, lang="en")))
    g.add((cat, DCTERMS.title, Literal("budgetlod：中国政府部门预算决算公开的关联开放数据", lang="zh")))
    _bilingual(g, cat, DCTERMS.description, (
        f"各部门公开的部门预算与决算文件读成的知识图谱：{len(m.disclosures())} 份文件，"
        "每份一个数据集，另有全部文件的合集与 SPARQL 查询服务。",
        "Chinese government departments' budget and final-account disclosures read into one knowledge "
        f"graph: {len(m.disclosures())} documents, one dataset each, the whole corpus, a SPARQL endpoint.",
    ))  # fmt: skip
    g.add((cat, DCTERMS.publisher, own))
    g.add((cat, DCTERMS.license, lic))
    g.add((cat, FOAF.homepage, _typed(g, URIRef(root), FOAF.Document)))
    g.add((cat, DCTERMS.modified, Literal(m.created, datatype=XSD.dateTime)))
    g.add((cat, DCAT.themeTaxonomy, themes))
    g.add((cat, RDFS.seeAlso, URIRef(f"{root}.well-known/void")))  # VoID (RFC 5785 place)
    g.add((cat, DCAT.service, _typed(g, service, DCAT.DataService)))
    _bilingual(g, service, DCTERMS.title, ("SPARQL 1.1 查询服务", "SPARQL 1.1 endpoint"))
    _bilingual(g, service, DCTERMS.description, (
        "只读的 SPARQL 1.1 协议查询服务，覆盖全部数据集；不带查询的 GET 返回其服务描述。",
        "A read-only SPARQL 1.1 Protocol endpoint over every dataset; a GET without a query answers "
        "its Service Description.",
    ))  # fmt: skip
    g.add((service, DCAT.endpointURL, URIRef(f"{root}sparql")))
    g.add((service, DCAT.endpointDescription, URIRef(f"{root}sparql")))  # the Service Description
    protocol = _typed(g, URIRef("https://www.w3.org/TR/sparql11-protocol/"), DCTERMS.Standard)
    g.add((service, DCTERMS.conformsTo, protocol))
    g.add((service, DCTERMS.license, lic))
    g.add((service, DCTERMS.publisher, own))
    g.add((service, DCAT.servesDataset, corpus))
    g.add((cat, DCAT.dataset, _typed(g, corpus, DCAT.Dataset)))
    _bilingual(g, corpus, DCTERMS.title, ("全部文件", "All documents"))
    _bilingual(g, corpus, DCTERMS.description, (
        "全部文件的数据合集：N-Quads、N-Triples、Turtle、JSON-LD 与各类 CSV 导出。",
        "Every document's data in one: N-Quads, N-Triples, Turtle, JSON-LD and the CSV exports.",
    ))  # fmt: skip
    _dataset_common(g, corpus, own, lic)
    g.add((corpus, RDFS.seeAlso, URIRef(f"{root}.well-known/void")))
    _distributions(g, corpus, m.dumps, m.digests, root, "all documents", lic)
    for e in m.graphs:
        if e.kind in ("disclosure", "rdf"):
            _dataset(g, e, m.base, root, cat, service, own, lic)
    return g


def _dataset_common(g: Graph, ds: URIRef, publisher: URIRef, lic: URIRef | BNode) -> None:
    g.add((ds, DCTERMS.license, lic))
    g.add((ds, DCTERMS.publisher, publisher))
    for key in THEME_LABELS:
        g.add((ds, DCAT.theme, THEMES[key]))


def _dataset(
    g: Graph, e: GraphEntry, base: str, root: str, cat: URIRef, service: URIRef, own: URIRef,
    lic: URIRef | BNode,
) -> None:  # fmt: skip
    ds = URIRef(e.doc or e.graph)
    g.add((cat, DCAT.dataset, _typed(g, ds, DCAT.Dataset)))
    g.add((service, DCAT.servesDataset, ds))
    titles, descriptions = _texts(e)
    _bilingual(g, ds, DCTERMS.title, titles)
    _bilingual(g, ds, DCTERMS.description, descriptions)
    publisher = own
    if e.department_iri:
        publisher = _agent(g, URIRef(e.department_iri), e.department or titles[0], "zh")
    _dataset_common(g, ds, publisher, lic)
    g.add((ds, DCTERMS.issued, Literal(e.loaded, datatype=XSD.dateTime)))
    g.add((ds, DCTERMS.identifier, Literal(e.sha256)))
    if e.year:
        period = _typed(g, BNode(), DCTERMS.PeriodOfTime)
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, DCAT.startDate, Literal(f"{e.year}-01-01", datatype=XSD.date)))
        g.add((period, DCAT.endDate, Literal(f"{e.year}-12-31", datatype=XSD.date)))
    if e.region:
        g.add((ds, DCTERMS.spatial, _place(g, base, e.region)))
    _distributions(g, ds, e.dumps, e.digests, root, titles[1], lic)


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
