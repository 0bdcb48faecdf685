"""Every namespace the project writes, in one place (never spell a term IRI elsewhere)."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SKOS, XSD, DefinedNamespace

_TERMS: dict[tuple[str, str], URIRef] = {}


class _Namespace(Namespace):
    """A namespace whose terms are made once: rdflib's makes a new URIRef on every `BUD.amount`,
    and a document's graph asks for the same few terms thousands of times."""

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):  # copy, pickle and the like probe for these
            raise AttributeError(name)
        key = (str(self), name)
        term = _TERMS.get(key)
        if term is None:
            term = _TERMS[key] = super().__getattr__(name)
        return term


#: The budget ontology (ontology/budget.ttl).
BUD = _Namespace("https://w3id.org/budgetlod/ontology#")
#: Default base for the IRIs the extractor mints for documents, tables, cells and lines.
DEFAULT_BASE = "https://w3id.org/budgetlod/id/"
#: The store's graph holding the ontology itself, and the one holding the 类 → COFOG linkset.
ONTOLOGY_GRAPH = "https://w3id.org/budgetlod/ontology"
MAPPING_GRAPH = "https://w3id.org/budgetlod/cofog-mapping"

SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_CODE = Namespace("http://purl.org/linked-data/sdmx/2009/code#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
CURRENCY = Namespace("http://publications.europa.eu/resource/authority/currency/")
OBEU_PHASE = Namespace("http://data.openbudgets.eu/resource/codelist/budget-phase/")

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "bud": BUD,
    "qb": QB,
    "skos": SKOS,
    "org": ORG,
    "prov": PROV,
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "sdmx-attribute": SDMX_ATTRIBUTE,
    "sdmx-code": SDMX_CODE,
    "sdmx-measure": SDMX_MEASURE,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
}

#: The same prefixes as plain strings, for pyoxigraph's serialisers.
TURTLE_PREFIXES: dict[str, str] = {k: str(v) for k, v in PREFIXES.items()}


def prologue(*names: str) -> str:
    """SPARQL PREFIX lines for the named prefixes of PREFIXES (the one place they are spelled)."""
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)


__all__ = [
    "BUD",
    "CURRENCY",
    "DCAT",
    "DCTERMS",
    "DEFAULT_BASE",
    "FOAF",
    "MAPPING_GRAPH",
    "OBEU_PHASE",
    "ONTOLOGY_GRAPH",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "QB",
    "RDF",
    "RDFS",
    "SDMX_ATTRIBUTE",
    "SDMX_CODE",
    "SDMX_MEASURE",
    "SKOS",
    "XSD",
    "prologue",
]
