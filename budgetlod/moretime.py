"""A document earning more time while it is read (each scanned page it recognises).

The reader says so (`more_time`); a build's worker process passes it on to the pool that would
otherwise stop it at the document's limit (store/docworkers.py). Kept apart from the extractor so
that the query workers, which import docworkers, stay light.
"""

from __future__ import annotations

from collections.abc import Callable

_listeners: list[Callable[[float], None]] = []


def more_time(seconds: float) -> None:
    for tell in _listeners:
        tell(seconds)


def when_more_time(tell: Callable[[float], None]) -> None:
    _listeners.append(tell)
