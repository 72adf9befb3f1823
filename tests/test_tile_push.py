"""Pushing a tile to a panel and maximising it there, as an operator relies on it: the panel
shows that one tile until restored, the rest of the wall keeps its scenario, and a scenario
switch on that panel wins."""

from __future__ import annotations

import pytest

from ioc_console.model.layout_file import parse_layout
from ioc_console.model.scenario_engine import ScenarioEngine
from ioc_console.model.wall_state import initial_state, push_tile, restore_panel
from tests.layout_samples import WALL_2X1

TILES = """\
tiles:
  - {id: a, type: clock}
  - {id: b, type: text, options: {text: "Xin chào"}}
  - {id: cam, type: text, options: {text: "Camera cầu Cốc Lếu"}}
"""
SCENARIOS = """\
scenarios:
  - id: normal
    name: Normal
    panels:
      p1: [{tile: a, at: [0, 0]}, {tile: b, at: [1, 0], span: [1, 2]}]
      p2: [{tile: cam, at: [0, 0]}]
  - id: p2_only
    name: Only panel 2
    panels:
      p2: [{tile: b, at: [0, 0]}]
"""
SEPARATE_SCREENS = parse_layout(WALL_2X1 + TILES + SCENARIOS)
ONE_SCREEN = parse_layout(WALL_2X1 + "  canvases: [{id: both, panels: [p1, p2]}]\n" + TILES
                          + SCENARIOS)


def tiles_on(state, panel_id: str) -> list[tuple[str, tuple, tuple]]:
    return [(p.tile, p.at, p.span) for p in state.placements[panel_id]]


def test_a_pushed_tile_fills_the_panel_and_the_other_panel_keeps_its_scenario():
    state = push_tile(SEPARATE_SCREENS, initial_state(SEPARATE_SCREENS), "cam", "p1")
    assert tiles_on(state, "p1") == [("cam", (0, 0), (2, 2))]
    assert tiles_on(state, "p2") == [("cam", (0, 0), (1, 1))]  # another screen: shown twice
    restored = restore_panel(SEPARATE_SCREENS, state, "p1")
    assert tiles_on(restored, "p1") == [("a", (0, 0), (1, 1)), ("b", (1, 0), (1, 2))]
    assert not restored.overrides


def test_on_one_screen_a_pushed_tile_leaves_its_old_cell_and_comes_back_on_restore():
    start = initial_state(ONE_SCREEN)
    state = push_tile(ONE_SCREEN, start, "cam", "p1")
    assert tiles_on(state, "p1") == [("cam", (0, 0), (2, 2))]
    assert tiles_on(state, "p2") == []  # one frame per screen: it moved, not copied
    assert restore_panel(ONE_SCREEN, state, "p1").placements == start.placements


def test_a_scenario_claiming_the_panel_ends_the_push_and_others_keep_theirs():
    layout = SEPARATE_SCREENS
    state = push_tile(layout, push_tile(layout, initial_state(layout), "a", "p2"), "b", "p1")
    engine = ScenarioEngine(layout, state=state)
    engine.switch("p2_only", by="lan")
    assert tiles_on(engine.state, "p2") == [("b", (0, 0), (1, 1))]
    assert dict(engine.state.overrides) == {"p1": "b"}
    assert tiles_on(engine.state, "p1") == [("b", (0, 0), (2, 2))]
    engine.restore("p1", by="lan")
    assert tiles_on(engine.state, "p1") == [("a", (0, 0), (1, 1)), ("b", (1, 0), (1, 2))]


def test_maximise_and_push_are_recorded_and_shown_in_one_step():
    records: list = []
    engine = ScenarioEngine(SEPARATE_SCREENS, record=lambda *a, **k: records.append((a, k)))
    seen = []
    engine.subscribe(seen.append)
    engine.push("a", "p1", by="lan", reason="look closer")
    engine.push("cam", "p1", by="lan")
    engine.restore("p1", by="lan")
    engine.restore("p1", by="lan")  # nothing to restore: no record, no repaint
    assert [r[0][1] for r in records] == ["maximise-tile", "push-tile", "restore-panel"]
    assert records[0] == (("lan", "maximise-tile", "a", "look closer"), {"panel": "p1"})
    assert len(seen) == 3


def test_pushing_an_unknown_tile_changes_nothing():
    engine = ScenarioEngine(SEPARATE_SCREENS)
    before = engine.state
    with pytest.raises(KeyError):
        engine.push("nope", "p1", by="lan")
    assert engine.state is before
