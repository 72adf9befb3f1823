"""A bounded time series that merges overlapping polls by timestamp."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class SeriesBuffer:
    """Points keyed by epoch milliseconds; at most ``max_points``, none older than the window.

    A poll usually repeats part of the history it sent before: merging by timestamp makes
    that harmless, and a corrected value for a timestamp replaces the old one.
    """

    def __init__(self, max_points: int, window_ms: float) -> None:
        self.max_points = max_points
        self.window_ms = window_ms
        self._points: dict[int, float] = {}

    def merge(self, points: Iterable[Any]) -> bool:
        changed = False
        for point in points:
            try:
                stamp, value = int(point[0]), float(point[1])
            except (TypeError, ValueError, IndexError):
                continue  # one bad point never drops the rest
            if self._points.get(stamp) != value:
                self._points[stamp] = value
                changed = True
        if changed:
            self._trim()
        return changed

    def _trim(self) -> None:
        if not self._points:
            return
        newest = max(self._points)
        keep = sorted(t for t in self._points if t >= newest - self.window_ms)
        keep = keep[-self.max_points:]
        self._points = {t: self._points[t] for t in keep}

    def arrays(self) -> tuple[list[float], list[float]]:
        """Seconds since the epoch and values, in time order."""
        stamps = sorted(self._points)
        return [t / 1000 for t in stamps], [self._points[t] for t in stamps]

    def __len__(self) -> int:
        return len(self._points)
