"""Reading numbers out of source JSON the way tiles need them.

Sources are not uniform: most send numbers, Prometheus sends numbers as strings
("0.123"), a failed computation may send null, NaN or a word. A tile shows only finite
numbers and keeps its last good one otherwise, so every tile asks here first.
"""

from __future__ import annotations

import math
from typing import Any


def as_number(value: Any) -> float | None:
    """A finite float, or None for anything a tile must not draw (bools are not numbers)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def decimals_for(value: float, decimals: int | None, fallback: int = 1) -> int:
    """The decimals to write: the configured ones, else none for whole numbers."""
    if decimals is not None:
        return decimals
    return 0 if float(value).is_integer() else fallback
