"""What the wall shows right now: the placements on every panel, and from which scenario.

A partial scenario replaces only the panels it names; a tile anchored elsewhere whose span
reaches into a replaced panel is taken off, so two scenarios never share a panel.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .geometry import CanvasGrid
from .layout import Layout
from .scenario import Placement


@dataclass(frozen=True)
class PlacedTile:
    panel_id: str
    placement: Placement


@dataclass(frozen=True)
class WallState:
    """``placements`` is what every panel shows. When the operator has pushed or maximised a
    tile, ``overrides`` names the tile filling each such panel and ``scenario_placements``
    keeps what the scenarios put there, so restoring a panel needs no history."""

    placements: Mapping[str, tuple[Placement, ...]] = field(default_factory=dict)
    scenario_of_panel: Mapping[str, str] = field(default_factory=dict)
    overrides: Mapping[str, str] = field(default_factory=dict)
    scenario_placements: Mapping[str, tuple[Placement, ...]] | None = None

    @property
    def base_placements(self) -> Mapping[str, tuple[Placement, ...]]:
        return self.placements if self.scenario_placements is None else self.scenario_placements

    def placed_tiles(self) -> list[PlacedTile]:
        return [PlacedTile(pid, p) for pid, items in self.placements.items() for p in items]

    def visible_tile_ids(self) -> set[str]:
        return {p.tile for items in self.placements.values() for p in items}


def apply_scenario(layout: Layout, state: WallState, scenario_id: str) -> WallState:
    """The state after switching to ``scenario_id``, computed in one step. A pushed or
    maximised tile stays on the panels the scenario does not claim."""
    scenario = layout.scenario(scenario_id)
    claimed = set(scenario.panels)
    placements: dict[str, tuple[Placement, ...]] = {}
    for panel_id, items in state.base_placements.items():
        if panel_id in claimed:
            continue
        grid = CanvasGrid(layout.wall, layout.wall.canvas_of(panel_id))
        kept = tuple(p for p in items if not grid.panels_covered(panel_id, p) & claimed)
        placements[panel_id] = kept
    for panel_id, items in scenario.panels.items():
        placements[panel_id] = tuple(items)
    owners = {pid: sid for pid, sid in state.scenario_of_panel.items() if pid not in claimed}
    owners.update({pid: scenario.id for pid in claimed})
    overrides = {pid: tile for pid, tile in state.overrides.items() if pid not in claimed}
    return with_overrides(layout, WallState(placements=placements, scenario_of_panel=owners),
                          overrides)


def with_overrides(layout: Layout, state: WallState, overrides: Mapping[str, str]) -> WallState:
    """``state`` (its scenario placements) with each panel of ``overrides`` filled by one tile.

    A tile has one frame per screen, so a tile pushed to a panel leaves the other panels of
    that screen; a spanning tile reaching into an overridden panel is taken off as well.
    """
    base = state.base_placements
    if not overrides:
        return WallState(placements=dict(base), scenario_of_panel=state.scenario_of_panel)
    shown: dict[str, tuple[Placement, ...]] = {}
    for panel_id, items in base.items():
        canvas = layout.wall.canvas_of(panel_id)
        if panel_id in overrides:
            grid = layout.wall.panel(panel_id).grid
            shown[panel_id] = (Placement(tile=overrides[panel_id], at=(0, 0),
                                         span=(grid.rows, grid.columns)),)
            continue
        pushed_here = {tile for pid, tile in overrides.items() if pid in canvas.panels}
        covered = set(overrides) & set(canvas.panels)
        grid = CanvasGrid(layout.wall, canvas)
        shown[panel_id] = tuple(p for p in items if p.tile not in pushed_here
                                and not grid.panels_covered(panel_id, p) & covered)
    for panel_id, tile in overrides.items():
        if panel_id not in shown:
            grid = layout.wall.panel(panel_id).grid
            shown[panel_id] = (Placement(tile=tile, at=(0, 0), span=(grid.rows, grid.columns)),)
    return WallState(placements=shown, scenario_of_panel=state.scenario_of_panel,
                     overrides=dict(overrides), scenario_placements=dict(base))


def initial_state(layout: Layout, scenario_id: str | None = None) -> WallState:
    """The start scenario, then ``scenario_id`` on top of it when given."""
    state = apply_scenario(layout, WallState(), layout.start_scenario.id)
    if scenario_id is not None and scenario_id != layout.start_scenario.id:
        state = apply_scenario(layout, state, scenario_id)
    return state


def panel_showing(state: WallState, tile_id: str) -> str | None:
    for panel_id, items in state.placements.items():
        if any(p.tile == tile_id for p in items):
            return panel_id
    return None


def push_tile(layout: Layout, state: WallState, tile_id: str, panel_id: str) -> WallState:
    """Fill ``panel_id`` with ``tile_id`` until the panel is restored or a scenario claims it.
    Pushing a tile onto the panel it is on maximises it there."""
    layout.tile(tile_id)  # KeyError for an unknown tile, before anything changes
    canvas = layout.wall.canvas_of(panel_id)
    overrides = {pid: tile for pid, tile in state.overrides.items()
                 if not (tile == tile_id and pid in canvas.panels)}
    overrides[panel_id] = tile_id
    return with_overrides(layout, state, overrides)


def restore_panel(layout: Layout, state: WallState, panel_id: str) -> WallState:
    """Give the panel back to its scenario (and the tile back to where it was)."""
    overrides = {pid: tile for pid, tile in state.overrides.items() if pid != panel_id}
    return with_overrides(layout, state, overrides)
