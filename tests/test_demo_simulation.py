"""The simulated province without HTTP: a pure function of seed, scenario and simulated time."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ioc_console.demo_backend import cap_feed, flood_timeline, hydrology, kpis, series
from ioc_console.demo_backend.http_caching import Validators, not_modified
from ioc_console.demo_backend.places import GAUGES_BY_ID, PROVINCE_OUTLINE, TOWNS
from ioc_console.demo_backend.prometheus_api import BadQuery, parse_selector, parse_step
from ioc_console.demo_backend.simulation import Simulation

FRIDAY_3PM = 1_800_000_000.0  # 2027-01-15 15:00 in Vietnam (UTC+7)
LAO_CAI = GAUGES_BY_ID["lao_cai"]


class FakeClock:
    def __init__(self, now: float = FRIDAY_3PM) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def flood_at(hour: float, seed: int = 7, speed: float = 1.0) -> tuple[Simulation, FakeClock]:
    """A simulation ``hour`` flood hours into a replay started at FRIDAY_3PM."""
    clock = FakeClock()
    sim = Simulation(seed, speed, clock)
    sim.start_flood()
    clock.now += hour * 60 / speed
    return sim, clock


def test_the_stage_is_a_pure_function_of_the_flood_hour():
    assert [flood_timeline.stage(h) for h in (0, 0.99, 1, 3.5, 4, 7.99, 8, 30)] == [
        0, 0, 1, 3, 4, 7, 8, 8]
    sim, _clock = flood_at(4.5)
    assert sim.scenario()["name"] == "flood" and sim.scenario()["stage"] == 4
    assert "86,91" in sim.scenario()["stage_title"]


def test_the_lao_cai_gauge_follows_the_yagi_record_and_then_falls():
    def level(hour: float) -> float:
        sim, _clock = flood_at(hour)
        return hydrology.gauge_level(sim, LAO_CAI, sim.now())

    assert 79.0 < level(0.4) < 80.0
    assert level(1) >= 80.0 > level(0.5)  # BĐ I within the first hour
    assert level(2) >= 83.5  # BĐ III
    assert level(3) == pytest.approx(86.37, abs=0.05)
    assert level(4) == pytest.approx(86.91, abs=0.05)  # the 9/9/2024 record
    assert level(4) > level(5) > level(6) > level(7) > level(8)
    assert hydrology.alarm(LAO_CAI, level(4)) == 3 and hydrology.alarm(LAO_CAI, 79.0) == 0


def test_speed_divides_the_length_of_a_flood_hour():
    sim, clock = flood_at(0, speed=60)
    clock.now += 4.0  # four real seconds at speed 60 are four flood hours
    assert sim.flood_hour() == pytest.approx(4.0)


def test_the_river_recedes_to_normal_after_the_replay_is_ended():
    sim, clock = flood_at(4)
    sim.end_flood()
    just_after = hydrology.gauge_level(sim, LAO_CAI, sim.now() + 1)
    clock.now += 3600
    assert just_after > 86 and hydrology.gauge_level(sim, LAO_CAI, sim.now()) < 79
    assert sim.scenario()["name"] == "normal"


def test_the_toll_rises_then_the_missing_are_reconciled():
    tolls = [flood_timeline.toll(h) for h in range(9)]
    assert tolls[0] == flood_timeline.TOLL[0][1] and tolls[0].dead == 0
    assert [t.dead for t in tolls] == sorted(t.dead for t in tolls)  # the dead never fall
    assert tolls[8].missing < tolls[7].missing  # people turn up alive (15/9/2024)


def test_noise_is_repeatable_per_seed_and_differs_between_seeds():
    clock = FakeClock()
    same = [Simulation(11, 1.0, clock).wobble("x", 1, 300, FRIDAY_3PM) for _ in range(2)]
    other = Simulation(12, 1.0, clock).wobble("x", 1, 300, FRIDAY_3PM)
    assert same[0] == same[1] != other


@given(st.floats(min_value=0, max_value=86399), st.floats(min_value=0, max_value=86399))
def test_a_today_counter_never_falls_within_a_day(first, second):
    sim = Simulation(7, 1.0, FakeClock())
    midnight = FRIDAY_3PM - 15 * 3600
    early, late = sorted((first, second))
    assert (sim.daily_total("d", 2150, midnight + early)
            <= sim.daily_total("d", 2150, midnight + late))
    assert sim.daily_total("d", 2150, midnight) == 0


def test_kpi_values_stay_within_realistic_magnitudes():
    sim = Simulation(7, 1.0, FakeClock())
    admin = kpis.kpi(sim, "public_admin", FRIDAY_3PM)
    assert 1000 < admin["dossiers_received_today"] < 2600
    assert 97 < admin["dossiers_on_time_pct"] <= 100
    index = kpis.kpi(sim, "index766", FRIDAY_3PM)
    assert sum(c["max"] for c in index["components"]) == 100
    assert index["total"] == pytest.approx(sum(c["score"] for c in index["components"]))
    assert 75 < kpis.kpi(sim, "health", FRIDAY_3PM)["bed_occupancy_pct"] < 100
    investment = kpis.kpi(sim, "investment", FRIDAY_3PM)
    assert investment["plan_bn_vnd"] == 15450 and 0 < investment["disbursed_pct"] < 100


def test_a_series_point_never_changes_once_served():
    sim, clock = flood_at(2)
    before = dict(map(tuple, series.series(sim, "river_lao_cai", sim.now())["points"]))
    clock.now += 90
    after = dict(map(tuple, series.series(sim, "river_lao_cai", sim.now())["points"]))
    shared = set(before) & set(after)
    assert len(shared) > 100 and all(before[t] == after[t] for t in shared)
    assert max(after) > max(before)


def test_the_flood_alerts_escalate_and_each_update_points_at_its_original():
    sim, _clock = flood_at(8.5)
    story = sorted(cap_feed.messages(sim, sim.now()), key=lambda m: m.sent)
    flood = [m for m in story if "-F" in m.identifier]
    assert [(m.template.msg_type, m.template.severity) for m in flood] == [
        ("Alert", "Minor"), ("Update", "Moderate"), ("Alert", "Severe"),
        ("Update", "Extreme"), ("Alert", "Extreme"), ("Cancel", "Moderate"),
        ("Cancel", "Extreme")]
    identifiers = {m.identifier: m.sent for m in flood}
    for message in flood:
        for reference, sent in message.references:
            assert identifiers[reference] == sent < message.sent
    in_force = {m.template.key for m in cap_feed.in_force(sim, sim.now())}
    assert "F05" in in_force and not in_force & {"F01", "F02", "F03", "F04"}


def test_the_outline_is_counter_clockwise_and_holds_every_town():
    ring = PROVINCE_OUTLINE
    assert ring[0] == ring[-1] and 20 <= len(ring) <= 40
    twice_area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:],
                                                                      strict=False))
    assert twice_area > 0  # RFC 7946 right-hand rule
    lons, lats = zip(*ring, strict=True)
    assert min(lons) >= 103.5 and max(lons) <= 105.11 and min(lats) >= 21.32
    assert max(lats) <= 22.86
    for town in TOWNS:
        assert _inside(town.lon, town.lat, ring), town.name


def _inside(x: float, y: float, ring: tuple[tuple[float, float], ...]) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def test_prometheus_selectors_and_durations_parse_like_prometheus():
    selector = parse_selector('up{job=~"dvc|lgsp", instance!="x"}')
    assert selector.metric == "up"
    assert selector.matches({"job": "dvc", "instance": "y"})
    assert not selector.matches({"job": "email", "instance": "y"})
    assert parse_step("1m") == 60 and parse_step("15") == 15
    for bad in ("rate(up[5m])", "nope", 'up{job="x"'):
        with pytest.raises(BadQuery):
            parse_selector(bad)


def test_if_none_match_wins_over_if_modified_since():
    validators = Validators('"abc"', 1_800_000_000.0)
    date = validators.last_modified_header
    assert not_modified(validators, '"abc"', None)
    assert not_modified(validators, 'W/"abc", "other"', None)
    assert not not_modified(validators, '"other"', date)  # the ETag decides
    assert not_modified(validators, None, date)
    assert not not_modified(validators, None, "Thu, 01 Jan 2026 00:00:00 GMT")
    assert not not_modified(validators, None, "not a date")
