"""Scenarios: named wall states that place tiles on some or all panels."""

from __future__ import annotations

from pydantic import Field, field_validator

from .common import HexColor, Identifier, LocalizedText, StrictModel, is_valid_hotkey


class Placement(StrictModel):
    """A tile on a panel's grid: top-left cell ``at`` = [row, column], ``span`` = [rows, columns].

    On a canvas that holds several panels the span may continue into the neighbouring
    panels of that canvas; it never crosses into another OS screen.
    """

    tile: Identifier
    at: tuple[int, int] = Field(description="row, column of the top-left cell (0-based)")
    span: tuple[int, int] = Field((1, 1), description="rows, columns covered")

    @field_validator("at")
    @classmethod
    def _non_negative(cls, value: tuple[int, int]) -> tuple[int, int]:
        if value[0] < 0 or value[1] < 0:
            raise ValueError("row and column start at 0")
        return value

    @field_validator("span")
    @classmethod
    def _positive(cls, value: tuple[int, int]) -> tuple[int, int]:
        if value[0] < 1 or value[1] < 1:
            raise ValueError("a span covers at least one row and one column")
        return value


class Scenario(StrictModel):
    id: Identifier
    name: LocalizedText
    hotkey: str | None = None
    color: HexColor = "#1e88e5"
    panels: dict[Identifier, list[Placement]] = Field(
        description="Tiles per panel. Panels not named here keep what they show."
    )

    @field_validator("hotkey")
    @classmethod
    def _hotkey(cls, value: str | None) -> str | None:
        if value is not None and not is_valid_hotkey(value):
            raise ValueError(f"'{value}' is not a key such as F1 or Ctrl+F2")
        return value
