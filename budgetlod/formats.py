"""Every RDF format the project reads or writes, in one table: file suffixes, media type, and the
names rdflib and pyoxigraph give it. `validate`, `serve`/`build` loading, the SPARQL results and
the catalogue all take their formats from here, so a file one command reads the others read too."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class RdfFormat:
    key: str
    suffixes: tuple[str, ...]
    media_type: str
    rdflib: str
    oxigraph: ox.RdfFormat
    quads: bool = False  # carries graph names (TriG, N-Quads)


FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("turtle", (".ttl",), "text/turtle", "turtle", ox.RdfFormat.TURTLE),
    RdfFormat("ntriples", (".nt",), "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    RdfFormat("rdfxml", (".rdf", ".owl"), "application/rdf+xml", "xml", ox.RdfFormat.RDF_XML),
    RdfFormat("jsonld", (".jsonld",), "application/ld+json", "json-ld", ox.RdfFormat.JSON_LD),
    RdfFormat("n3", (".n3",), "text/n3", "n3", ox.RdfFormat.N3),
    RdfFormat("trig", (".trig",), "application/trig", "trig", ox.RdfFormat.TRIG, quads=True),
    RdfFormat("nquads", (".nq",), "application/n-quads", "nquads", ox.RdfFormat.N_QUADS, quads=True),
)
BY_SUFFIX = {suffix: f for f in FORMATS for suffix in f.suffixes}
BY_MEDIA_TYPE = {f.media_type: f for f in FORMATS}
#: Suffixes of the documents themselves (disclosures), read by the extractor.
DOCUMENT_SUFFIXES = (".pdf", ".txt", ".xlsx", ".xls", ".html", ".htm")


def rdf_format(path: str) -> RdfFormat | None:
    """The RDF format a file's name says it is in, or None (a document, or something else)."""
    return BY_SUFFIX.get(os.path.splitext(path)[1].lower())
