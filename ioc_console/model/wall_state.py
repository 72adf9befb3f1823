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
    placements: Mapping[str, tuple[Placement, ...]] = field(default_factory=dict)
    scenario_of_panel: Mapping[str, str] = field(default_factory=dict)

    def placed_tiles(self) -> list[PlacedTile]:
        return [PlacedTile(pid, p) for pid, items in self.placements.items() for p in items]

    def visible_tile_ids(self) -> set[str]:
        return {p.tile for items in self.placements.values() for p in items}


def apply_scenario(layout: Layout, state: WallState, scenario_id: str) -> WallState:
    """The state after switching to ``scenario_id``, computed in one step."""
    scenario = layout.scenario(scenario_id)
    claimed = set(scenario.panels)
    placements: dict[str, tuple[Placement, ...]] = {}
    for panel_id, items in state.placements.items():
        if panel_id in claimed:
            continue
        grid = CanvasGrid(layout.wall, layout.wall.canvas_of(panel_id))
        kept = tuple(p for p in items if not grid.panels_covered(panel_id, p) & claimed)
        placements[panel_id] = kept
    for panel_id, items in scenario.panels.items():
        placements[panel_id] = tuple(items)
    owners = {pid: sid for pid, sid in state.scenario_of_panel.items() if pid not in claimed}
    owners.update({pid: scenario.id for pid in claimed})
    return WallState(placements=placements, scenario_of_panel=owners)


def initial_state(layout: Layout, scenario_id: str | None = None) -> WallState:
    """The start scenario, then ``scenario_id`` on top of it when given."""
    state = apply_scenario(layout, WallState(), layout.start_scenario.id)
    if scenario_id is not None and scenario_id != layout.start_scenario.id:
        state = apply_scenario(layout, state, scenario_id)
    return state
