"""What a KPI says besides its number: its change, and which threshold it has reached.

Kept free of Qt so the rules (which colour, which arrow, good or bad) are tested without
a screen. Colours are passed in by the caller: the model does not know the theme.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class ThresholdLevel:
    """A level a value may reach, with the colour and word it earns."""

    value: float
    color: str
    label: str = ""


@dataclass(frozen=True)
class ThresholdVerdict:
    """Where a value stands against its thresholds: a colour plus a word for it.

    ``reached`` is the highest level reached (None below all). ``short`` says a value
    where higher is better is below every level: that is the worst place to be.
    """

    reached: ThresholdLevel | None
    short: bool
    lowest: ThresholdLevel | None


def judge(value: float, thresholds: Sequence[ThresholdLevel],
          higher_is_better: bool) -> ThresholdVerdict:
    """Thresholds are steps upward (as in Grafana): a level applies from its value up.

    Direction matters below the lowest step: for a higher-is-better KPI (on-time dossiers)
    that means falling short of every level; for a lower-is-better one (bed occupancy) it
    is the normal state and earns no colour.
    """
    ordered = sorted(thresholds, key=lambda t: t.value)
    reached = [t for t in ordered if value >= t.value]
    lowest = ordered[0] if ordered else None
    short = bool(ordered) and not reached and higher_is_better
    return ThresholdVerdict(reached[-1] if reached else None, short, lowest)


def threshold_color(verdict: ThresholdVerdict, short_color: str) -> str | None:
    """The value's colour: its level's, ``short_color`` when short of all, else None."""
    if verdict.reached is not None:
        return verdict.reached.color
    return short_color if verdict.short else None


Compare = Literal["previous", "target", "none"]


def change(value: float, previous: float | None, target: float | None,
           compare: Compare | str) -> float | None:
    """The difference shown under the value, or None when there is nothing to compare."""
    if compare == "previous" and previous is not None:
        return value - previous
    if compare == "target" and target is not None:
        return value - target
    return None


def change_is_good(delta: float, higher_is_better: bool) -> bool | None:
    """Whether a change is good news; None for no change."""
    if delta == 0:
        return None
    return (delta > 0) == higher_is_better


class History:
    """The last ``size`` distinct readings for a sparkline, and the one before the latest.

    A poll that repeats the value adds nothing: the sparkline shows how the number moved,
    and "change vs previous" keeps meaning the last real change.
    """

    def __init__(self, size: int = 60) -> None:
        self.size = size
        self.values: list[float] = []

    def add(self, value: float) -> bool:
        """Record a reading; True when it differs from the latest."""
        if self.values and self.values[-1] == value:
            return False
        self.values.append(value)
        del self.values[:-self.size]
        return True

    @property
    def latest(self) -> float | None:
        return self.values[-1] if self.values else None

    @property
    def previous(self) -> float | None:
        return self.values[-2] if len(self.values) > 1 else None
