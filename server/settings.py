"""Every setting of the publisher in one registry: name, default, help (as datasette does)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlod.namespaces import DEFAULT_BASE

DEFAULT_PUBLIC_URL = "http://localhost/"


@dataclass(frozen=True)
class Settings:
    """What `budgetlod serve` runs with; the CLI fills it, tests build it directly."""

    store: str
    base: str = DEFAULT_BASE
    #: URL the service is reached at, for the Service Description, DCAT and VoID; `serve` defaults it
    #: to its own address. Never taken from a request's Host header.
    public_url: str | None = None
    #: Seconds a query may run before its worker is killed and the client gets 503.
    timeout: float = 10.0
    #: Solutions (SELECT) or triples (CONSTRUCT/DESCRIBE) returned at most; the rest is cut off
    #: and the response says so in the `Budgetlod-Truncated` header.
    max_rows: int = 10_000
    #: Characters of query text accepted (413 beyond).
    max_query_chars: int = 20_000
    #: Bytes of request body accepted (413 beyond).
    max_body: int = 256 * 1024
    #: Characters of a request's path and query string accepted (414 beyond; a long query is POSTed).
    max_url: int = 32 * 1024
    #: Bytes of a request's headers accepted (431 beyond, by the HTTP server).
    max_header_bytes: int = 64 * 1024
    #: Query worker processes (embedded store).
    workers: int = 2
    #: Seconds a query may wait for a free worker (behind slow queries) before the client gets 503.
    queue_timeout: float = 30.0
    #: Address space of one query worker, in MiB (RLIMIT_AS); a query past it gets 503.
    worker_memory: int = 4096
    #: Bytes of one answer at most; past it the answer is cut as at the row limit.
    max_result_bytes: int = 64 * 2**20
    #: Workers one client (address) may hold while other clients wait (fair share).
    per_client: int = 0  # 0: one less than the workers (at least one), so no client holds them all
    #: External SPARQL 1.1 query endpoint; None = the embedded Oxigraph store.
    sparql_endpoint: str | None = None
    #: External Graph Store Protocol endpoint used to load graphs into that store.
    graph_store: str | None = None
    #: Licence of the published data (DCAT, VoID, pages).
    license: str = "http://creativecommons.org/publicdomain/zero/1.0/"
    title: str = "budgetlod: Chinese government budget disclosures as linked open data"

    @property
    def public_root(self) -> str:
        root = self.public_url or DEFAULT_PUBLIC_URL
        return root if root.endswith("/") else root + "/"

    def __post_init__(self) -> None:
        if not self.base.endswith("/"):
            object.__setattr__(self, "base", self.base + "/")
        for name in ("timeout", "max_rows", "max_query_chars", "max_body", "workers", "queue_timeout",
                     "worker_memory", "max_result_bytes"):  # fmt: skip
            if getattr(self, name) <= 0:
                raise ValueError(f"setting {name} must be positive, not {getattr(self, name)}")
        if self.per_client <= 0:
            object.__setattr__(self, "per_client", max(1, self.workers - 1))
        if self.public_url is not None and not re.match(r"https?://[^/\s]+(/\S*)?$", self.public_url):
            raise ValueError(f"--public-url must be an http(s) URL, not {self.public_url!r}")
        if bool(self.sparql_endpoint) != bool(self.graph_store):
            raise ValueError("an external store needs both --sparql-endpoint and --graph-store")
