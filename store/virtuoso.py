"""Virtuoso Open Source 7 as the external store: graphs go in through its bulk loader.

    budgetlod serve --store STORE --sparql-endpoint http://127.0.0.1:8890/sparql \\
        --graph-store virtuoso-isql://127.0.0.1:1111

The loader runs Virtuoso's `ld_add` / `rdf_loader_run` over its SQL port with `isql-vt` (Debian's
name for Virtuoso's isql), as user `BUDGETLOD_VIRTUOSO_USER` (default dba) with the password in
`BUDGETLOD_VIRTUOSO_PASSWORD` (required: no default password is tried). Virtuoso reads the files
itself, so it must run on this machine with the store's folder in its `DirsAllowed`
(`write_ini` writes such a configuration; `scripts/start-virtuoso` starts one).

A disclosure goes in as the N-Quads share its build worker wrote for the corpus dumps (its graph
name kept); other graphs (ontology, shared resources, RDF files) are written from the generation's
store first. The shared graph and the ontology change from build to build: they are cleared and
loaded again at every sync.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from budgetlod.store.dumps import GZIP_LEVEL
from budgetlod.store.storedir import DUMPS, GraphEntry

SCHEME = "virtuoso-isql://"
#: Graph kinds whose content changes from one generation to the next under the same name.
REFRESHED = ("shared", "ontology")
#: The graph Virtuoso puts triples without a graph in (our files are all quads: none should).
UNNAMED = "urn:budgetlod:unnamed"
LOAD_FOLDER = "virtuoso-load"  # under the generation: graphs written for the loader
ISQL_TIMEOUT = 3600.0  # seconds a bulk load may take


class VirtuosoError(RuntimeError):
    pass


def isql_program() -> str:
    for name in ("isql-vt", "isql"):
        found = shutil.which(name)
        if found:
            return found
    raise VirtuosoError(
        "Virtuoso's isql is not installed (scripts/install-virtuoso, or apt-get install virtuoso-opensource)"
    )


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class BulkLoader:
    address: str  # host:port of Virtuoso's SQL listener
    user: str
    password: str

    @classmethod
    def from_url(cls, url: str) -> BulkLoader:
        address = url.removeprefix(SCHEME).rstrip("/")
        password = os.environ.get("BUDGETLOD_VIRTUOSO_PASSWORD")
        if not password:
            raise VirtuosoError("set BUDGETLOD_VIRTUOSO_PASSWORD to the Virtuoso user's password")
        return cls(address, os.environ.get("BUDGETLOD_VIRTUOSO_USER", "dba"), password)

    def run(self, sql: str) -> str:
        """Run SQL statements; raises VirtuosoError with Virtuoso's message when one fails."""
        # The statements go on stdin, so that only the credentials are on the command line.
        cmd = [
            isql_program(),
            self.address,
            self.user,
            self.password,
            "VERBOSE=OFF",
            "BANNER=OFF",
            "PROMPT=OFF",
        ]
        try:
            res = subprocess.run(
                cmd, input=sql + "\n", capture_output=True, text=True, timeout=ISQL_TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            raise VirtuosoError(f"Virtuoso at {self.address}: no answer within {ISQL_TIMEOUT:g} s") from None
        out = res.stdout + res.stderr
        if res.returncode != 0 or "*** Error" in out:
            message = next((line for line in out.splitlines() if "Error" in line), out.strip()[-500:])
            raise VirtuosoError(f"Virtuoso at {self.address}: {message}")
        return res.stdout

    def load(self, generation: Path, store: ox.Store, entries: list[GraphEntry], present: set[str]) -> int:
        """Bulk-load `entries` (graphs of `generation`); those in `present` are cleared first."""
        files: list[tuple[Path, str]] = []
        folder = generation / LOAD_FOLDER
        for i, entry in enumerate(entries):
            share = entry.parts.get("nquads-gzip")
            if share and (generation / DUMPS / share).exists():
                files.append(((generation / DUMPS / share).resolve(), entry.graph))
                continue
            folder.mkdir(exist_ok=True)
            path = folder / f"{i}.nq.gz"
            node = ox.NamedNode(entry.graph)
            with gzip.open(path, "wb", compresslevel=GZIP_LEVEL) as gz:
                ox.serialize(store.quads_for_pattern(None, None, None, node), gz, format=ox.RdfFormat.N_QUADS)  # type: ignore[arg-type]
            files.append((path.resolve(), entry.graph))
        if not files:
            return 0
        statements = [f"SPARQL CLEAR GRAPH <{e.graph}>;" for e in entries if e.graph in present]
        statements += [f"ld_add({_sql_string(str(f))}, {_sql_string(UNNAMED)});" for f, _ in files]
        statements += ["rdf_loader_run();", "checkpoint;"]
        self.run("\n".join(statements))
        names = ", ".join(_sql_string(str(f)) for f, _ in files)
        failed = self.run(
            f"SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_file IN ({names}) "
            "AND (ll_error IS NOT NULL OR ll_state <> 2);"
        )
        if any(str(f) in failed for f, _ in files):
            raise VirtuosoError(f"Virtuoso at {self.address} could not load every graph:\n{failed.strip()}")
        shutil.rmtree(folder, ignore_errors=True)
        return len(files)


def write_ini(folder: Path, sql_port: int, http_port: int, allowed: list[Path], timeout_s: int) -> Path:
    """A configuration for a Virtuoso of budgetlod's own: its database in `folder`, listening on
    loopback only, reading files from `allowed` only, stopping a query at `timeout_s` seconds and
    never cutting an answer short silently (ResultSetMaxRows above any row limit of budgetlod)."""
    folder.mkdir(parents=True, exist_ok=True)
    dirs = ", ".join(str(p.resolve()) for p in [folder, *allowed])
    vsp = Path("/var/lib/virtuoso-opensource-7/vsp")
    text = f"""[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {dirs}
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
MaxQueryMem = 1G
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp if vsp.is_dir() else folder}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = {timeout_s}
MaxQueryCostEstimationTime = 0
"""
    path = folder / "virtuoso.ini"
    path.write_text(text, encoding="utf-8")
    return path
