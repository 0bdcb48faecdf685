"""Errors the extractor reports to users: each names the file and, where known, the place."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


class ExtractionError(Exception):
    """Base class: a message that names the file (and page, table, row where known)."""

    def __init__(self, path: str, message: str, where: str | None = None) -> None:
        self.path = path
        self.message = message
        self.where = where
        super().__init__(str(self))

    def __str__(self) -> str:
        place = f" ({self.where})" if self.where else ""
        return f"{self.path}{place}: {self.message}"


class InputError(ExtractionError):
    """The input cannot be read as a disclosure at all (missing, empty, corrupt, not one)."""


class ReaderFailure(ExtractionError):
    """A reader raised where it should not (a bug, or an input no reader foresaw).

    It is that document's failure, never the batch's: the message names the file, the page and
    table being read, and the error; `details` holds the traceback for a log file.
    """

    def __init__(self, path: str, message: str, where: str | None, details: str) -> None:
        super().__init__(path, message, where)
        self.details = details


@dataclass
class Place:
    """Where a reader is in a document, for a failure's message: page and table."""

    page: int | None = None
    table: str | None = None

    def describe(self) -> str | None:
        parts = [f"page {self.page}" if self.page else "", self.table or ""]
        return ", ".join(p for p in parts if p) or None


_PLACE: ContextVar[Place | None] = ContextVar("budgetlod_place", default=None)


@contextmanager
def tracking() -> Iterator[Place]:
    """Track the place being read for the duration of one document."""
    place = Place()
    token = _PLACE.set(place)
    try:
        yield place
    finally:
        _PLACE.reset(token)


def at(page: int | None = None, table: str | None = None) -> None:
    """Note the page (and table) a reader has reached."""
    place = _PLACE.get()
    if place is not None:
        place.page = page if page is not None else place.page
        place.table = table
