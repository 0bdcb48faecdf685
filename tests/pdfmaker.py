"""Small PDFs the tests typeset themselves (nothing binary is stored for them)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def text_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF with Latin text (Helvetica)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    y = 800
    for line in lines:
        c.drawString(72, y, line)
        y -= 16
    c.save()
    return path


def image_only_pdf(path: Path) -> Path:
    """A page with drawings and a raster image but no text layer, like a scan."""
    from reportlab.lib.utils import ImageReader

    c = canvas.Canvas(str(path), pagesize=A4)
    for i in range(10):
        c.rect(60, 700 - i * 20, 400, 18)
    c.drawImage(ImageReader(_tiny_png()), 100, 300, width=200, height=100)
    c.save()
    return path


def _tiny_png() -> object:
    import io
    import struct
    import zlib

    raw = b"".join(b"\x00" + bytes([200, 200, 200]) * 8 for _ in range(8))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    return io.BytesIO(png)
