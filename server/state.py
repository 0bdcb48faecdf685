"""What every view needs: settings, the manifest of the generation served, the engine, labels."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from budgetlod.server.engine import Engine
from budgetlod.server.settings import Settings
from budgetlod.server.storedir import Manifest


@dataclass
class State:
    settings: Settings
    generation: Path
    manifest: Manifest
    engine: Engine
    graphs: set[str]
    labels: dict[str, str] = field(default_factory=dict)  # ontology term -> label (zh / en)
    described: dict[str, dict[str, bytes]] = field(default_factory=dict)  # cache per public root


def state() -> State:
    return current_app.extensions["budgetlod"]
