"""What every view needs: settings, the manifest of the generation served, the engine, labels."""

from __future__ import annotations

import os
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
    pin: int | None = None  # descriptor holding the generation's pin (storedir.StoreDir.pin)

    def close(self) -> None:
        """Stop the engine and unpin the generation (it may be pruned from now on)."""
        self.engine.close()
        if self.pin is not None:
            os.close(self.pin)
            self.pin = None


def state() -> State:
    return current_app.extensions["budgetlod"]
