"""A query job and its answer: what crosses from the web process to a query worker and back."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from budgetlod.store.results import (
    take_solutions,
    take_triples,
    write_boolean,
    write_solutions,
    write_triples,
)


@dataclass(frozen=True)
class Job:
    query: str
    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE
    media_type: str
    max_rows: int
    #: Protocol dataset (default-graph-uri / named-graph-uri); None = the query's or the service's.
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    #: No FROM in the query and no protocol dataset: the default graph is the union of all graphs.
    union: bool = True
    prefixes: dict[str, str] = field(default_factory=dict)
    #: Base IRI for relative IRIs in the query: the endpoint's URL, as the protocol suggests.
    base_iri: str | None = None
    #: Bytes of the answer at most (about: terms as N-Triples); past it the answer is cut.
    max_bytes: int | None = None


@dataclass(frozen=True)
class Answer:
    body: bytes
    count: int  # rows or triples returned (1 for ASK)
    truncated: bool


def write(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list, job: Job) -> Answer:
    """Serialise an engine's result for the job, cut to its row limit."""
    if isinstance(result, ox.QueryBoolean):
        return Answer(write_boolean(bool(result), job.media_type), 1, False)
    if isinstance(result, ox.QuerySolutions):
        rows = take_solutions(result, job.max_rows, job.max_bytes)
        return Answer(write_solutions(rows, job.media_type), len(rows.rows), rows.truncated)
    triples, cut = take_triples(result, job.max_rows, job.max_bytes)
    return Answer(write_triples(triples, job.media_type, job.prefixes), len(triples), cut)


def run_on_store(store: ox.Store, job: Job) -> Answer:
    """Evaluate a job on an Oxigraph store (raises SyntaxError for a malformed query)."""
    kwargs: dict[str, object] = {}
    if job.default_graphs is not None or job.named_graphs is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs or []]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or []]
    elif job.union:
        kwargs["use_default_graph_as_union"] = True
    return write(store.query(job.query, base_iri=job.base_iri, **kwargs), job)  # type: ignore[arg-type]
