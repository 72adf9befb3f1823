"""What a KPI tile says besides its number: the change, and whether it crossed a threshold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ThresholdLevel:
    value: float
    color: str


def threshold_color(value: float, thresholds: Sequence[ThresholdLevel],
                    higher_is_better: bool) -> str | None:
    """Colour of the highest threshold reached (for higher-is-worse values: the value is
    measured against thresholds upward the same way; the layout orders them by value)."""
    reached = [t for t in sorted(thresholds, key=lambda t: t.value) if value >= t.value]
    if not reached:
        return None
    return reached[-1].color


def change(value: float, previous: float | None, target: float | None,
           compare: str) -> float | None:
    if compare == "previous" and previous is not None:
        return value - previous
    if compare == "target" and target is not None:
        return value - target
    return None


def change_is_good(delta: float, higher_is_better: bool) -> bool | None:
    if delta == 0:
        return None
    return (delta > 0) == higher_is_better


def top_n(items: Sequence[dict], value_key: str, n: int, descending: bool = True) -> list[dict]:
    """The n items with the largest (or smallest) numeric value; non-numbers sink."""
    def key(item: dict) -> float:
        value = item.get(value_key)
        if isinstance(value, (int, float)):
            return float(value)
        return float("-inf") if descending else float("inf")
    return sorted(items, key=key, reverse=descending)[:n]
