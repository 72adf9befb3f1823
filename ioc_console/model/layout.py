"""The layout document: wall, sources, tiles and scenarios, and the checks across them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from .briefing import Deck
from .common import Identifier, LocalizedText, StrictModel
from .geometry import CanvasGrid
from .problems import Problem
from .rules import Rule
from .scenario import Scenario
from .sources import SourceSpec
from .tiles import Tile
from .wall import Wall

CURRENT_SCHEMA_VERSION = 1


class Layout(StrictModel):
    schema_version: Literal[1] = Field(
        CURRENT_SCHEMA_VERSION, description="Format version; older files are migrated on load."
    )
    name: LocalizedText
    backend: str | None = Field(
        None,
        description="Base URL that relative source URLs are resolved against; "
        "'demo' (or nothing) uses the console's built-in demo backend.",
    )
    wall: Wall
    sources: list[SourceSpec] = Field(default_factory=list)
    tiles: list[Tile] = Field(default_factory=list)
    scenarios: list[Scenario] = Field(min_length=1)
    default_scenario: Identifier | None = None
    rules: list[Rule] = Field(default_factory=list,
                              description="alert-driven scenario proposals and switches")
    decks: list[Deck] = Field(default_factory=list, description="briefing decks")

    def tile(self, tile_id: str) -> Tile:
        for tile in self.tiles:
            if tile.id == tile_id:
                return tile
        raise KeyError(tile_id)

    def scenario(self, scenario_id: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        raise KeyError(scenario_id)

    def source(self, source_id: str) -> SourceSpec:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    @property
    def start_scenario(self) -> Scenario:
        if self.default_scenario is not None:
            return self.scenario(self.default_scenario)
        return self.scenarios[0]


def find_problems(layout: Layout) -> list[Problem]:
    """Every problem that the field-level checks cannot see, located in the document."""
    problems: list[Problem] = []
    problems += _duplicate_ids(layout)
    problems += _wall_problems(layout.wall)
    if problems:
        return problems  # placements cannot be checked on an inconsistent wall
    problems += _binding_problems(layout)
    problems += _scenario_problems(layout)
    problems += _rule_problems(layout)
    problems += _deck_problems(layout)
    return problems


def _deck_problems(layout: Layout) -> list[Problem]:
    problems: list[Problem] = [*_duplicates(layout.decks, "id", ("decks",))]
    scenario_ids = {s.id for s in layout.scenarios}
    for d_index, deck in enumerate(layout.decks):
        for i_index, item in enumerate(deck.items):
            if item.scenario not in scenario_ids:
                problems.append(Problem(("decks", d_index, "items", i_index, "scenario"),
                                        f"deck '{deck.id}' shows a missing scenario "
                                        f"'{item.scenario}'"))
    return problems


def _rule_problems(layout: Layout) -> list[Problem]:
    problems: list[Problem] = [*_duplicates(layout.rules, "id", ("rules",))]
    scenario_ids = {s.id for s in layout.scenarios}
    source_ids = {s.id for s in layout.sources}
    for index, rule in enumerate(layout.rules):
        if rule.then.scenario not in scenario_ids:
            problems.append(Problem(("rules", index, "then", "scenario"),
                                    f"rule '{rule.id}' names a missing scenario "
                                    f"'{rule.then.scenario}'"))
        for s_index, source in enumerate(rule.when.sources):
            if source not in source_ids:
                problems.append(Problem(("rules", index, "when", "sources", s_index),
                                        f"rule '{rule.id}' names a missing source '{source}'"))
    return problems


def _duplicates(items: list, key: str, where: tuple) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, item in enumerate(items):
        value = getattr(item, key)
        if value in seen:
            yield Problem((*where, index, key), f"duplicate id '{value}'")
        seen.add(value)


def _duplicate_ids(layout: Layout) -> list[Problem]:
    problems = [
        *_duplicates(layout.wall.panels, "id", ("wall", "panels")),
        *_duplicates(layout.wall.canvases, "id", ("wall", "canvases")),
        *_duplicates(layout.sources, "id", ("sources",)),
        *_duplicates(layout.tiles, "id", ("tiles",)),
        *_duplicates(layout.scenarios, "id", ("scenarios",)),
    ]
    hotkeys: dict[str, str] = {}
    for index, scenario in enumerate(layout.scenarios):
        if scenario.hotkey is None:
            continue
        if scenario.hotkey in hotkeys:
            problems.append(Problem(("scenarios", index, "hotkey"),
                                    f"hotkey {scenario.hotkey} is already used by scenario "
                                    f"'{hotkeys[scenario.hotkey]}'"))
        hotkeys.setdefault(scenario.hotkey, scenario.id)
    if layout.default_scenario is not None and layout.default_scenario not in {
            s.id for s in layout.scenarios}:
        problems.append(Problem(("default_scenario",),
                                f"default scenario '{layout.default_scenario}' is not defined"))
    return problems


def _wall_problems(wall: Wall) -> list[Problem]:
    problems: list[Problem] = []
    positions: dict[tuple[int, int], str] = {}
    for index, panel in enumerate(wall.panels):
        key = (panel.position.row, panel.position.column)
        if key in positions:
            problems.append(Problem(("wall", "panels", index, "position"),
                                    f"panel '{panel.id}' hangs at the same place as panel "
                                    f"'{positions[key]}'"))
        positions.setdefault(key, panel.id)
    panel_ids = {p.id for p in wall.panels}
    claimed: dict[str, str] = {}
    for c_index, canvas in enumerate(wall.canvases):
        where = ("wall", "canvases", c_index, "panels")
        missing = [pid for pid in canvas.panels if pid not in panel_ids]
        for pid in missing:
            problems.append(Problem((*where, canvas.panels.index(pid)),
                                    f"canvas '{canvas.id}' names a missing panel '{pid}'"))
        for p_index, pid in enumerate(canvas.panels):
            if pid in claimed:
                problems.append(Problem((*where, p_index),
                                        f"panel '{pid}' is already in canvas '{claimed[pid]}'"))
            claimed.setdefault(pid, canvas.id)
        if missing:
            continue
        problems += _canvas_shape_problems(wall, canvas, where)
    return problems


def _canvas_shape_problems(wall: Wall, canvas, where: tuple) -> list[Problem]:
    panels = [wall.panel(pid) for pid in canvas.panels]
    rows = {p.position.row for p in panels}
    columns = {p.position.column for p in panels}
    spots = {(p.position.row, p.position.column) for p in panels}
    problems = []
    contiguous = (max(rows) - min(rows) + 1 == len(rows)
                  and max(columns) - min(columns) + 1 == len(columns))
    if not contiguous or len(spots) != len(rows) * len(columns):
        problems.append(Problem(where, f"the panels of canvas '{canvas.id}' do not form a "
                                       "rectangle on the wall"))
    if len({p.resolution for p in panels}) > 1 or len(
            {(p.grid.rows, p.grid.columns) for p in panels}) > 1:
        problems.append(Problem(where, f"the panels of canvas '{canvas.id}' must share one "
                                       "resolution and one grid"))
    return problems


def _binding_problems(layout: Layout) -> list[Problem]:
    source_ids = {s.id for s in layout.sources}
    problems = []
    for index, tile in enumerate(layout.tiles):
        for binding in tile.bindings():
            if binding.source not in source_ids:
                where = ("tiles", index, "binding", "source") if tile.binding is binding else (
                    "tiles", index, "options")
                problems.append(Problem(where, f"tile '{tile.id}' reads a missing source "
                                               f"'{binding.source}'"))
    return problems


def _scenario_problems(layout: Layout) -> list[Problem]:
    problems: list[Problem] = []
    tile_ids = {t.id for t in layout.tiles}
    panel_ids = {p.id for p in layout.wall.panels}
    grids = {canvas.id: CanvasGrid(layout.wall, canvas)
             for canvas in layout.wall.effective_canvases()}
    for s_index, scenario in enumerate(layout.scenarios):
        placed: set[str] = set()
        occupied: dict[tuple[str, tuple[int, int]], str] = {}
        for panel_id, placements in scenario.panels.items():
            where = ("scenarios", s_index, "panels", panel_id)
            if panel_id not in panel_ids:
                problems.append(Problem(where, f"scenario '{scenario.id}' names a missing "
                                               f"panel '{panel_id}'"))
                continue
            grid = grids[layout.wall.canvas_of(panel_id).id]
            for p_index, placement in enumerate(placements):
                here = (*where, p_index)
                problems += _placement_problems(placement, panel_id, grid, tile_ids, placed,
                                                occupied, here)
    return problems


def _placement_problems(placement, panel_id: str, grid: CanvasGrid, tile_ids: set[str],
                        placed: set[str], occupied: dict, here: tuple) -> list[Problem]:
    if placement.tile not in tile_ids:
        return [Problem((*here, "tile"), f"no tile is defined with id '{placement.tile}'")]
    if placement.tile in placed:
        return [Problem((*here, "tile"), f"tile '{placement.tile}' is placed twice in this "
                                         "scenario")]
    placed.add(placement.tile)
    if not grid.fits(panel_id, placement):
        rows, columns = grid.panel_grid
        reach = "its canvas" if len(grid.panels) > 1 else "the panel's own screen"
        return [Problem((*here, "span"),
                        f"tile '{placement.tile}' at row {placement.at[0]}, column "
                        f"{placement.at[1]} with span {placement.span[0]}x{placement.span[1]} "
                        f"goes past the {rows}x{columns} grid of panel '{panel_id}' "
                        f"(a tile may only span panels within {reach})")]
    for cell in sorted(grid.cells(panel_id, placement)):
        key = (grid.canvas.id, cell)
        if key in occupied:
            return [Problem((*here, "at"), f"tile '{placement.tile}' overlaps tile "
                                           f"'{occupied[key]}' on panel "
                                           f"'{grid.panel_at_cell(cell)}'")]
    for cell in grid.cells(panel_id, placement):
        occupied[(grid.canvas.id, cell)] = placement.tile
    return []
