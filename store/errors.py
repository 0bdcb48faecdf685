"""The one exception the publisher turns into an HTTP error: status and message for the client."""

from __future__ import annotations


class Refused(Exception):
    """A request not answered with data; `status` is the HTTP status the client gets."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
