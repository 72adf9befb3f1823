"""Numbers as people in the room read them: 1.234,5 in Vietnamese, 1,234.5 in English."""

from __future__ import annotations

import math

_SEPARATORS = {"vi": (".", ","), "en": (",", ".")}


def format_number(value: float | int | None, decimals: int = 0, language: str = "vi") -> str:
    """Group thousands and round to ``decimals``; '—' for a missing or non-finite value."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    group, point = _SEPARATORS.get(language, _SEPARATORS["en"])
    text = f"{abs(value):,.{decimals}f}"
    text = text.replace(",", "\0").replace(".", point).replace("\0", group)
    negative = value < 0 and any(ch not in "0.,\0" for ch in text)
    return f"−{text}" if negative else text


def format_change(delta: float, decimals: int = 0, language: str = "vi") -> str:
    """A signed change with an arrow, so direction never depends on colour alone."""
    if delta > 0:
        return f"▲ +{format_number(delta, decimals, language)}"
    if delta < 0:
        return f"▼ −{format_number(-delta, decimals, language)}"
    return f"▶ {format_number(0, decimals, language)}"
