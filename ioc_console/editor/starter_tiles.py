"""What a new tile of each type starts with: the least a valid tile of that type needs.

Most types are valid with no options at all; a chart needs one series and a table one
column, so they start with the layout's first source and a ``name`` column.
"""

from __future__ import annotations

from typing import Any

from ioc_console.model.layout import Layout


def starter_options(tile_type: str, layout: Layout) -> dict[str, Any]:
    first_source = layout.sources[0].id if layout.sources else "source"
    if tile_type == "chart":
        return {"series": [{"source": first_source, "select": "@"}]}
    if tile_type == "table":
        return {"columns": [{"key": "name"}]}
    return {}


def new_tile_id(tile_type: str, layout: Layout) -> str:
    taken = {t.id for t in layout.tiles}
    stem = tile_type.replace("-", "_")
    number = 1
    while f"{stem}_{number}" in taken:
        number += 1
    return f"{stem}_{number}"
