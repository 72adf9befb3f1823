"""One badge for a tile that reads several sources: the least trustworthy one wins."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

_RANK = {"live": 0, "connecting": 1, "stale": 2, "disconnected": 3, "error": 4}


@dataclass(frozen=True)
class SourceSummary:
    status: str
    received_at: datetime | None
    error: str | None


def worst(summaries: Iterable[SourceSummary], now: datetime) -> tuple[str, float | None,
                                                                       str | None]:
    """Status, age in seconds of the oldest data, and the reason, across a tile's sources."""
    items = list(summaries)
    if not items:
        return "connecting", None, None
    chosen = max(items, key=lambda s: _RANK.get(s.status, 1))
    ages = [(now - s.received_at).total_seconds() for s in items if s.received_at is not None]
    return chosen.status, (max(ages) if ages else None), chosen.error
