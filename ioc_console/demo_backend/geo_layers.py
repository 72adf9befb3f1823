"""``GET /api/geo/<layer>.geojson``: map layers of the simulated province (RFC 7946).

Coordinates are [lon, lat]. Each FeatureCollection carries ``"simulated": true`` and
``"label"`` as foreign members, which RFC 7946 §6.1 allows, so a map legend can say where
the data come from. Live layers (gauges, cameras, shelters, reports, landslides, alert
areas) are computed at the requested simulated time from the same functions as the KPIs.
"""

from __future__ import annotations

from collections.abc import Callable

from . import cap_feed, hydrology, incidents
from .places import (
    CAMERAS,
    GAUGES,
    LANDSLIDES,
    PROVINCE_OUTLINE,
    RED_RIVER,
    SHELTERS,
    TOWNS,
)
from .simulation import Simulation, iso, simulated


def collection(features: list[dict]) -> dict:
    return simulated({"type": "FeatureCollection", "features": features})


def point(feature_id: str, lat: float, lon: float, **properties: object) -> dict:
    return {"type": "Feature", "id": feature_id,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"id": feature_id, **properties}}


def _province(sim: Simulation, t: float) -> list[dict]:
    return [
        {"type": "Feature", "id": "lao_cai_province",
         "geometry": {"type": "Polygon",
                      "coordinates": [[list(vertex) for vertex in PROVINCE_OUTLINE]]},
         "properties": {"id": "lao_cai_province",
                        "name": "Tỉnh Lào Cai (từ 1/7/2025) — ranh giới GẦN ĐÚNG, MÔ PHỎNG",
                        "name_en": "Lào Cai province (from 1 July 2025) — APPROXIMATE outline",
                        "approximate": True, "area_km2": 13256.92, "population": 1778785}},
        {"type": "Feature", "id": "red_river",
         "geometry": {"type": "LineString", "coordinates": [list(v) for v in RED_RIVER]},
         "properties": {"id": "red_river", "name": "Sông Hồng (sông Thao) — gần đúng",
                        "name_en": "Red River (Thao) — approximate", "approximate": True}},
    ]


def _towns(sim: Simulation, t: float) -> list[dict]:
    return [point(town.id, town.lat, town.lon, name=town.name, role=town.role)
            for town in TOWNS]


def _gauges(sim: Simulation, t: float) -> list[dict]:
    features = []
    for gauge in GAUGES:
        reading = hydrology.gauge_reading(sim, gauge, t)
        features.append(point(gauge.id, gauge.lat, gauge.lon, name=gauge.name,
                              river=gauge.river, level_m=reading["level_m"],
                              alarm=reading["alarm"],
                              alarm_levels_m=reading["alarm_levels_m"],
                              trend_m_per_h=reading["trend_m_per_h"]))
    return features


def _cameras(sim: Simulation, t: float) -> list[dict]:
    offline = incidents.offline_cameras(sim, t)
    return [point(camera.id, camera.lat, camera.lon, name=camera.name,
                  online=camera.id not in offline) for camera in CAMERAS]


def _shelters(sim: Simulation, t: float) -> list[dict]:
    hour = sim.flood_hour(t)
    features = []
    for shelter in SHELTERS:
        filled = 0.0 if hour is None else min(1.0, max(0.0, hour - 1.5) /
                                              (shelter.fills_by_flood_hour - 1.5))
        share = 0.55 + 0.4 * abs(sim.noise("shelter", shelter.id))
        features.append(point(shelter.id, shelter.lat, shelter.lon, name=shelter.name,
                              capacity=shelter.capacity,
                              occupancy=round(shelter.capacity * share * filled),
                              open=hour is not None and hour >= 1.5))
    return features


def _reports(sim: Simulation, t: float) -> list[dict]:
    return [point(report["id"], report["lat"], report["lon"], name=report["category"],
                  category=report["category"], commune=report["commune"], text=report["text"],
                  time=report["time"])
            for report in incidents.recent_reports(sim, t, 12)]


def _landslides(sim: Simulation, t: float) -> list[dict]:
    episode = sim.episode_at(t)
    if episode is None:
        return []
    hour = episode.hour_at(t)
    return [point(slide.id, slide.lat, slide.lon, name=slide.name,
                  since=iso(episode.moment_of(slide.from_flood_hour)))
            for slide in LANDSLIDES if hour >= slide.from_flood_hour]


def _alert_areas(sim: Simulation, t: float) -> list[dict]:
    return cap_feed.area_features(sim, t)


LAYERS: dict[str, tuple[str, Callable[[Simulation, float], list[dict]]]] = {
    "province": ("Ranh giới tỉnh (gần đúng) / Province outline (approximate)", _province),
    "towns": ("Đô thị, địa danh / Towns and places", _towns),
    "gauges": ("Trạm thủy văn / River gauges", _gauges),
    "cameras": ("Camera AI / AI cameras", _cameras),
    "shelters": ("Điểm sơ tán / Shelters", _shelters),
    "reports": ("Phản ánh hiện trường / Citizens' reports", _reports),
    "landslides": ("Điểm sạt lở / Landslides", _landslides),
    "alert_areas": ("Vùng cảnh báo CAP / CAP alert areas", _alert_areas),
}


def layer(sim: Simulation, name: str, t: float) -> dict | None:
    entry = LAYERS.get(name)
    return None if entry is None else collection(entry[1](sim, t))
