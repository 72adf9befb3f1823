"""The data-health summary an operator reads at a glance: how many sources are fine."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

ORDER = ("live", "stale", "disconnected", "error", "connecting")


@dataclass(frozen=True)
class HealthSummary:
    counts: dict[str, int]
    troubled: list[tuple[str, str, str]]  # (source id, status, reason), worst first

    def line(self) -> str:
        return " · ".join(f"{self.counts.get(s, 0)} {s}" for s in ORDER if self.counts.get(s))


def summarise(states: Iterable[Any], expected: Iterable[str]) -> HealthSummary:
    by_id = {s.source_id: s for s in states}
    counts: Counter[str] = Counter()
    troubled = []
    for source_id in expected:
        state = by_id.get(source_id)
        status = str(getattr(state.status, "value", state.status)) if state else "connecting"
        counts[status] += 1
        if status != "live":
            troubled.append((source_id, status, (state.error or "") if state else ""))
    rank = {s: i for i, s in enumerate(reversed(ORDER))}
    troubled.sort(key=lambda t: rank.get(t[1], 0))
    return HealthSummary(dict(counts), troubled)
