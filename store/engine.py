"""Where queries run: the embedded Oxigraph store (worker processes) or an external SPARQL 1.1
store (the SPARQL protocol for queries, the Graph Store Protocol for loading).

Both give the web layer the same two calls: `run(job)` for a client's query (timeout, row limit,
serialised answer) and `select(query)` for the pages' own small queries.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from budgetlod.store.errors import Refused
from budgetlod.store.jobs import Answer, Job, write
from budgetlod.store.pool import WorkerPool
from budgetlod.store.results import Rows, take_solutions
from budgetlod.store.storedir import OXIGRAPH, Manifest
from budgetlod.terms import serialized

#: Rows a page's own query returns at most.
PAGE_ROWS = 2000


class Engine(Protocol):
    def run(self, job: Job) -> Answer: ...
    def select(self, query: str) -> Rows: ...
    def close(self) -> None: ...


class EmbeddedEngine:
    def __init__(
        self,
        generation: Path,
        workers: int,
        timeout: float,
        queue_timeout: float,
        memory_limit: int = 0,
    ) -> None:
        path = str(generation / OXIGRAPH)
        self.pool = WorkerPool(path, workers, timeout, queue_timeout, memory_limit)
        self.local = ox.Store.read_only(path)

    def run(self, job: Job) -> Answer:
        return self.pool.run(job)

    def select(self, query: str) -> Rows:
        return take_solutions(self.local.query(query, use_default_graph_as_union=True), PAGE_ROWS)  # type: ignore[arg-type]

    def close(self) -> None:
        self.pool.close()


class RemoteEngine:
    """An external store, e.g. `oxigraph serve --union-default-graph --timeout-s 10`.

    Its default graph must be the union of its named graphs (as the embedded store's is); the
    timeout is also enforced here, on the HTTP request.
    """

    def __init__(self, endpoint: str, graph_store: str, timeout: float) -> None:
        self.endpoint = endpoint
        self.graph_store = graph_store
        self.timeout = timeout

    def _post(self, job: Job, accept: str) -> bytes:
        params: list[tuple[str, str]] = []
        params += [("default-graph-uri", g) for g in job.default_graphs or []]
        params += [("named-graph-uri", g) for g in job.named_graphs or []]
        url = self.endpoint + ("?" + urllib.parse.urlencode(params) if params else "")
        text = f"BASE <{job.base_iri}>\n{job.query}" if job.base_iri else job.query
        req = urllib.request.Request(
            url, data=text.encode("utf-8"), method="POST",
            headers={"Content-Type": "application/sparql-query", "Accept": accept},
        )  # fmt: skip
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as e:
            message = e.read().decode("utf-8", "replace")[:2000]
            raise Refused(400 if e.code == 400 else 502, f"the store answered {e.code}: {message}") from None
        except (TimeoutError, urllib.error.URLError) as e:
            # urllib reports a timeout bare while reading, wrapped in URLError while connecting.
            if isinstance(e, TimeoutError) or isinstance(getattr(e, "reason", None), TimeoutError):
                raise Refused(
                    503, f"query stopped: it ran longer than the {self.timeout:g} s limit"
                ) from None
            raise Refused(502, f"the SPARQL store {self.endpoint} cannot be reached: {e.reason}") from None

    def run(self, job: Job) -> Answer:
        if job.form in ("SELECT", "ASK"):
            body = self._post(job, "application/sparql-results+json")
            return write(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON), job)  # type: ignore[arg-type]
        body = self._post(job, "application/n-triples")
        return write((q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)), job)  # type: ignore[arg-type]

    def select(self, query: str) -> Rows:
        job = Job(query, "SELECT", "application/sparql-results+json", PAGE_ROWS)
        body = self._post(job, "application/sparql-results+json")
        return take_solutions(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON), PAGE_ROWS)  # type: ignore[arg-type]

    def has_graph(self, graph: str) -> bool:
        q = f"ASK {{ GRAPH <{ox.NamedNode(graph).value}> {{ ?s ?p ?o }} }}"
        body = self._post(
            Job(q, "ASK", "application/sparql-results+json", 1), "application/sparql-results+json"
        )
        return bool(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        url = f"{self.graph_store}?{urllib.parse.urlencode({'graph': graph})}"
        req = urllib.request.Request(
            url, data=ntriples, method="PUT", headers={"Content-Type": "application/n-triples"}
        )
        with urllib.request.urlopen(req, timeout=max(self.timeout, 60)) as resp:
            resp.read()

    def sync(self, generation: Path, manifest: Manifest) -> int:
        """Put every graph of the manifest the external store lacks; returns how many were put.

        A graph's content comes from the generation's own store, not from its dump: a disclosure's
        dump also holds the shared resources, which the store keeps in the shared graph.
        """
        store = ox.Store.read_only(str(generation / OXIGRAPH))
        put = 0
        for entry in manifest.graphs:
            if not self.has_graph(entry.graph):
                quads = store.quads_for_pattern(None, None, None, ox.NamedNode(entry.graph))
                self.put_graph(entry.graph, serialized((q.triple for q in quads), ox.RdfFormat.N_TRIPLES))
                put += 1
        return put

    def close(self) -> None:
        pass


def open_engine(
    generation: Path,
    *,
    workers: int,
    timeout: float,
    queue_timeout: float,
    memory_limit: int,
    sparql_endpoint: str | None = None,
    graph_store: str | None = None,
) -> Engine:
    """The engine for a generation: an external store where one is named, else the embedded one."""
    if sparql_endpoint and graph_store:
        return RemoteEngine(sparql_endpoint, graph_store, timeout)
    return EmbeddedEngine(generation, workers, timeout, queue_timeout, memory_limit)
