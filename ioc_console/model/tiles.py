"""Tiles: defined once per layout, placed by scenarios.

Each tile type is a model whose ``type`` literal discriminates the union, and whose
``options`` model is the type's option schema (the layout editor builds its property
form from it). Adding a tile type = a new ``*Tile`` class here + a widget module in
``widgets/`` registered under the same name.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .common import Identifier, LocalizedText, StrictModel


class Binding(StrictModel):
    """Which source feeds a tile and what to take from its value."""

    source: Identifier
    select: str | None = Field(
        None, description="JMESPath expression applied to the source value, e.g. gauges[0].level_m"
    )


class TileBase(StrictModel):
    id: Identifier
    title: LocalizedText | None = None
    binding: Binding | None = None


class ClockOptions(StrictModel):
    timezone: str = "Asia/Ho_Chi_Minh"
    show_seconds: bool = True
    show_date: bool = True


class ClockTile(TileBase):
    type: Literal["clock"]
    options: ClockOptions = ClockOptions()


class TextOptions(StrictModel):
    text: LocalizedText = ""
    format: Literal["plain", "markdown"] = "plain"
    align: Literal["left", "center", "right"] = "left"
    size: Literal["normal", "large", "huge"] = "normal"


class TextTile(TileBase):
    type: Literal["text"]
    options: TextOptions = TextOptions()


Tile = Annotated[ClockTile | TextTile, Field(discriminator="type")]

TILE_TYPES: tuple[str, ...] = ("clock", "text")
