"""Alert-driven rules: the right alert proposes the right scenario, and floods don't thrash."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ioc_console.model.rules import AlertMatch, Rule, RuleEngine, alert_matches

RIVER_BANK = [[103.945, 22.515], [103.985, 22.515], [103.995, 22.480], [103.970, 22.470],
              [103.945, 22.515]]
T0 = datetime(2024, 9, 9, 13, tzinfo=UTC)


@dataclass
class FakeAlert:
    identifier: str
    severity: str = "Extreme"
    urgency: str = "Immediate"
    category: list[str] = field(default_factory=lambda: ["Met"])
    event: str = "Lũ đặc biệt lớn trên sông Hồng"
    source: str = "cap_alerts"
    areas: list[dict] = field(default_factory=lambda: [
        {"type": "Polygon", "coordinates": [RIVER_BANK]}])


def river_rule(**then) -> Rule:
    return Rule.model_validate({
        "id": "river-extreme",
        "when": {"min_severity": "Severe", "urgency": ["Immediate"], "event_contains": "LŨ",
                 "area_bbox": [103.9, 22.4, 104.05, 22.55]},
        "then": {"action": "propose", "scenario": "flood", **then}})


def test_matching_by_severity_urgency_event_and_area():
    match = river_rule().when
    assert alert_matches(match, FakeAlert("a"))
    assert not alert_matches(match, FakeAlert("b", severity="Moderate"))
    assert not alert_matches(match, FakeAlert("c", urgency="Future"))
    assert not alert_matches(match, FakeAlert("d", event="Sạt lở đất"))
    far = {"type": "Polygon", "coordinates": [[[104.3, 22.0], [104.4, 22.0], [104.4, 22.1],
                                                [104.3, 22.0]]]}
    assert not alert_matches(match, FakeAlert("e", areas=[far]))


def test_an_area_crossing_the_zone_without_a_corner_inside_still_matches():
    band = {"type": "Polygon", "coordinates": [[[103.0, 22.49], [105.0, 22.49], [105.0, 22.50],
                                                 [103.0, 22.50], [103.0, 22.49]]]}
    assert alert_matches(AlertMatch(area_bbox=(103.9, 22.4, 104.05, 22.55)),
                         FakeAlert("x", areas=[band]))


def test_a_rule_fires_once_per_alert_and_a_flood_of_alerts_gives_one_decision():
    engine = RuleEngine([river_rule()], min_gap_s=60)
    first = engine.on_alerts([FakeAlert(f"a{i}") for i in range(40)], T0)
    assert len(first) == 1 and first[0].scenario == "flood"
    assert engine.on_alerts([FakeAlert("a1")], T0 + timedelta(hours=1)) == []
    assert engine.on_alerts([FakeAlert("new")], T0 + timedelta(seconds=10)) == []


def test_after_the_cooldown_a_new_alert_fires_again():
    engine = RuleEngine([river_rule()], min_gap_s=60)
    engine.on_alerts([FakeAlert("a")], T0)
    assert engine.on_alerts([FakeAlert("b")], T0 + timedelta(seconds=301))


def test_revert_when_every_matched_alert_is_acknowledged_or_gone():
    engine = RuleEngine([river_rule(revert_when_cleared=True)])
    engine.on_alerts([FakeAlert("a"), FakeAlert("b")], T0)
    assert engine.reverts({"a", "b"}, {"a"}, T0) == []
    [decision] = engine.reverts({"a", "b"}, {"a", "b"}, T0)
    assert decision.kind == "revert" and decision.scenario == "flood"


def test_an_alert_drawn_with_exactly_the_rules_polygon_matches_it():
    from ioc_console.model.geo import geometry_intersects

    ring = [(103.945, 22.515), (103.985, 22.515), (103.995, 22.48), (103.97, 22.47),
            (103.945, 22.515)]
    same = {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}
    assert geometry_intersects(same, ring)
    sharing_an_edge = {"type": "Polygon", "coordinates": [[[103.945, 22.515], [103.985, 22.515],
                                                           [103.985, 22.6], [103.945, 22.515]]]}
    assert geometry_intersects(sharing_an_edge, ring)
    apart = {"type": "Polygon", "coordinates": [[[104.3, 22.2], [104.37, 22.2], [104.37, 22.15],
                                                 [104.3, 22.2]]]}
    assert not geometry_intersects(apart, ring)
