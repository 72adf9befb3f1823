"""The edits a technician makes, as ``Edit`` values ready to apply to a ``LayoutDocument``.

Placement edits (move, resize, place, add) are checked against the grid and the other tiles
first and raise ``PlacementRefused`` instead of producing a layout the wall would refuse.
Value edits (options, title, grid size) always apply; their problems are reported by the
document's validation, so the technician sees them inline and can fix or undo.
"""

from __future__ import annotations

from typing import Any

from ioc_console.model.scenario import Placement

from .document import LayoutDocument
from .placement import PlacementRefused, find_placement, first_free_cell, placement_problem
from .starter_tiles import new_tile_id, starter_options
from .tree_changes import Change, Edit, InsertItem, RemoveItem, SetKey, delete_key, plain, to_node

__all__ = ["PlacementRefused", "add_tile", "bind_source", "move_tile", "place_tile",
           "remove_placement", "set_panel_bezel", "set_panel_grid", "set_panel_screen",
           "set_tile_option", "set_tile_title"]


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
