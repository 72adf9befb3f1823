"""A bounded time series that merges overlapping polls by timestamp, kept in numpy arrays.

Why this shape: a series endpoint answers every poll with its whole recent history, later
polls repeat most of it and add a few newer points, and a corrected value may replace an
old one. Merging by timestamp makes repeats harmless; the bound (``capacity`` points, none
older than ``window_ms`` before the newest) keeps memory and redraw cost flat however long
the wall runs. Points live in a preallocated array twice the capacity: appending newer
points (the common case) writes at the end and only occasionally slides the live part
back to the front, so a merge costs O(new points), not O(history).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

FloatArray = np.ndarray


def parse_points(points: Iterable[Any]) -> tuple[FloatArray, FloatArray]:
    """``[[epoch_ms, value], ...]`` as two float arrays sorted by time, one value per stamp.

    Bad points (not a pair, not numbers, not finite) are skipped one by one: a single odd
    point must not cost the rest of the poll. For a repeated stamp the last one wins.
    """
    try:
        table = np.asarray(points, dtype=float)
        if table.ndim != 2 or table.shape[1] < 2:
            raise ValueError("not a list of pairs")
        stamps, values = table[:, 0], table[:, 1]
    except (TypeError, ValueError):
        pairs = [pair for pair in (_pair(point) for point in points) if pair is not None]
        stamps = np.array([p[0] for p in pairs], dtype=float)
        values = np.array([p[1] for p in pairs], dtype=float)
    finite = np.isfinite(stamps) & np.isfinite(values)
    stamps, values = stamps[finite], values[finite]
    if stamps.size == 0:
        return stamps, values
    # last occurrence of each stamp wins: unique() keeps the first, so search the reversed
    reversed_stamps = stamps[::-1]
    unique, first = np.unique(reversed_stamps, return_index=True)
    return unique, values[::-1][first]


def _pair(point: Any) -> tuple[float, float] | None:
    try:
        stamp, value = float(point[0]), float(point[1])
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    if isinstance(point[0], bool) or isinstance(point[1], bool):
        return None
    return (stamp, value) if math.isfinite(stamp) and math.isfinite(value) else None


class TimeSeriesRing:
    """Points keyed by epoch milliseconds; at most ``capacity``, none older than the window."""

    def __init__(self, capacity: int, window_ms: float) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self.window_ms = float(window_ms)
        self._stamps = np.empty(2 * capacity, dtype=float)
        self._values = np.empty(2 * capacity, dtype=float)
        self._start = 0
        self._end = 0

    def __len__(self) -> int:
        return self._end - self._start

    @property
    def newest_ms(self) -> float | None:
        return float(self._stamps[self._end - 1]) if len(self) else None

    @property
    def oldest_ms(self) -> float | None:
        return float(self._stamps[self._start]) if len(self) else None

    def _live(self) -> tuple[FloatArray, FloatArray]:
        return self._stamps[self._start:self._end], self._values[self._start:self._end]

    def merge(self, points: Iterable[Any]) -> bool:
        """Add a poll's points; True when anything visible changed (a redraw is due)."""
        stamps, values = parse_points(points)
        if stamps.size == 0:
            return False
        stamps, values = self._drop_known(stamps, values)
        if stamps.size == 0:
            return False
        newest = self.newest_ms
        if newest is None or stamps[0] > newest:
            self._append(stamps, values)
        else:
            self._rebuild(stamps, values)
        self._trim()
        return True

    def _drop_known(self, stamps: FloatArray, values: FloatArray
                    ) -> tuple[FloatArray, FloatArray]:
        """Leave out points already held with the same value, and points that would fall
        out at once (older than the window or than a full buffer's oldest point)."""
        if not len(self):
            return stamps, values
        live_stamps, live_values = self._live()
        newest = max(float(live_stamps[-1]), float(stamps[-1]))
        floor = newest - self.window_ms
        if len(self) >= self.capacity:
            floor = max(floor, float(live_stamps[0]))
        keep = stamps >= floor
        at = np.searchsorted(live_stamps, stamps)
        inside = at < live_stamps.size
        known = np.zeros(stamps.size, dtype=bool)
        known[inside] = (live_stamps[at[inside]] == stamps[inside]) & (
            live_values[at[inside]] == values[inside])
        keep &= ~known
        return stamps[keep], values[keep]

    def _append(self, stamps: FloatArray, values: FloatArray) -> None:
        stamps, values = stamps[-self.capacity:], values[-self.capacity:]
        count = stamps.size
        if self._end + count > self._stamps.size:
            live = len(self)
            self._stamps[:live] = self._stamps[self._start:self._end]
            self._values[:live] = self._values[self._start:self._end]
            self._start, self._end = 0, live  # at most capacity, so the new points fit
        self._stamps[self._end:self._end + count] = stamps
        self._values[self._end:self._end + count] = values
        self._end += count

    def _rebuild(self, stamps: FloatArray, values: FloatArray) -> None:
        """Out-of-order or corrected points: merge everything, the incoming value wins."""
        live_stamps, live_values = self._live()
        all_stamps = np.concatenate([stamps, live_stamps])  # incoming first: unique keeps it
        all_values = np.concatenate([values, live_values])
        merged, first = np.unique(all_stamps, return_index=True)
        merged, kept = merged[-self.capacity:], all_values[first][-self.capacity:]
        self._stamps[:merged.size] = merged
        self._values[:merged.size] = kept
        self._start, self._end = 0, merged.size

    def _trim(self) -> None:
        self._start = max(self._start, self._end - self.capacity)
        live_stamps, _values = self._live()
        cutoff = float(live_stamps[-1]) - self.window_ms
        self._start += int(np.searchsorted(live_stamps, cutoff, side="left"))

    def columns(self) -> tuple[FloatArray, FloatArray]:
        """Seconds since the epoch and values, in time order, as fresh numpy arrays.

        Copies, so a plot may keep them while the buffer moves on.
        """
        stamps, values = self._live()
        return stamps / 1000.0, values.copy()

    def arrays(self) -> tuple[list[float], list[float]]:
        """Seconds since the epoch and values as plain lists (for reading and tests)."""
        seconds, values = self.columns()
        return seconds.tolist(), values.tolist()

    def value_span(self) -> tuple[float, float] | None:
        """Lowest and highest value held, or None when empty."""
        if not len(self):
            return None
        _stamps, values = self._live()
        return float(values.min()), float(values.max())
