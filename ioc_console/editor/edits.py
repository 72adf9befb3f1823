"""The edits a technician makes, as ``Edit`` values ready to apply to a ``LayoutDocument``.

Placement edits (move, resize, place, add) are checked against the grid and the other tiles
first and raise ``PlacementRefused`` instead of producing a layout the wall would refuse;
adding or removing a panel is checked the same way and raises ``PanelRefused``.
Value edits (options, title, grid size) always apply; their problems are reported by the
document's validation, so the technician sees them inline and can fix or undo.
"""

from __future__ import annotations

from typing import Any

from ioc_console.model.layout_file import validate_document
from ioc_console.model.problems import LayoutError
from ioc_console.model.scenario import Placement
from ioc_console.model.wall import Wall

from .document import LayoutDocument
from .placement import PlacementRefused, find_placement, first_free_cell, placement_problem
from .starter_tiles import new_tile_id, starter_options
from .tree_changes import Change, Edit, InsertItem, RemoveItem, SetKey, delete_key, plain, to_node

__all__ = ["PanelRefused", "PlacementRefused", "add_panel", "add_tile", "bind_source",
           "free_position", "move_tile", "place_tile", "remove_panel", "remove_placement",
           "set_panel_bezel", "set_panel_grid", "set_panel_screen", "set_tile_option",
           "set_tile_title"]


class PanelRefused(ValueError):
    """Adding or removing the panel would give a wall the console refuses."""



def move_tile(document: LayoutDocument, scenario_id: str, tile_id: str,
              panel_id: str | None = None, at: tuple[int, int] | None = None,
              span: tuple[int, int] | None = None) -> Edit:
    """Move and/or resize a placed tile; ``panel_id`` None keeps its panel."""
    layout = document.layout
    found = find_placement(layout, scenario_id, tile_id)
    if found is None:
        raise PlacementRefused(f"tile '{tile_id}' is not placed in scenario '{scenario_id}'")
    old_panel, index = found
    current = layout.scenario(scenario_id).panels[old_panel][index]
    target_panel = panel_id or old_panel
    wanted = Placement(tile=tile_id, at=at or current.at, span=span or current.span)
    _refuse_if_blocked(document, scenario_id, target_panel, wanted, ignore=tile_id)
    s_index = document.scenario_index(scenario_id)
    panels_path = ("scenarios", s_index, "panels")
    if target_panel == old_panel:
        item_path = (*panels_path, old_panel, index)
        changes: list[Change] = [SetKey(item_path, "at", list(wanted.at))]
        if "span" in document.raw(*item_path) or wanted.span != (1, 1):
            changes.append(SetKey(item_path, "span", list(wanted.span)))
        return Edit(f"move {tile_id}", tuple(changes))
    return Edit(f"move {tile_id}", (
        RemoveItem((*panels_path, old_panel), index),
        *_append_placement(document, panels_path, target_panel, wanted)))


def place_tile(document: LayoutDocument, scenario_id: str, tile_id: str, panel_id: str,
               at: tuple[int, int], span: tuple[int, int] = (1, 1)) -> Edit:
    """Show an existing tile in a scenario that does not show it yet."""
    if find_placement(document.layout, scenario_id, tile_id) is not None:
        raise PlacementRefused(f"tile '{tile_id}' is already on the wall in this scenario")
    wanted = Placement(tile=tile_id, at=at, span=span)
    _refuse_if_blocked(document, scenario_id, panel_id, wanted)
    panels_path = ("scenarios", document.scenario_index(scenario_id), "panels")
    return Edit(f"place {tile_id}", tuple(_append_placement(document, panels_path, panel_id,
                                                            wanted)))


def remove_placement(document: LayoutDocument, scenario_id: str, tile_id: str) -> Edit:
    """Take a tile off the wall in one scenario (its definition stays for the others)."""
    found = find_placement(document.layout, scenario_id, tile_id)
    if found is None:
        raise PlacementRefused(f"tile '{tile_id}' is not placed in scenario '{scenario_id}'")
    panel_id, index = found
    path = ("scenarios", document.scenario_index(scenario_id), "panels", panel_id)
    return Edit(f"remove {tile_id}", (RemoveItem(path, index),))


def add_tile(document: LayoutDocument, tile_type: str, scenario_id: str,
             panel_id: str | None = None, at: tuple[int, int] | None = None) -> tuple[Edit, str]:
    """A new tile of ``tile_type`` placed on a free cell; returns the edit and the new id."""
    layout = document.layout
    if at is None or panel_id is None:
        free = first_free_cell(layout, scenario_id, [panel_id] if panel_id else None)
        if free is None:
            raise PlacementRefused("no free cell left in this scenario")
        panel_id, at = free
    tile_id = new_tile_id(tile_type, layout)
    wanted = Placement(tile=tile_id, at=at)
    _refuse_if_blocked(document, scenario_id, panel_id, wanted)
    tile: dict[str, Any] = {"id": tile_id, "type": tile_type, "title": tile_id}
    options = starter_options(tile_type, layout)
    if options:
        tile["options"] = options
    tiles = document.tree.get("tiles")
    changes: list[Change] = []
    if tiles is None:
        changes.append(SetKey((), "tiles", []))
    changes.append(InsertItem(("tiles",), len(tiles or []), tile))
    panels_path = ("scenarios", document.scenario_index(scenario_id), "panels")
    changes += _append_placement(document, panels_path, panel_id, wanted)
    return Edit(f"add {tile_type} tile", tuple(changes)), tile_id


def set_tile_option(document: LayoutDocument, tile_id: str, name: str, value: Any) -> Edit:
    """Set one option; ``None`` removes it so the type's default applies."""
    index = document.tile_index(tile_id)
    tile_path = ("tiles", index)
    tile = document.raw(*tile_path)
    label = f"{tile_id}: {name}"
    if "options" not in tile:
        if value is None:
            return Edit(label)
        return Edit(label, (SetKey(tile_path, "options", {name: value}),))
    options_path = (*tile_path, "options")
    if value is None:
        if name not in tile["options"]:
            return Edit(label)
        return Edit(label, (delete_key(options_path, name),))
    if plain(tile["options"].get(name)) == plain(value):
        return Edit(label)
    return Edit(label, (SetKey(options_path, name, value),))


def set_tile_title(document: LayoutDocument, tile_id: str, title: Any) -> Edit:
    tile_path = ("tiles", document.tile_index(tile_id))
    if title in (None, ""):
        return Edit(f"{tile_id}: title", (delete_key(tile_path, "title"),)) if "title" in \
            document.raw(*tile_path) else Edit(f"{tile_id}: title")
    return Edit(f"{tile_id}: title", (SetKey(tile_path, "title", title, position=2),))


def bind_source(document: LayoutDocument, tile_id: str, source_id: str,
                select: str | None = None, new_source: dict[str, Any] | None = None) -> Edit:
    """Bind a tile to a source; ``new_source`` (from the backend catalog) is added first."""
    changes: list[Change] = []
    if new_source is not None and source_id not in {s.id for s in document.layout.sources}:
        sources = document.tree.get("sources")
        if sources is None:
            changes.append(SetKey((), "sources", [], position=_after(document, "wall")))
        changes.append(InsertItem(("sources",), len(sources or []), new_source))
    tile_path = ("tiles", document.tile_index(tile_id))
    binding: dict[str, Any] = {"source": source_id}
    if select:
        binding["select"] = select
    position = list(document.raw(*tile_path)).index("options") if "options" in \
        document.raw(*tile_path) else None
    changes.append(SetKey(tile_path, "binding", binding, position=position))
    return Edit(f"{tile_id}: source {source_id}", tuple(changes))


def set_panel_grid(document: LayoutDocument, panel_id: str, rows: int, columns: int) -> Edit:
    path = ("wall", "panels", document.panel_index(panel_id))
    return Edit(f"{panel_id}: grid {rows}x{columns}",
                (SetKey(path, "grid", {"rows": rows, "columns": columns}),))


def set_panel_bezel(document: LayoutDocument, panel_id: str, bezel_mm: float) -> Edit:
    path = ("wall", "panels", document.panel_index(panel_id))
    return Edit(f"{panel_id}: bezel {bezel_mm} mm", (SetKey(path, "bezel_mm", bezel_mm),))


def set_panel_screen(document: LayoutDocument, panel_id: str, screen: int | str | None) -> Edit:
    path = ("wall", "panels", document.panel_index(panel_id))
    if screen is None or screen == "":
        return Edit(f"{panel_id}: screen", (delete_key(path, "screen"),)) if "screen" in \
            document.raw(*path) else Edit(f"{panel_id}: screen")
    return Edit(f"{panel_id}: screen {screen}", (SetKey(path, "screen", screen),))


MAX_WALL_POSITION = 63  # WallPosition's bound


def free_position(wall: Wall, direction: str) -> tuple[int, int]:
    """Where "add a panel to the right" (``direction`` "right") or "below" ("below") puts
    the new panel: the first gap in the last column (row), so that repeated clicks complete a
    new column (row) before starting the next one."""
    taken = {(p.position.row, p.position.column) for p in wall.panels}
    if direction == "right":
        column = wall.columns - 1
        spots = [(row, column) for row in range(wall.rows)] + [(0, column + 1)]
    elif direction == "below":
        row = wall.rows - 1
        spots = [(row, column) for column in range(wall.columns)] + [(row + 1, 0)]
    else:
        raise ValueError(f"unknown direction '{direction}'")
    spot = next(spot for spot in spots if spot not in taken)
    if max(spot) > MAX_WALL_POSITION:
        raise PanelRefused(f"a wall has at most {MAX_WALL_POSITION + 1} panels in a row or "
                           "column")
    return spot


def add_panel(document: LayoutDocument, row: int, column: int,
              like: str | None = None) -> tuple[Edit, str]:
    """A new panel at wall position (``row``, ``column``) with the resolution, size, bezel and
    grid of panel ``like`` (default: the first one), since a wall is built of one model of
    monitor. It gets no screen, so it takes the next free OS screen until the technician
    names one. Returns the edit and the new panel's id."""
    _refuse_if_invalid(document)
    wall = document.layout.wall
    if not (0 <= row <= MAX_WALL_POSITION and 0 <= column <= MAX_WALL_POSITION):
        raise PanelRefused(f"row and column go from 0 to {MAX_WALL_POSITION}")
    for panel in wall.panels:
        if (panel.position.row, panel.position.column) == (row, column):
            raise PanelRefused(f"panel '{panel.id}' already hangs at row {row}, column {column}")
    template = document.raw("wall", "panels", document.panel_index(like or wall.panels[0].id))
    panel_id = _new_panel_id(document)
    panel: dict[str, Any] = {"id": panel_id, "position": {"row": row, "column": column}}
    for key, value in template.items():
        if key not in ("id", "name", "position", "screen"):  # these belong to one monitor
            panel[key] = plain(value)
    index = len(document.raw("wall", "panels"))
    return Edit(f"add panel {panel_id}", (InsertItem(("wall", "panels"), index, panel),)), \
        panel_id


def remove_panel(document: LayoutDocument, panel_id: str) -> Edit:
    """Take a monitor off the wall, with what every scenario shows on it and its place in a
    canvas (a canvas left without panels goes too). Refused for the last panel, for a canvas
    that would no longer be a full rectangle, and for anything else the wall would refuse,
    such as a tile on a neighbouring panel of the canvas that spans onto this one."""
    _refuse_if_invalid(document)
    wall = document.layout.wall
    if panel_id not in {p.id for p in wall.panels}:
        raise PanelRefused(f"there is no panel '{panel_id}'")
    if len(wall.panels) == 1:
        raise PanelRefused(f"panel '{panel_id}' is the last panel: a wall needs at least one")
    changes: list[Change] = []
    emptied = 0
    # from the last canvas back, so that removing one leaves the indexes of the others valid
    for c_index, canvas in reversed(list(enumerate(wall.canvases))):
        if panel_id not in canvas.panels:
            continue
        rest = [wall.panel(pid) for pid in canvas.panels if pid != panel_id]
        if not rest:
            changes.append(RemoveItem(("wall", "canvases"), c_index))
            emptied += 1
        elif not _is_rectangle({(p.position.row, p.position.column) for p in rest}):
            raise PanelRefused(f"without panel '{panel_id}' the panels of canvas '{canvas.id}' "
                               "would not form a rectangle on the wall")
        else:
            changes.append(RemoveItem(("wall", "canvases", c_index, "panels"),
                                      canvas.panels.index(panel_id)))
    if wall.canvases and emptied == len(wall.canvases):  # no "canvases: []" left behind
        changes.append(delete_key(("wall",), "canvases"))
    for s_index, scenario in enumerate(document.tree["scenarios"]):
        if panel_id in (scenario.get("panels") or {}):
            changes.append(delete_key(("scenarios", s_index, "panels"), panel_id))
    changes.append(RemoveItem(("wall", "panels"), document.panel_index(panel_id)))
    edit = Edit(f"remove panel {panel_id}", tuple(changes))
    _refuse_if_it_breaks(document, edit, f"without panel '{panel_id}'")
    return edit


def _refuse_if_invalid(document: LayoutDocument) -> None:
    # ``layout`` is the last valid layout: with problems pending it no longer matches the
    # tree, and the indexes taken from it could point at the wrong panel
    if not document.is_valid:
        raise PanelRefused("the layout has problems: fix them before adding or removing panels")


def _is_rectangle(spots: set[tuple[int, int]]) -> bool:
    rows = {row for row, _column in spots}
    columns = {column for _row, column in spots}
    return (max(rows) - min(rows) + 1) * (max(columns) - min(columns) + 1) == len(spots)


def _new_panel_id(document: LayoutDocument) -> str:
    layout = document.layout
    # a canvas id or a stale scenario key equal to the new id would silently adopt the panel
    used = {p.id for p in layout.wall.panels} | {c.id for c in layout.wall.canvases} | {
        key for scenario in document.tree["scenarios"] for key in scenario.get("panels") or {}}
    number = len(layout.wall.panels) + 1
    while f"p{number}" in used:
        number += 1
    return f"p{number}"


def _refuse_if_it_breaks(document: LayoutDocument, edit: Edit, context: str) -> None:
    """Try ``edit`` on the tree and take it back; refuse it if the layout would have a
    problem. (On the tree itself: a deep copy of the ruamel tree costs 20 times more.)"""
    undo = edit.apply(document.tree)
    try:
        validate_document(document.tree, document.filename)
    except LayoutError as error:
        raise PanelRefused(f"{context}: {error.problems[0].message}") from None
    finally:
        undo.apply(document.tree)


def _refuse_if_blocked(document: LayoutDocument, scenario_id: str, panel_id: str,
                       wanted: Placement, ignore: str | None = None) -> None:
    problem = placement_problem(document.layout, scenario_id, panel_id, wanted, ignore)
    if problem is not None:
        raise PlacementRefused(problem)


def _append_placement(document: LayoutDocument, panels_path: tuple, panel_id: str,
                      placement: Placement) -> list[Change]:
    item: dict[str, Any] = {"tile": placement.tile, "at": list(placement.at)}
    if placement.span != (1, 1):
        item["span"] = list(placement.span)
    panels = document.raw(*panels_path)
    if panel_id not in panels:  # placements are written one per line, as in the shipped file
        return [SetKey(panels_path, panel_id, to_node([to_node(item, True)], False))]
    return [InsertItem((*panels_path, panel_id), len(panels[panel_id]), item)]


def _after(document: LayoutDocument, key: str) -> int | None:
    keys = list(document.tree)
    return keys.index(key) + 1 if key in keys else None
