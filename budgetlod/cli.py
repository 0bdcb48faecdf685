"""The `budgetlod` command: a thin layer that calls the library and maps errors to exit codes.

Exit codes: 0 ok; 1 findings (strict failures, violations); 2 could not run (bad input, bad
arguments).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TextIO, cast

import click
from rdflib import Dataset, Graph

from budgetlod.exports import EXPORTS, write_export
from budgetlod.extract import (
    Extraction,
    ExtractionError,
    ReaderFailure,
    extract_document,
    extract_documents,
    extraction_to_graph,
    extraction_triples,
)
from budgetlod.extract.limits import DEFAULT_LIMITS
from budgetlod.formats import rdf_format
from budgetlod.namespaces import DEFAULT_BASE
from budgetlod.outputs import atomic_text
from budgetlod.report import Checked, html_report, text_report, ttl_report
from budgetlod.resources import load_shapes
from budgetlod.server.settings import Settings, serve_options
from budgetlod.terms import to_quads, turtle
from budgetlod.validation import validate_graph
from budgetlod.version import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_CANNOT_RUN = 0, 1, 2


def stdout() -> TextIO:
    """Standard output as UTF-8 text (click's typing says `object`: hence the cast)."""
    return cast(Callable[..., TextIO], click.get_text_stream)("stdout", encoding="utf-8")


def fail(message: str) -> None:
    """Print one line naming what went wrong and exit with 2 (could not run)."""
    click.echo(f"budgetlod: error: {message}", err=True)
    sys.exit(EXIT_CANNOT_RUN)


def fail_document(e: ExtractionError) -> None:
    """A document that could not be read: one line; a reader's traceback goes to a log file named."""
    if isinstance(e, ReaderFailure):
        fd, log = tempfile.mkstemp(prefix="budgetlod-error-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"{e}\n\n{e.details}")
        fail(f"{e} (traceback in {log})")
    fail(str(e))


ABSENCE_WORDS = {
    "missing": "missing",
    "not-listed": "not printed (nor in the document's list)",
    "not-in-template": "not in this template",
    "not-read": "not read",
}


def report(x: Extraction) -> list[str]:
    """The extraction report: what was read, declared empty, missing or unparsed."""
    meta = x.metadata
    pages = f", {x.page_count} pages" if x.page_count else ""
    who = " ".join(str(p) for p in (meta.department, meta.year, meta.document_kind) if p)
    files = " + ".join(s.path for s in x.sources) or x.path
    lines = [f"{files}: {who or 'unknown department'}{pages}"]
    read = [t for t in x.tables if t.rows]
    empty = [t for t in x.tables if not t.rows and t.declared_empty]
    cells = sum(len(r.cells) for t in x.tables for r in t.rows)
    lines.append(
        f"  {len(read)} tables read ({cells} cells), {len(empty)} declared empty, {len(x.missing)} missing"
    )
    source = f"its own list of {len(x.listed)} tables" if x.listed else "no list of its tables"
    lines.append(f"  template: {x.template.name_zh} ({x.template.key}); {source}")
    for a in x.absent:
        lines.append(f"  {ABSENCE_WORDS[a.status]}: {a.describe()}")
    for p in x.problems:
        lines.append(f"  {p.what}: {p.where}: {p.message}")
    if len(x.sources) > 1:
        parts = ", ".join(f"{os.path.basename(s.path)} ({s.tables} tables)" for s in x.sources)
        lines.append(f"  read as one document from {len(x.sources)} files: {parts}")
    if meta.year is None:
        lines.append("  warning: no fiscal year printed")
    if meta.department is None:
        lines.append("  warning: no department name printed")
    return lines


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="budgetlod")
def cli() -> None:
    """Chinese government budget disclosures as linked open data."""


@cli.command()
@click.argument("input_paths", metavar="INPUT...", nargs=-1, required=True)
@click.option("-o", "--output", required=True, metavar="OUT.ttl", help="Turtle file to write; - for stdout.")
@click.option(
    "--strict", is_flag=True, help="Exit 1 (and write nothing) if a table is missing or a figure unparsed."
)
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI for the resources minted.")
@click.option("-q", "--quiet", is_flag=True, help="Do not print the extraction report.")
def extract(input_paths: tuple[str, ...], output: str, strict: bool, base: str, quiet: bool) -> None:
    """Extract one disclosure (PDF or text conversion) to Turtle; several INPUTs are the files of
    one publication (its narrative and its tables), read as one document."""
    input_path = " + ".join(input_paths)
    try:
        x = extract_documents(list(input_paths))
    except ExtractionError as e:
        fail_document(e)
        return
    if not quiet:
        click.echo("\n".join(report(x)), err=True)
    if strict and (x.missing or x.unread or x.problems):
        click.echo(f"budgetlod: strict: {input_path}: incomplete extraction, nothing written", err=True)
        sys.exit(EXIT_FINDINGS)
    body = turtle(q.triple for q in to_quads(extraction_triples(x, base)))
    with atomic_text(output) as fh:
        fh.write(body.decode("utf-8"))


@cli.command(name="export")
@click.argument("kind", type=click.Choice(sorted(EXPORTS)))
@click.argument("graph_path", metavar="GRAPH")
def export_cmd(kind: str, graph_path: str) -> None:
    """Write a CSV view (KIND) of a graph (Turtle) to standard output."""
    g = Graph()
    try:
        g.parse(graph_path, format="turtle")
    except FileNotFoundError:
        fail(f"{graph_path}: no such file")
    except Exception as e:  # rdflib raises parser-specific types
        fail(f"{graph_path}: not a readable Turtle graph ({type(e).__name__}: {e})")
    write_export(kind, g, stdout())


def doubts(x: Extraction) -> list[str]:
    """What we could not read in a document: doubts about our reading, never findings about it."""
    lines = [f"{ABSENCE_WORDS[a.status]}: {a.describe()}" for a in x.absent if a.status != "not-in-template"]
    lines += [f"{p.what}: {p.where}: {p.message}" for p in x.problems]
    if x.metadata.year is None:
        lines.append("no fiscal year printed: the rules about years were not applied")
    return lines


def load_input(path: str) -> tuple[Graph, list[str]]:
    """A graph to validate: an RDF file as it is (budgetlod/formats.py), or a disclosure extracted
    first; with the doubts about the extraction (none for a graph).

    Raises ExtractionError (for a document) or ValueError (for an unreadable graph).
    """
    fmt = rdf_format(path)
    if fmt is not None:
        if not os.path.exists(path):
            raise ValueError(f"{path}: no such file")
        try:
            if fmt.quads:  # every graph of the file, merged: the rules are about the triples
                merged = Graph()
                for s, p, o, _ in Dataset().parse(path, format=fmt.rdflib).quads((None, None, None, None)):
                    merged.add((s, p, o))
                return merged, []
            return Graph().parse(path, format=fmt.rdflib), []
        except Exception as e:  # rdflib raises parser-specific types
            raise ValueError(f"{path}: not a readable graph ({type(e).__name__}: {e})") from e
    x = extract_document(path)
    return extraction_to_graph(x), doubts(x)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "ttl", "html"]), default="text", show_default=True,
    help="text: readable report grouped by rule; ttl: the sh:ValidationReport; html: a page.",
)  # fmt: skip
@click.option(
    "-o", "--output", default="-", metavar="FILE", help="Where to write the report (default stdout)."
)
@click.option("--engine", type=click.Choice(["oxigraph", "pyshacl"]), default="oxigraph", show_default=True)
@click.option(
    "--explain", is_flag=True,
    help="Also report (as sh:Info) each rule that was not applied because its premise does not hold.",
)  # fmt: skip
def validate(inputs: tuple[str, ...], fmt: str, output: str, engine: str, explain: bool) -> None:
    """Check disclosures (PDF, text) or graphs (.ttl, .nt, …) against the accounting rules.

    Findings are about the document (its figures or words disagree); what we could not read in it
    is listed apart, as doubts about our reading, and never counted as a finding.

    Exit 0 when every input conforms (warnings do not fail), 1 when any has a violation, 2 when
    an input could not be read (the others are still checked and reported).
    """
    shapes = load_shapes(explain)
    checked: list[Checked] = []
    failed = False
    for path in inputs:
        try:
            graph, doubted = load_input(path)
        except (ExtractionError, ValueError) as e:
            click.echo(f"budgetlod: error: {e}", err=True)
            failed = True
            continue
        report = validate_graph(graph, engine=engine, shapes=shapes)  # type: ignore[arg-type]
        checked.append(Checked(path, report, doubted))
    base = None if output == "-" else os.path.dirname(os.path.abspath(output))
    pages = {
        "text": lambda: text_report(checked),
        "ttl": lambda: ttl_report(checked),
        "html": lambda: html_report(checked, base),
    }
    with atomic_text(output) as fh:
        fh.write(pages[fmt]())
    if failed:
        sys.exit(EXIT_CANNOT_RUN)
    if any(c.report.violations for c in checked):
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("inputs", nargs=-1, metavar="[INPUT...]")
@click.option("--store", required=True, metavar="PATH", help="Store folder (created if missing).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@serve_options
@click.option("--load-only", is_flag=True, help="Load the INPUTs into the store, then exit.")
def serve(inputs: tuple[str, ...], store: str, host: str, port: int, load_only: bool, **options: Any) -> None:
    """Load INPUTs (disclosures, RDF files, folders) into the store and serve it over HTTP:
    SPARQL at /sparql, pages at /, dumps at /dumps/, DCAT at /catalog, VoID at /.well-known/void.
    """
    from budgetlod.server.app import create_app, store_of

    try:
        shown = "localhost" if host in ("0.0.0.0", "::", "") else (f"[{host}]" if ":" in host else host)
        options["public_url"] = options["public_url"] or f"http://{shown}:{port}/"
        settings = Settings(store=store, **options)
    except ValueError as e:
        fail(str(e))
        return
    failed = False
    if inputs:
        try:
            summary = store_of(settings).load(
                inputs, settings.base, log=lambda m: click.echo(m, err=True), jobs=os.cpu_count() or 1
            )
        except (ValueError, OSError, RuntimeError) as e:
            fail(str(e))
            return
        failed = bool(summary.failed)
        click.echo(
            f"store {store}: {len(summary.loaded)} graphs loaded, {len(summary.skipped)} already there, "
            f"{len(summary.failed)} failed",
            err=True,
        )
        for path, why in summary.failed:
            click.echo(
                f"budgetlod: error: {why}" if path in why else f"budgetlod: error: {path}: {why}", err=True
            )
    if load_only:
        sys.exit(EXIT_CANNOT_RUN if failed else EXIT_OK)
    try:
        app = create_app(settings)
    except (FileNotFoundError, OSError, RuntimeError) as e:
        fail(str(e))
        return
    import waitress

    logging.basicConfig(level=logging.INFO, format="budgetlod: %(message)s")
    # Stop on SIGTERM as on Ctrl-C, and on SIGINT even when started with it ignored (a background job)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stop)
    click.echo(f"serving {store} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    waitress.serve(
        app, host=host, port=port, threads=settings.threads, ident="budgetlod",
        max_request_body_size=settings.max_body, max_request_header_size=settings.max_header_bytes,
    )  # fmt: skip


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class Progress:
    """A progress bar on a terminal, plain log lines otherwise (CI logs, pipes)."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.width = 0

    def log(self, message: str) -> None:
        if self.tty:
            click.echo("\r" + " " * self.width + "\r", err=True, nl=False)
            self.width = 0
        click.echo(message, err=True)

    def step(self, done: int, total: int) -> None:
        if self.tty and total:
            filled = 30 * done // total
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}"
            self.width = len(bar)
            click.echo("\r" + bar, err=True, nl=False)
            if done == total:
                click.echo("", err=True)
                self.width = 0


@cli.command()
@click.argument("folders", nargs=-1, required=True, metavar="DIR...")
@click.option("--store", required=True, metavar="PATH", help="Store folder (created if missing).")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the minted resources.")
@click.option("--force", is_flag=True, help="Read every document again, even those already in the store.")
@click.option(
    "--jobs", default=os.cpu_count() or 1, show_default="CPU count", type=click.IntRange(min=1),
    help="Documents read at once.",
)  # fmt: skip
@click.option(
    "--doc-timeout", default=DEFAULT_LIMITS.seconds, show_default=True, type=click.FloatRange(min=0.1),
    help="Seconds one document may take to read; past it the document fails and its worker is replaced.",
)  # fmt: skip
@click.option("--no-wait", is_flag=True, help="Exit at once if another build is loading this store.")
@click.option(
    "--scheduler", metavar="ADDRESS", default=None,
    help="Read the documents on the Dask cluster of this scheduler (tcp://host:8786) instead of --jobs "
    "local processes; its workers must see the store folder at the same path. "
    "Needs budgetlod[distributed].",
)  # fmt: skip
def build(
    folders: tuple[str, ...], store: str, base: str, force: bool, jobs: int, doc_timeout: float,
    no_wait: bool, scheduler: str | None,
) -> None:  # fmt: skip
    """Extract and validate every disclosure under the folders (PDF and text), load the store and
    write its dumps. A document already in the store (same SHA-256) is not read again.

    Exit 0 when every file loaded, 2 when a file could not be read (the others are loaded) or the
    store is busy with another build (with --no-wait).
    """
    from budgetlod.store.cluster import ClusterError
    from budgetlod.store.facade import Store
    from budgetlod.store.storedir import StoreBusy

    for folder in folders:
        if not os.path.isdir(folder):
            fail(f"{folder}: not a folder")
    progress = Progress()
    limits = replace(DEFAULT_LIMITS, seconds=doc_timeout)
    try:
        summary = Store(store).load(
            folders, base, force=force, log=progress.log, jobs=jobs, progress=progress.step, limits=limits,
            wait=not no_wait, scheduler=scheduler,
        )  # fmt: skip
    except (ValueError, OSError, StoreBusy, RuntimeError, ClusterError) as e:
        fail(str(e))
        return
    docs = [e for e in summary.loaded if e.kind == "disclosure"]
    click.echo(
        f"store {store}: {len(docs)} documents loaded ({sum(e.violations for e in docs)} violations, "
        f"{sum(e.warnings for e in docs)} warnings), {len(summary.loaded) - len(docs)} other graphs, "
        f"{len(summary.skipped)} already in the store (not read again), {len(summary.failed)} failed",
        err=True,
    )
    for files in summary.paired:
        click.echo(
            f"  one publication in {len(files)} files, read as one document: {' + '.join(files)}", err=True
        )
    for path, why in summary.failed:
        click.echo(f"  failed: {why if path in why else f'{path}: {why}'}", err=True)
    sys.exit(EXIT_CANNOT_RUN if summary.failed else EXIT_OK)


@cli.command(name="compare")
@click.argument("code")
@click.option("--store", required=True, metavar="PATH", help="A store built by `budgetlod build` or `serve`.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option(
    "--exact", is_flag=True, help="This code only (not the same 行政运行-like item under other 款)."
)
def compare_cmd(code: str, store: str, fmt: str, exact: bool) -> None:
    """One classification CODE (类, 款 or 项) across departments, regions and years, in 元 (CSV)."""
    import json

    from budgetlod.store.compare import COLUMNS, check_code, compare, rows_csv
    from budgetlod.store.facade import Store

    try:
        check_code(code)
        select = Store(store).selector(limit=1_000_000)
    except (ValueError, FileNotFoundError) as e:
        fail(str(e))
        return
    rows = compare(select, code, by_item=not exact)
    out = stdout()
    if fmt == "json":
        out.write(
            json.dumps(
                {"code": code, "columns": list(COLUMNS), "rows": [r.values for r in rows]}, ensure_ascii=False
            )
            + "\n"
        )
    else:
        out.write(rows_csv(rows))


def main() -> None:
    # pdfminer warns through logging about every oddity it works around; the report says what matters
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    cli()
