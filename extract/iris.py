"""IRIs minted for extracted resources: stable, readable, and the same for every run."""

from __future__ import annotations

import re

from rdflib import URIRef

# ASCII characters that may not stand in an IRI path segment, plus our own separators.
_UNSAFE = re.compile(r"[\x00-\x20\"<>{}|\\^`#?/%\[\]]")


def segment(text: str) -> str:
    """A path segment from free text: white space removed, unsafe ASCII percent-encoded.

    Chinese text stays as it is (IRIs allow it), so `department/邯郸市行政审批局` reads as printed.
    """
    text = "".join(text.split())
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), text)


class Minter:
    """Mints every IRI of one document under a base IRI."""

    def __init__(self, base: str, sha256: str) -> None:
        self.base = base if base.endswith("/") else base + "/"
        self.doc = URIRef(f"{self.base}doc/{sha256[:16]}")

    def source(self, sha256: str) -> URIRef:
        """One file of a document published as several files."""
        return URIRef(f"{self.doc}/file/{sha256[:16]}")

    def table(self, key: str) -> URIRef:
        return URIRef(f"{self.doc}/table/{key}")

    def cell(self, key: str, row: int, col: int) -> URIRef:
        return URIRef(f"{self.doc}/table/{key}/cell/{row}-{col}")

    def line(self, key: str, row: int, col: int) -> URIRef:
        return URIRef(f"{self.doc}/table/{key}/line/{row}-{col}")

    def target(self, n: int) -> URIRef:
        return URIRef(f"{self.doc}/target/{n}")

    def indicator(self, n: int, k: int) -> URIRef:
        return URIRef(f"{self.doc}/target/{n}/indicator/{k}")

    def project(self, department: str, name: str, region: str | None = None) -> URIRef:
        """One IRI per project of a department, whichever table names it.

        A target table says `邯郸市行政审批局大楼运行及审批业务经费` where the procurement table says
        `行政审批局大楼运行及审批业务经费`: the key drops the region prefix and a trailing 经费.
        """
        key = "".join(name.split())
        if region:
            key = key.removeprefix(region)
        key = key.removesuffix("经费") or key
        return URIRef(f"{self.base}project/{segment(department)}/{segment(key)}")

    def procurement(self, n: int) -> URIRef:
        return URIRef(f"{self.doc}/procurement/{n}")

    def asset(self, n: int) -> URIRef:
        return URIRef(f"{self.doc}/asset/{n}")

    def funding(self, n: int, k: int) -> URIRef:
        """The k-th funding source of procurement row n."""
        return URIRef(f"{self.doc}/procurement/{n}/funding/{k}")

    def duty(self, n: int) -> URIRef:
        return URIRef(f"{self.doc}/duty/{n}")

    def statement(self, key: str) -> URIRef:
        return URIRef(f"{self.doc}/statement/{key}")

    def explanation(self, n: int) -> URIRef:
        """The narrative's n-th explanation of a budget line."""
        return URIRef(f"{self.doc}/explanation/{n}")

    def explained_figure(self, n: int, key: str) -> URIRef:
        """A figure (amount, execution, budget, change …) of the n-th explanation."""
        return URIRef(f"{self.doc}/explanation/{n}/{key}")

    def claim(self, kind: str, n: int) -> URIRef:
        """The n-th claim of a kind (change, reason, year) the narrative makes."""
        return URIRef(f"{self.doc}/claim/{kind}/{n}")

    def unnamed_department(self) -> URIRef:
        """The department of a document that prints no name: its own, known by the document."""
        return URIRef(f"{self.doc}/department")

    def glossary(self) -> URIRef:
        return URIRef(f"{self.base}glossary")

    def term(self, name: str) -> URIRef:
        return URIRef(f"{self.base}term/{segment(name)}")

    def extraction(self) -> URIRef:
        return URIRef(f"{self.doc}/extraction")

    def department(self, name: str) -> URIRef:
        return URIRef(f"{self.base}department/{segment(name)}")

    def scheme(self, kind: str, year: int) -> URIRef:
        return URIRef(f"{self.base}code/{kind}/{year}")

    def code(self, kind: str, year: int, code: str) -> URIRef:
        return URIRef(f"{self.base}code/{kind}/{year}/{code}")

    def shared_scheme(self, kind: str) -> URIRef:
        """The classification across edition years (one concept per code for every document)."""
        return URIRef(f"{self.base}code/{kind}")

    def shared_code(self, kind: str, code: str) -> URIRef:
        return URIRef(f"{self.base}code/{kind}/{code}")

    def region(self, code: str) -> URIRef:
        return region_iri(self.base, code)

    def regions(self) -> URIRef:
        return URIRef(f"{self.base}region")

    def department_type(self, name: str) -> URIRef:
        return URIRef(f"{self.base}department-type/{segment(name)}")

    def department_types(self) -> URIRef:
        return URIRef(f"{self.base}department-type")

    def item(self, label: str) -> URIRef:
        return URIRef(f"{self.base}item/{segment(label)}")

    def column(self, role: str) -> URIRef:
        return URIRef(f"{self.base}column/{segment(role)}")

    def software(self, version: str) -> URIRef:
        return URIRef(f"{self.base}software/budgetlod/{version}")


# The store's named graphs, minted here like every other IRI under the base.
def disclosure_graph(base: str, sha256: str) -> str:
    return f"{base}graph/{sha256[:16]}"


def file_graph(base: str, file_name: str) -> str:
    return f"{base}graph/file/{segment(file_name)}"


def shared_graph(base: str) -> str:
    """Resources several documents name (departments, codes, projects, terms) live here once, so
    the union default graph states each fact once and joins through them do not repeat rows."""
    return f"{base}graph/shared"


def region_iri(base: str, code: str) -> URIRef:
    """A GB/T 2260 division (shared by every document, and the catalogue's dct:spatial)."""
    return URIRef(f"{base}region/{code}")


def catalog_iris(base: str) -> tuple[URIRef, URIRef, URIRef]:
    """The DCAT catalogue, the whole-corpus dataset and the SPARQL service."""
    return URIRef(f"{base}catalog"), URIRef(f"{base}dataset/all"), URIRef(f"{base}service/sparql")
