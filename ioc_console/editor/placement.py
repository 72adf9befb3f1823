"""Where a tile may go in a scenario: inside the grid of its canvas, on free cells only.

Checked before a move, a resize or a new placement is applied, so the editor refuses a drop
instead of writing a layout the wall would refuse.
"""

from __future__ import annotations

from ioc_console.model.geometry import CanvasGrid
from ioc_console.model.layout import Layout
from ioc_console.model.scenario import Placement


class PlacementRefused(ValueError):
    """The edit would put a tile outside its grid or on top of another tile."""


def canvas_grid(layout: Layout, panel_id: str) -> CanvasGrid:
    return CanvasGrid(layout.wall, layout.wall.canvas_of(panel_id))


def placement_problem(layout: Layout, scenario_id: str, panel_id: str, placement: Placement,
                      ignore_tile: str | None = None) -> str | None:
    """Why ``placement`` cannot go on ``panel_id`` in the scenario, or None if it can.

    ``ignore_tile`` is the tile being moved: the cells it leaves are free for it.
    """
    scenario = layout.scenario(scenario_id)
    if panel_id not in {p.id for p in layout.wall.panels}:
        return f"there is no panel '{panel_id}'"
    grid = canvas_grid(layout, panel_id)
    if min(placement.span) < 1:
        return "a tile covers at least one cell"
    if not grid.fits(panel_id, placement):
        rows, columns = grid.panel_grid
        return (f"tile '{placement.tile}' would go past the {rows}x{columns} grid of panel "
                f"'{panel_id}'")
    wanted = grid.cells(panel_id, placement)
    for other_panel, placements in scenario.panels.items():
        if other_panel not in grid.canvas.panels:
            continue
        for other in placements:
            if other.tile in (placement.tile, ignore_tile):
                continue
            if wanted & grid.cells(other_panel, other):
                return f"tile '{placement.tile}' would overlap tile '{other.tile}'"
    return None


def first_free_cell(layout: Layout, scenario_id: str,
                    panel_ids: list[str] | None = None) -> tuple[str, tuple[int, int]] | None:
    """The first free cell, panel by panel in wall order, row by row; None if the wall is full."""
    for panel in layout.wall.panels:
        if panel_ids is not None and panel.id not in panel_ids:
            continue
        for row in range(panel.grid.rows):
            for column in range(panel.grid.columns):
                probe = Placement.model_construct(tile="", at=(row, column), span=(1, 1))
                if placement_problem(layout, scenario_id, panel.id, probe) is None:
                    return panel.id, (row, column)
    return None


def find_placement(layout: Layout, scenario_id: str, tile_id: str) -> tuple[str, int] | None:
    """The panel and the index in its list where the scenario places ``tile_id``."""
    for panel_id, placements in layout.scenario(scenario_id).panels.items():
        for index, placement in enumerate(placements):
            if placement.tile == tile_id:
                return panel_id, index
    return None
