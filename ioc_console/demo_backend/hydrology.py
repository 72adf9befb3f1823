"""River levels and rainfall at any simulated moment: normal drift, the flood replay, and
the recession back to normal after a replay is ended.

Used by the KPI, series, map, camera-picture and event modules, so a gauge shows the same
level in every one of them at the same moment.
"""

from __future__ import annotations

from . import flood_timeline
from .places import GAUGES, RAIN_STATIONS, Gauge, Place
from .simulation import RECESSION_S, FloodEpisode, Simulation, bucket_start

NORMAL_SWING_M = 0.25


def gauge_level(sim: Simulation, gauge: Gauge, t: float) -> float:
    """Water level in metres at simulated time ``t``, to the centimetre."""
    episode = sim.episode_at(t)
    if episode is not None:
        return round(_flood_level(sim, gauge, episode.hour_at(t), t), 2)
    ended = _receding_from(sim, t)
    normal = _normal_level(sim, gauge, t)
    if ended is not None and ended.end is not None:
        at_end = _flood_level(sim, gauge, ended.hour_at(ended.end), ended.end)
        share = (t - ended.end) / RECESSION_S
        return round(at_end + (normal - at_end) * share, 2)
    return round(normal, 2)


def alarm(gauge: Gauge, level_m: float) -> int:
    """0..3: the highest alarm level reached."""
    return sum(level_m >= threshold for threshold in gauge.alarm_levels_m)


def trend_m_per_h(sim: Simulation, gauge: Gauge, t: float) -> float:
    """Rise (+) or fall (-) per hour of the story: flood hours during a replay."""
    flooding = sim.episode_at(t) is not None
    window_s, hours = (15.0, 0.25) if flooding else (3600.0, 1.0)
    return round((gauge_level(sim, gauge, t) - gauge_level(sim, gauge, t - window_s)) / hours, 2)


def gauge_reading(sim: Simulation, gauge: Gauge, t: float) -> dict:
    level = gauge_level(sim, gauge, t)
    one, two, three = gauge.alarm_levels_m
    return {"id": gauge.id, "name": gauge.name, "river": gauge.river, "lat": gauge.lat,
            "lon": gauge.lon, "level_m": level,
            "alarm_levels_m": {"I": one, "II": two, "III": three},
            "alarm": alarm(gauge, level), "trend_m_per_h": trend_m_per_h(sim, gauge, t)}


def nearest_gauge(lat: float, lon: float) -> Gauge:
    return min(GAUGES, key=lambda g: (g.lat - lat) ** 2 + (g.lon - lon) ** 2)


def rain_mm_h(sim: Simulation, station: Place, share: float, t: float) -> float:
    """Rain rate: occasional light showers normally, the Yagi rain during a replay."""
    hour = sim.flood_hour(t)
    if hour is None:
        shower = 4.0 * sim.wobble(f"rain:{station.id}", 1.0, 1800, t) - 2.2
        return round(max(0.0, shower), 1)
    base = flood_timeline.interpolate(flood_timeline.RAIN_MM_H, hour) * share
    return round(max(0.0, base * (1 + 0.25 * sim.wobble(f"rainf:{station.id}", 1.0, 30, t))),
                 1)


def rain_mm_24h(sim: Simulation, station: Place, share: float, t: float) -> float:
    """Rain over the last 24 hours of the story (flood hours during a replay)."""
    hour = sim.flood_hour(t)
    total = 0.0
    if hour is None:
        step_s = 1800.0
        for k in range(48):
            total += rain_mm_h(sim, station, share, bucket_start(t, step_s) - k * step_s) * 0.5
        return round(total, 1)
    episode = sim.episode_at(t)
    assert episode is not None
    steps = int(min(hour, 24.0) * 4)
    for k in range(steps):
        total += rain_mm_h(sim, station, share, t - k * 15.0) * 0.25
    return round(total, 1)


def rain_stations(sim: Simulation, t: float) -> list[dict]:
    return [{"id": station.id, "name": station.name, "lat": station.lat, "lon": station.lon,
             "mm_1h": rain_mm_h(sim, station, share, t),
             "mm_24h": rain_mm_24h(sim, station, share, t)}
            for station, share in RAIN_STATIONS]


def _normal_level(sim: Simulation, gauge: Gauge, t: float) -> float:
    return gauge.normal_level_m + sim.wobble(f"level:{gauge.id}", NORMAL_SWING_M, 1800, t)


def _flood_level(sim: Simulation, gauge: Gauge, hour: float, t: float) -> float:
    keyframes = flood_timeline.GAUGE_LEVELS[gauge.id]
    first_hour, first_level = keyframes[0]
    if hour < first_hour:
        normal = _normal_level(sim, gauge, t)
        base = normal + (first_level - normal) * max(0.0, hour) / first_hour
    else:
        base = flood_timeline.interpolate(keyframes, hour)
    return base + sim.wobble(f"flood:{gauge.id}", 0.03, 15, t)


def _receding_from(sim: Simulation, t: float) -> FloodEpisode | None:
    """The flood that ended less than RECESSION_S before ``t``, if any."""
    for episode in reversed(sim.episodes):
        if episode.end is not None and episode.end <= t < episode.end + RECESSION_S:
            return episode
    return None
