"""``GET /api/series/<id>``: time series for charts, with 24 h of history.

Points sit on a fixed grid of simulated time (every 10 min for the last 24 h, every minute
for the last 10 min, every 5 s through a flood replay), and a point's value depends only on
its timestamp, so a chart that merges polls by timestamp never sees a point change, and
``since=<epoch_ms>`` returns exactly the points that are new.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import flood_timeline, hydrology, kpis
from .places import AQI_STATIONS, GAUGES_BY_ID, RAIN_STATIONS, Gauge
from .simulation import RECESSION_S, Simulation, bucket_start, simulated

HISTORY_S = 86400.0
COARSE_STEP_S = 600.0
FINE_STEP_S = 60.0
FLOOD_STEP_S = 5.0
RECESSION_STEP_S = 15.0

ValueAt = Callable[[Simulation, float], float]


@dataclass(frozen=True)
class Series:
    title: str
    unit: str
    value_at: ValueAt
    thresholds: tuple[tuple[str, float], ...] = ()
    decimals: int = 2


def series(sim: Simulation, series_id: str, t: float, since_ms: int | None = None) -> dict | None:
    spec = SERIES.get(series_id)
    if spec is None:
        return None
    points = []
    for moment in timestamps(sim, t):
        stamp = round(moment * 1000)
        if since_ms is not None and stamp <= since_ms:
            continue
        points.append([stamp, round(spec.value_at(sim, moment), spec.decimals)])
    return simulated({"id": series_id, "title": spec.title, "unit": spec.unit,
                      "points": points,
                      "thresholds": [{"label": label, "value": value}
                                     for label, value in spec.thresholds]})


def timestamps(sim: Simulation, t: float) -> list[float]:
    """The grid of moments up to ``t``, oldest first."""
    oldest = t - HISTORY_S
    moments = set(_grid(oldest, t, COARSE_STEP_S))
    moments.update(_grid(bucket_start(t, COARSE_STEP_S), t, FINE_STEP_S))
    for episode in sim.episodes:
        story_end = episode.moment_of(flood_timeline.LAST_HOUR + 1)
        run_end = story_end if episode.end is None else min(episode.end, story_end)
        moments.update(_grid(max(oldest, episode.start), min(t, run_end), FLOOD_STEP_S))
        if episode.end is not None:
            moments.update(_grid(max(oldest, episode.end),
                                 min(t, episode.end + RECESSION_S), RECESSION_STEP_S))
    return sorted(m for m in moments if oldest < m <= t)


def _grid(start: float, end: float, step: float) -> list[float]:
    """Multiples of ``step`` in [start, end]."""
    if end < start:
        return []
    first = bucket_start(start, step)
    if first < start:
        first += step
    count = int((end - first) // step) + 1
    return [first + k * step for k in range(max(0, count))]


def _level(gauge: Gauge) -> ValueAt:
    return lambda sim, t: hydrology.gauge_level(sim, gauge, t)


def _rain(station_id: str) -> ValueAt:
    station, share = next((s, share) for s, share in RAIN_STATIONS if s.id == station_id)
    return lambda sim, t: hydrology.rain_mm_h(sim, station, share, t)


def _aqi(station_id: str) -> ValueAt:
    station, typical = next((s, typical) for s, typical in AQI_STATIONS if s.id == station_id)
    return lambda sim, t: kpis.aqi_at(sim, station, typical, t)


def _per_hour(counter: Callable[[Simulation, float], float]) -> ValueAt:
    """How much a running "today" counter grew over the hour before ``t``."""
    return lambda sim, t: max(0.0, counter(sim, t) - counter(sim, t - 3600))


def _dossiers_today(sim: Simulation, t: float) -> float:
    return kpis.dossiers_today(sim, t)


def _reports_today(sim: Simulation, t: float) -> float:
    return kpis.reports_today(sim, t)


def _alarm_lines(gauge: Gauge) -> tuple[tuple[str, float], ...]:
    return tuple((f"BĐ {roman}", level)
                 for roman, level in zip(("I", "II", "III"), gauge.alarm_levels_m, strict=True))


SERIES: dict[str, Series] = {
    "river_lao_cai": Series("Mực nước sông Hồng tại Lào Cai / Red River at Lào Cai", "m",
                            _level(GAUGES_BY_ID["lao_cai"]),
                            _alarm_lines(GAUGES_BY_ID["lao_cai"])),
    "river_bao_ha": Series("Mực nước sông Hồng tại Bảo Hà / Red River at Bảo Hà", "m",
                           _level(GAUGES_BY_ID["bao_ha"]), _alarm_lines(GAUGES_BY_ID["bao_ha"])),
    "river_yen_bai": Series("Mực nước sông Thao tại Yên Bái / Thao River at Yên Bái", "m",
                            _level(GAUGES_BY_ID["yen_bai"]),
                            _alarm_lines(GAUGES_BY_ID["yen_bai"])),
    "rain_bat_xat": Series("Lượng mưa Bát Xát / Rainfall at Bát Xát", "mm/h",
                           _rain("bat_xat"), decimals=1),
    "rain_sa_pa": Series("Lượng mưa Sa Pa / Rainfall at Sa Pa", "mm/h", _rain("sa_pa"),
                         decimals=1),
    "aqi_lao_cai": Series("VN_AQI phường Lào Cai / VN_AQI in Lào Cai ward", "VN_AQI",
                          _aqi("lc_city"), (("Kém / Poor", 100.0), ("Xấu / Bad", 150.0)), 0),
    "dossiers_received": Series("Hồ sơ tiếp nhận trong giờ qua / Dossiers in the last hour",
                                "hồ sơ/giờ", _per_hour(_dossiers_today), decimals=0),
    "citizen_reports": Series("Phản ánh trong giờ qua / Citizens' reports in the last hour",
                              "phản ánh/giờ", _per_hour(_reports_today), decimals=0),
}
