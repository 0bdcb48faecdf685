"""PDFs that cost a reader far more than their size: written byte by byte by the tests."""

from __future__ import annotations

import zlib
from pathlib import Path


def raw_pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF of the given object bodies (object 1 is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def _stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_HEAD = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]


def inflating_page(path: Path, megabytes: int = 90) -> Path:
    """One page whose content stream inflates from about 100 KB to `megabytes` MB of operators."""
    ops = b"0 0 m 100 100 l S\n"
    content = ops * (megabytes * 2**20 // len(ops))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>"
    return raw_pdf(path, [*_HEAD, page, _stream(content, compress=True)])


def doubling_forms(path: Path, depth: int = 40) -> Path:
    """A few KB of form XObjects, each drawing the next twice: 2^depth draws of the last one."""
    first = 5
    forms = []
    for k in range(depth):
        if k + 1 < depth:
            body = b"/N Do /N Do"
            res = b" /Resources << /XObject << /N %d 0 R >> >>" % (first + k + 1)
        else:
            body, res = b"0 0 m 1 1 l S", b""
        forms.append(_stream(body, b" /Type /XObject /Subtype /Form /BBox [0 0 10 10]" + res))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /XObject << /X %d 0 R >> >> >>" % first
    )
    return raw_pdf(path, [*_HEAD, page, _stream(b"/X Do"), *forms])


def page_box(path: Path, box: bytes) -> Path:
    """A one-page PDF with the given /MediaBox."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox " + box + b" /Contents 4 0 R /Resources << >> >>"
    return raw_pdf(path, [*_HEAD, page, _stream(b"0 0 m 1 1 l S")])
