"""Every setting of the publisher in one registry: name, default, help (as datasette does).

The `serve` command's options are made from this registry (`serve_options`), and the README's table
of them is checked against it by a test (`settings_table` writes it), so neither can drift.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from typing import Any

import click

from budgetlod.namespaces import DEFAULT_BASE

DEFAULT_PUBLIC_URL = "http://localhost/"


def setting(default: Any, help: str, metavar: str | None = None) -> Any:
    """A field of Settings that is also an option of `budgetlod serve`."""
    return field(default=default, metadata={"help": help, "metavar": metavar})


@dataclass(frozen=True)
class Settings:
    """What `budgetlod serve` runs with; the CLI fills it, tests build it directly."""

    store: str
    base: str = setting(DEFAULT_BASE, "Base IRI of the minted resources.", "IRI")
    public_url: str | None = setting(
        None, "URL the service is published at, written into the Service Description, DCAT and VoID "
        "(default: http://HOST:PORT/; set it behind a proxy). Never taken from a request's Host header.",
        "URL",
    )  # fmt: skip
    timeout: float = setting(
        10.0, "Seconds a query may run; past it its worker is killed and the client gets 503."
    )
    max_rows: int = setting(
        10_000, "Solutions or triples of one answer at most; the rest is cut (Budgetlod-Truncated)."
    )
    max_result_bytes: int = setting(
        64 * 2**20, "Bytes of one answer at most; cut past it, as at the row limit."
    )
    max_query_chars: int = setting(20_000, "Characters of query text accepted (413 beyond).")
    max_body: int = setting(256 * 1024, "Bytes of a request body accepted (413 beyond).")
    max_url: int = setting(
        32 * 1024, "Characters of a request's path and query string accepted (414 beyond)."
    )
    max_header_bytes: int = setting(64 * 1024, "Bytes of a request's headers accepted (431 beyond).")
    workers: int = setting(2, "Query worker processes (embedded store).")
    threads: int = setting(8, "HTTP threads.")
    queue_timeout: float = setting(
        30.0, "Seconds a query may wait for a free worker before the client gets 503."
    )
    worker_memory: int = setting(
        4096, "Address space of one query worker, MiB (RLIMIT_AS); past it 503.", "MIB"
    )
    per_client: int = setting(
        0, "Workers one client address may hold while other clients wait (0: workers - 1)."
    )
    sparql_endpoint: str | None = setting(
        None, "Query an external SPARQL 1.1 store at this URL instead.", "URL"
    )
    graph_store: str | None = setting(
        None,
        "The external store's Graph Store Protocol endpoint (for loading), or virtuoso-isql://HOST:PORT: "
        "Virtuoso's bulk loader (password in BUDGETLOD_VIRTUOSO_PASSWORD).",
        "URL",
    )
    license: str = setting(
        "http://creativecommons.org/publicdomain/zero/1.0/", "Licence of the published data.", "IRI"
    )
    title: str = setting(
        "budgetlod: Chinese government budget disclosures as linked open data", "Title of the catalogue."
    )
    publisher: str = setting(
        "budgetlod",
        "Name of who publishes the catalogue (its dct:publisher; a document's publisher is its department).",
    )

    @property
    def public_root(self) -> str:
        root = self.public_url or DEFAULT_PUBLIC_URL
        return root if root.endswith("/") else root + "/"

    def __post_init__(self) -> None:
        if not self.base.endswith("/"):
            object.__setattr__(self, "base", self.base + "/")
        for name in ("timeout", "max_rows", "max_query_chars", "max_body", "max_url", "max_header_bytes",
                     "workers", "threads", "queue_timeout", "worker_memory", "max_result_bytes"):  # fmt: skip
            if getattr(self, name) <= 0:
                raise ValueError(f"setting {name} must be positive, not {getattr(self, name)}")
        if self.per_client < 0:
            raise ValueError(f"setting per_client must not be negative, not {self.per_client}")
        if self.per_client == 0:
            object.__setattr__(self, "per_client", max(1, self.workers - 1))
        if self.public_url is not None and not re.match(r"https?://[^/\s]+(/\S*)?$", self.public_url):
            raise ValueError(f"--public-url must be an http(s) URL, not {self.public_url!r}")
        if bool(self.sparql_endpoint) != bool(self.graph_store):
            raise ValueError("an external store needs both --sparql-endpoint and --graph-store")


def registry() -> list[tuple[str, Any, str]]:
    """(option, default, help) of every setting a user can set."""
    return [
        (f"--{f.name.replace('_', '-')}", f.default, f.metadata["help"])
        for f in fields(Settings)
        if "help" in f.metadata
    ]


def serve_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add one click option per setting to the command (in the registry's order)."""
    for f in reversed([f for f in fields(Settings) if "help" in f.metadata]):
        default = None if f.default is MISSING else f.default
        kind = type(default) if default is not None else str
        command = click.option(
            f"--{f.name.replace('_', '-')}", f.name, default=default, type=kind,
            show_default=default is not None, metavar=f.metadata["metavar"], help=f.metadata["help"],
        )(command)  # fmt: skip
    return command


def settings_table() -> str:
    """The README's table of `serve` settings, made from the registry."""
    rows = ["| option | default | what it sets |", "|---|---|---|"]
    for option, default, help_text in registry():
        shown = "" if default is None else f"`{default}`"
        rows.append(f"| `{option}` | {shown} | {help_text} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(settings_table(), end="")
