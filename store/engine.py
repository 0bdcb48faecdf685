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
from budgetlod.store.virtuoso import REFRESHED, BulkLoader
from budgetlod.store.virtuoso import SCHEME as VIRTUOSO
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
        text = f"BASE <{job.base_iri}>\n{job.query}" if job.base_iri else job.query
        params: list[tuple[str, str]] = [("query", text)]
        params += [("default-graph-uri", g) for g in job.default_graphs or []]
        params += [("named-graph-uri", g) for g in job.named_graphs or []]
        # A form, the protocol's one POST every store takes (Virtuoso 7 stalls on a bare
        # application/sparql-query body).
        req = urllib.request.Request(
            self.endpoint, data=urllib.parse.urlencode(params).encode("ascii"), method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )  # fmt: skip
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                # Virtuoso stops a query at its MaxQueryExecutionTime and sends what it has so far
                # ("anytime" answers), or cuts it at ResultSetMaxRows: never served as an answer.
                if resp.headers.get("X-SQL-State") or resp.headers.get("X-SPARQL-MaxRows"):
                    raise Refused(
                        503, f"query stopped: it ran longer than the {self.timeout:g} s limit"
                        if resp.headers.get("X-SQL-State") == "S1TAT"
                        else "the SPARQL store cut the answer short; it is not served",
                    )  # fmt: skip
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

    def _results(self, job: Job) -> ox.QuerySolutions | ox.QueryBoolean:
        results = ox.parse_query_results(
            self._post(job, "application/sparql-results+json"), format=ox.QueryResultsFormat.JSON
        )
        if job.form == "ASK" and isinstance(results, ox.QuerySolutions):
            # Virtuoso 7 answers ASK as one row of __ASK_RETVAL (1 or 0), whatever the format
            names = [v.value for v in results.variables]
            rows = list(results)
            if names == ["__ASK_RETVAL"] and len(rows) <= 1:
                value = rows[0]["__ASK_RETVAL"] if rows else None
                answer = value is not None and value.value not in ("0", "false")
                return ox.parse_query_results(  # type: ignore[return-value]
                    b'{"head":{},"boolean":%s}' % (b"true" if answer else b"false"),
                    format=ox.QueryResultsFormat.JSON,
                )
            raise Refused(502, "the SPARQL store answered ASK with rows")
        return results

    def run(self, job: Job) -> Answer:
        if job.form in ("SELECT", "ASK"):
            return write(self._results(job), job)  # type: ignore[arg-type]
        body = self._post(job, "application/n-triples")
        return write((q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)), job)  # type: ignore[arg-type]

    def select(self, query: str) -> Rows:
        job = Job(query, "SELECT", "application/sparql-results+json", PAGE_ROWS)
        return take_solutions(self._results(job), PAGE_ROWS)  # type: ignore[arg-type]

    def has_graph(self, graph: str) -> bool:
        q = f"ASK {{ GRAPH <{ox.NamedNode(graph).value}> {{ ?s ?p ?o }} }}"
        return bool(self._results(Job(q, "ASK", "application/sparql-results+json", 1)))

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
        present = {e.graph for e in manifest.graphs if self.has_graph(e.graph)}
        # the shared graph and the ontology change under the same name from build to build
        todo = [e for e in manifest.graphs if e.graph not in present or e.kind in REFRESHED]
        if self.graph_store.startswith(VIRTUOSO):  # its bulk loader over isql (store/virtuoso.py)
            return BulkLoader.from_url(self.graph_store).load(generation, store, todo, present)
        for entry in todo:
            quads = store.quads_for_pattern(None, None, None, ox.NamedNode(entry.graph))
            self.put_graph(entry.graph, serialized((q.triple for q in quads), ox.RdfFormat.N_TRIPLES))
        return len(todo)

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
