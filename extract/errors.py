"""Errors the extractor reports to users: each names the file and, where known, the place."""

from __future__ import annotations


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
