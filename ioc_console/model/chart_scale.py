"""Which part of the value and time axes a chart shows.

Why not pyqtgraph's auto-range: a river at 77 m with alarm level I at 80 m would fill the
chart with a flat line and leave the alarm line off-screen, and the distance to the next
alarm level is what the room needs to read. So the value axis covers the data plus the
nearest threshold above it and the nearest below it: the levels it can cross next. And
both axes move in steps, not at every redraw (see :func:`settle` and :func:`time_window`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def value_range(span: tuple[float, float] | None, levels: Sequence[float],
                padding: float = 0.08) -> tuple[float, float] | None:
    """Data span widened to the nearest level above and below, plus a margin."""
    if span is None:
        return None
    low, high = span
    above = [level for level in levels if level > high]
    below = [level for level in levels if level < low]
    if above:
        high = min(above)
    if below:
        low = max(below)
    if high - low <= 0:
        half = abs(low) * 0.05 or 1.0
        return low - half, high + half
    margin = (high - low) * padding
    return low - margin, high + margin


def settle(current: tuple[float, float] | None, wanted: tuple[float, float],
           slack: float = 0.04) -> tuple[float, float]:
    """Keep the range on screen unless it no longer fits what is wanted.

    Why: every range change makes pyqtgraph re-lay both axes and re-clip every curve
    (~5 ms per chart); a level that moves by centimetres should not cost that each redraw.
    ``wanted`` comes from :func:`value_range`, whose margin (8 % each side) is larger than
    ``slack``, so data kept on screen this way still has room above and below.
    """
    if current is None:
        return wanted
    span = wanted[1] - wanted[0]
    fits = (current[0] <= wanted[0] + slack * span and current[1] >= wanted[1] - slack * span
            and current[1] - current[0] <= span * (1 + 5 * slack))
    return current if fits else wanted


def time_window(newest_s: float, window_s: float, steps: int = 48) -> tuple[float, float]:
    """The time axis: the layout's window (``history_s``) ending just after the newest
    point. The end moves in steps of 1/``steps`` of the window (30 min for a day), so most
    redraws keep the axes as they are and the newest point stays near the right edge."""
    step = window_s / steps
    end = math.ceil(newest_s / step) * step
    if end <= newest_s:
        end += step
    return end - window_s, end
