"""Reader for disclosures published as web pages (.html): paragraphs and tables become lines.

A `<table>` that holds no other table is a data table: each `<tr>` becomes a line, one field per
grid column, `rowspan` and `colspan` expanded as a text conversion prints a spanning cell (its text
at its top-left, the cells it covers empty), so the tables go through the text form's reader. A
table that holds tables lays out the page: its cells are read as blocks. Headings, paragraphs,
list items and other blocks become plain lines. The portal around the disclosure (navigation,
menus, header, footer, scripts, forms) is left out. Each field keeps where it was, `table 3 row 5
col 4`, which the graph gives as the cell's bud:sourceCell. The page is read from a file: the
product does not crawl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from budgetlod.extract.errors import InputError
from budgetlod.extract.lines import Line, joined, line_of
from budgetlod.extract.textform import decode

VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source"}
SKIPPED = {"script", "style", "nav", "header", "footer", "noscript", "template", "select", "button",
           "form", "iframe", "svg", "head", "title", "aside"}  # fmt: skip
#: class or id words of a portal's furniture rather than the disclosure
FURNITURE = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|footer|header|breadcrumb|sidebar|topbar|share)($|[\s_-])",
    re.IGNORECASE,
)
BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "main", "body",
          "blockquote", "pre", "center", "dd", "dt", "caption", "figcaption", "ul", "ol", "dl", "td", "th",
          "tr", "table", "tbody", "thead", "tfoot", "html"}  # fmt: skip
MAX_NODES = 500_000  # a disclosure page has a few thousand elements


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None


class _Builder(HTMLParser):
    """A forgiving tree builder: end tags close up to their element, cells and rows close their
    siblings, unknown end tags are ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]
        self.count = 0

    def _close_to(self, tag: str, stop: tuple[str, ...] = ()) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            t = self.stack[i].tag
            if t == tag:
                del self.stack[i:]
                return
            if t in stop:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            raise ValueError(f"more than {MAX_NODES:,} elements")
        if tag in ("td", "th"):
            self._close_to("td", ("tr", "table"))
            self._close_to("th", ("tr", "table"))
        elif tag == "tr":
            self._close_to("tr", ("table",))
        elif tag == "p":
            self._close_to("p", ("div", "td", "th", "table", "li"))
        elif tag == "li":
            self._close_to("li", ("ul", "ol"))
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        stop = ("table",) if tag in ("td", "th", "tr") else ()
        self._close_to(tag, stop)

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _skipped(node: Node) -> bool:
    if node.tag in SKIPPED:
        return True
    words = f"{node.attrs.get('class', '')} {node.attrs.get('id', '')} {node.attrs.get('role', '')}"
    if node.attrs.get("role") == "navigation" or "display:none" in node.attrs.get("style", "").replace(
        " ", ""
    ):
        return True
    return bool(FURNITURE.search(words))


def _text(node: Node) -> str:
    """A cell's or an inline run's text, whitespace collapsed (a <br> between Chinese joins)."""
    parts: list[str] = []

    def walk(n: Node) -> None:
        for ch in n.children:
            if isinstance(ch, str):
                parts.append(ch)
            elif not _skipped(ch):
                if ch.tag == "br":
                    parts.append("\n")
                walk(ch)

    walk(node)
    return joined(" ".join(p.split()) for p in "".join(parts).split("\n"))


def _has_table(node: Node) -> bool:
    return any(isinstance(c, Node) and (c.tag == "table" or _has_table(c)) for c in node.children)


def _rows(table: Node) -> list[Node]:
    out: list[Node] = []
    for c in table.children:
        if isinstance(c, Node) and not _skipped(c):
            if c.tag == "tr":
                out.append(c)
            elif c.tag in ("thead", "tbody", "tfoot"):
                out += _rows(c)
    return out


def _span(cell: Node, name: str) -> int:
    try:
        return max(1, min(int(cell.attrs.get(name, "1") or 1), 1000))
    except ValueError:
        return 1


def table_grid(table: Node) -> list[list[str]]:
    """The table as a grid of texts: a spanning cell's text at its top-left, the rest empty."""
    grid: list[list[str]] = []
    taken: dict[tuple[int, int], bool] = {}
    for r, tr in enumerate(_rows(table)):
        row: list[str] = []
        c = 0
        for cell in (x for x in tr.children if isinstance(x, Node) and x.tag in ("td", "th")):
            while taken.get((r, c)):
                c += 1
            text = _text(cell)
            rs, cs = _span(cell, "rowspan"), _span(cell, "colspan")
            for dr in range(rs):
                for dc in range(cs):
                    taken[(r + dr, c + dc)] = True
            while len(row) < c + cs:
                row.append("")
            row[c] = text
            c += cs
        grid.append(row)
    width = max([len(r) for r in grid] + [max((k[1] + 1 for k in taken), default=0)])
    return [r + [""] * (width - len(r)) for r in grid]


class _Lines:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.tables = 0
        self.inline: list[str] = []

    def add(self, cells: list[tuple[str, str]]) -> None:
        line = line_of(cells, len(self.lines) + 1)
        if line is not None:
            self.lines.append(line)

    def plain(self, text: str, source: str = "") -> None:
        self.add([(" ".join(text.split()), source)])

    def flush(self) -> None:
        if self.inline:
            text = "".join(self.inline)
            self.inline = []
            for part in text.split("\n"):
                self.plain(part)

    def table(self, node: Node) -> None:
        self.flush()
        self.tables += 1
        t = self.tables
        for child in node.children:  # a caption is the table's title
            if isinstance(child, Node) and child.tag == "caption":
                self.plain(_text(child), f"table {t} caption")
        for r, row in enumerate(table_grid(node), start=1):
            self.add([(text, f"table {t} row {r} col {i + 1}") for i, text in enumerate(row)])

    def walk(self, node: Node) -> None:
        for ch in node.children:
            if isinstance(ch, str):
                self.inline.append(ch)
                continue
            if _skipped(ch):
                continue
            if ch.tag == "br":
                self.inline.append("\n")
            elif ch.tag == "table" and not _has_table(ch):
                self.table(ch)
            elif ch.tag in BLOCKS:
                self.flush()
                self.walk(ch)
                self.flush()
            else:
                self.walk(ch)


def html_to_lines(text: str) -> list[Line]:
    builder = _Builder()
    builder.feed(text)
    builder.close()
    out = _Lines()
    out.walk(builder.root)
    out.flush()
    return out.lines


def is_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith(
        (b"<!doctype html", b"<html", b"\xef\xbb\xbf<!doctype html", b"\xef\xbb\xbf<html")
    ) or (b"<html" in head and b"<body" in data[:65536].lower())


def read_html(path: str, data: bytes) -> list[Line]:
    """The lines of a web page; raises InputError naming the file when it cannot be read."""
    text = decode(data, path)
    m = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", data[:4096], re.IGNORECASE)
    if m and m.group(1).lower() in (b"gbk", b"gb2312", b"gb18030"):
        text = data.decode("gb18030", errors="replace")
    try:
        lines = html_to_lines(text)
    except ValueError as e:
        raise InputError(path, f"is not a readable web page ({e})") from e
    if not lines:
        raise InputError(path, "is a web page with no text")
    return lines
