"""What an alert feed shows: filtered, most severe and newest first, the overflow summed up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

RANK = {"Extreme": 4, "Severe": 3, "Moderate": 2, "Minor": 1, "Unknown": 0}


@dataclass(frozen=True)
class FeedView:
    shown: list[Any]
    hidden_by_severity: dict[str, int]  # what did not fit, per severity word


def alerts_in(value: Any) -> list[Any]:
    """The alerts in force in a CAP source value (updates and cancels applied)."""
    if isinstance(value, dict):
        value = value.get("alerts", [])
    if not isinstance(value, list):
        return []
    alerts = [a for a in value if hasattr(a, "severity")]
    if any(getattr(a, "msg_type", "Alert") != "Alert" for a in alerts):
        from ioc_console.data.alert_store import active_alerts

        return active_alerts(alerts)
    return alerts


def feed_view(alerts: Iterable[Any], min_severity: str = "Unknown",
              categories: Sequence[str] = (), area_contains: str | None = None,
              max_items: int = 8) -> FeedView:
    floor = RANK.get(min_severity, 0)
    wanted = set(categories)
    needle = area_contains.lower() if area_contains else None
    kept = [
        a for a in alerts
        if RANK.get(a.severity, 0) >= floor
        and (not wanted or wanted & set(a.category))
        and (needle is None or any(needle in d.lower() for d in a.area_descriptions))
    ]
    kept.sort(key=lambda a: (RANK.get(a.severity, 0), a.sent), reverse=True)
    overflow = Counter(a.severity for a in kept[max_items:])
    hidden = {s: overflow[s] for s in sorted(overflow, key=lambda s: -RANK.get(s, 0))}
    return FeedView(kept[:max_items], hidden)
