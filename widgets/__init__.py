"""Tile widgets, one module per tile type, registered under the type's name.

``ioc_console.model.tiles`` defines what a tile of each type may say (its options);
the module of the same name here draws it. ``widget_class(type)`` finds it.
"""

from __future__ import annotations

from importlib import import_module

from .base import TileWidget

_MODULES = {"chart": "chart", "kpi": "kpi", "gauge": "gauge", "bar": "bar", "table": "table",
            "map": "map", "alert-feed": "alert_feed", "camera": "camera", "ticker": "ticker",
            "clock": "clock", "text": "text", "image": "image"}


def widget_class(tile_type: str) -> type[TileWidget]:
    module = import_module(f"{__name__}.{_MODULES[tile_type]}")
    return module.WIDGET


def registered_types() -> tuple[str, ...]:
    return tuple(_MODULES)
