"""Extraction of budget disclosures (PDF or text conversion) into tables, then RDF."""

from budgetlod.extract.document import extract_document, extract_documents
from budgetlod.extract.errors import ExtractionError, InputError, ReaderFailure
from budgetlod.extract.graph import extraction_to_graph, extraction_triples
from budgetlod.extract.model import Extraction

__all__ = [
    "Extraction",
    "ExtractionError",
    "InputError",
    "ReaderFailure",
    "extract_document",
    "extract_documents",
    "extraction_to_graph",
    "extraction_triples",
]
