"""Small value types shared by every part of the layout model."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64)
]
HexColor = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]

# A user-visible text written once per language in the layout file, e.g.
# ``{vi: "Mực nước sông Hồng", en: "Red River level"}``; a plain string serves every language.
LocalizedText = str | dict[str, str]

_HOTKEY = re.compile(r"^((Ctrl|Alt|Shift|Meta)\+)*(F([1-9]|1[0-9]|2[0-4])|[A-Z0-9])$")


class StrictModel(BaseModel):
    """Base of every layout model: unknown fields are refused, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def localize(text: LocalizedText | None, language: str, fallback: str = "") -> str:
    """Pick the text for ``language``, then English, then Vietnamese, then any."""
    if text is None:
        return fallback
    if isinstance(text, str):
        return text
    for key in (language, "en", "vi"):
        if key in text:
            return text[key]
    return next(iter(text.values()), fallback)


def is_valid_hotkey(value: str) -> bool:
    return bool(_HOTKEY.match(value))
