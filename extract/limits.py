"""Limits on the work one document may cost, so that a hostile file costs seconds, not a build.

A PDF page's content is bounded in inflated bytes (its content streams and every form XObject it
draws, counted each time drawn) and in streams run; the whole document in seconds. The byte bound
also bounds the operands pdfminer reads (4 MB of path operators take about 6 s), so no per-operand
count is needed on the hot path. Real pages stay far below: the busiest page of the corpus inflates to
95 KB (11,000 operands) and runs 2 streams.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass

from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream


@dataclass(frozen=True)
class WorkLimits:
    page_bytes: int = 4 * 2**20  # inflated content bytes drawn on one page
    page_draws: int = 20_000  # content streams run for one page (its own and each form XObject drawn)
    seconds: float = 120.0  # time to read one document
    ocr_seconds: float = 60.0  # more time for each scanned page recognised


DEFAULT_LIMITS = WorkLimits()


class LimitExceeded(Exception):
    """A document or page went past one of its work limits."""


class Budget:
    """The work left for one page, and the document's deadline."""

    def __init__(self, limits: WorkLimits, deadline: float) -> None:
        self.limits = limits
        self.deadline = deadline
        self.bytes = 0
        self.draws = 0

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(f"took longer than {self.limits.seconds:g} s to read")

    def spend_draw(self) -> None:
        self.draws += 1
        if self.draws > self.limits.page_draws:
            raise LimitExceeded(f"draws more than {self.limits.page_draws:,} content streams on one page")

    def spend_stream(self, stream: PDFStream) -> None:
        """Count a content stream's inflated size before pdfminer inflates it whole."""
        left = self.limits.page_bytes - self.bytes
        self.bytes += inflated_size(stream, left + 1)
        if self.bytes > self.limits.page_bytes:
            mb = self.limits.page_bytes // 2**20
            raise LimitExceeded(f"inflates to more than {mb} MB of content on one page")
        self.check_time()


def inflated_size(stream: PDFStream, cap: int) -> int:
    """The decoded size of a stream, read at most to `cap` bytes for a plain Flate stream."""
    filters = stream.get_filters()
    plain_flate = len(filters) == 1 and filters[0][0] in LITERALS_FLATE_DECODE and not filters[0][1]
    if stream.data is None and plain_flate:
        inflater = zlib.decompressobj()
        try:
            size = len(inflater.decompress(stream.rawdata or b"", max(cap, 1)))
        except zlib.error:
            return len(stream.rawdata or b"")  # pdfminer reports a broken stream its own way
        return size
    return len(stream.get_data())
