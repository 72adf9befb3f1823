"""Scenario switching as the operator relies on it: whole wall at once, revert, proposals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ioc_console.model.layout_file import parse_layout
from ioc_console.model.scenario_engine import ScenarioEngine
from tests.layout_samples import TILES, WALL_2X1

LAYOUT = parse_layout(WALL_2X1 + TILES + """\
scenarios:
  - id: normal
    name: Normal
    hotkey: F1
    panels:
      p1: [{tile: a, at: [0, 0]}]
      p2: [{tile: b, at: [0, 0]}]
  - id: flood
    name: Flood
    hotkey: F2
    panels:
      p1: [{tile: b, at: [0, 0], span: [2, 2]}]
      p2: [{tile: a, at: [1, 1]}]
  - id: p2_only
    name: Only panel 2
    panels:
      p2: [{tile: b, at: [1, 0], span: [1, 2]}]
""")


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2024, 9, 9, 13, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def make_engine(records: list, clock: Clock | None = None) -> ScenarioEngine:
    return ScenarioEngine(LAYOUT, record=lambda *a, **k: records.append((a, k)),
                          clock=clock or Clock())


def test_a_switch_changes_every_panel_in_one_step_and_is_recorded():
    records: list = []
    engine = make_engine(records)
    seen = []
    engine.subscribe(seen.append)
    engine.switch("flood", by="lan", reason="river above III")
    assert len(seen) == 1
    assert dict(seen[0].scenario_of_panel) == {"p1": "flood", "p2": "flood"}
    assert records == [(("lan", "switch", "flood", "river above III"), {})]


def test_a_partial_scenario_leaves_other_panels_alone_and_revert_goes_back():
    engine = make_engine([])
    engine.switch("p2_only", by="lan")
    assert dict(engine.state.scenario_of_panel) == {"p1": "normal", "p2": "p2_only"}
    assert engine.state.placements["p1"][0].tile == "a"
    engine.revert(by="lan")
    assert engine.current == "normal"
    assert [p.tile for p in engine.state.placements["p2"]] == ["b"]


def test_a_proposal_is_accepted_or_rejected_and_both_are_recorded():
    records: list = []
    engine = make_engine(records)
    engine.propose("flood", "CAP Extreme for the river bank", rule_id="river-extreme")
    assert engine.pending and engine.current == "normal"
    engine.accept(by="lan")
    assert engine.current == "flood" and engine.pending is None
    engine.propose("normal", "all clear")
    engine.reject(by="lan", reason="not yet")
    assert engine.current == "flood"
    actions = [r[0][1] for r in records]
    assert actions == ["propose", "accept", "switch", "propose", "reject"]


def test_an_automatic_switch_happens_after_its_countdown_unless_cancelled():
    clock = Clock()
    records: list = []
    engine = make_engine(records, clock)
    engine.propose("flood", "Extreme alert", countdown_s=30)
    clock.now += timedelta(seconds=29)
    assert engine.tick() is None and engine.current == "normal"
    clock.now += timedelta(seconds=2)
    assert engine.tick() is not None and engine.current == "flood"
    engine.propose("normal", "test", countdown_s=10)
    engine.reject(by="lan")
    clock.now += timedelta(seconds=60)
    assert engine.tick() is None and engine.current == "flood"
    assert ("lan", "cancel-auto-switch", "normal", "test") in [r[0] for r in records]
