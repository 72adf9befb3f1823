"""GeoJSON layers of the simulated province, in [lon, lat] order.

The outline is a hand-drawn approximation of the merged Lào Cai province (old Lào Cai and
Yên Bái; lon 103.53-105.10, lat 21.33-22.85, DOMAIN.md §2.1) with ~30 vertices: good enough
to orient a viewer on a wall, not a boundary for any other use.
"""

from __future__ import annotations

import math

from .simulation import LABEL, Simulation

OUTLINE = [
    (103.53, 22.58), (103.62, 22.78), (103.80, 22.82), (103.96, 22.52), (104.08, 22.73),
    (104.25, 22.85), (104.40, 22.80), (104.55, 22.65), (104.62, 22.42), (104.78, 22.30),
    (104.98, 22.25), (105.10, 22.05), (105.06, 21.80), (105.02, 21.55), (104.90, 21.40),
    (104.62, 21.33), (104.40, 21.36), (104.18, 21.45), (103.95, 21.60), (103.90, 21.80),
    (103.86, 21.95), (103.72, 22.05), (103.62, 22.20), (103.58, 22.38), (103.53, 22.58),
]
RED_RIVER = [(103.73, 22.62), (103.96, 22.50), (104.19, 22.32), (104.34, 22.17),
             (104.69, 21.88), (104.88, 21.70), (105.20, 21.45)]
TOWNS = [("lao_cai", "Lào Cai", 22.4856, 103.9707), ("sa_pa", "Sa Pa", 22.336, 103.844),
         ("bac_ha", "Bắc Hà", 22.537, 104.29), ("bat_xat", "Bát Xát", 22.538, 103.889),
         ("pho_lu", "Phố Lu", 22.317, 104.188), ("pho_rang", "Phố Ràng", 22.238, 104.47),
         ("khanh_yen", "Khánh Yên", 22.09, 104.253), ("yen_bai", "Yên Bái", 21.705, 104.875),
         ("nghia_lo", "Nghĩa Lộ", 21.6, 104.512), ("mu_cang_chai", "Mù Cang Chải", 21.853,
                                                    104.087)]
CAMERAS = [("cam01", "Bờ sông Hồng, P. Lào Cai", 22.503, 103.962),
           ("cam02", "Cầu Cốc Lếu", 22.497, 103.968), ("cam03", "Đường An Dương Vương", 22.49,
                                                        103.975),
           ("cam04", "Ngã tư Hoàng Liên", 22.48, 103.98), ("cam05", "Sa Pa trung tâm", 22.336,
                                                           103.843),
           ("cam06", "QL4D Ô Quy Hồ", 22.35, 103.77), ("cam07", "Cầu Phố Lu", 22.318, 104.19),
           ("cam08", "Bảo Hà", 22.171, 104.338), ("cam09", "P. Yên Bái", 21.706, 104.873),
           ("cam10", "Cầu Bắc Hà", 22.536, 104.29), ("cam11", "Văn Bàn", 22.09, 104.25),
           ("cam12", "Nghĩa Lộ", 21.6, 104.51)]
SHELTERS = [("s1", "Trường THPT số 1 Lào Cai", 22.47, 103.99, 600),
            ("s2", "Nhà văn hóa P. Cốc Lếu", 22.495, 103.975, 250),
            ("s3", "Trường THCS Phố Lu", 22.32, 104.2, 300),
            ("s4", "UBND xã Phúc Khánh", 22.11, 104.37, 150),
            ("s5", "Trường tiểu học Bảo Hà", 22.175, 104.345, 200),
            ("s6", "Nhà thi đấu Yên Bái", 21.71, 104.88, 800),
            ("s7", "Trường THCS Khánh Yên", 22.09, 104.26, 250),
            ("s8", "Nhà văn hóa Sa Pa", 22.336, 103.845, 300)]
LANDSLIDES = [(5, "ls1", "Làng Nủ, xã Phúc Khánh — lũ quét", 22.10, 104.35),
              (3, "ls2", "QL70 đoạn Bảo Hà — sạt lở taluy", 22.19, 104.31),
              (4, "ls3", "Đường lên Y Tý — sạt lở", 22.62, 103.62),
              (6, "ls4", "Tỉnh lộ 160 Bắc Hà", 22.56, 104.25)]


def collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features, "simulated": True,
            "label": LABEL}


def point(fid: str, lat: float, lon: float, **properties) -> dict:
    return {"type": "Feature", "id": fid, "geometry": {"type": "Point",
                                                       "coordinates": [lon, lat]},
            "properties": {"id": fid, **properties}}


def layer(sim: Simulation, name: str, alert_areas: list[dict]) -> dict | None:
    hour = sim.flood_hour()
    if name == "province":
        return collection([
            {"type": "Feature", "id": "lao_cai_2025", "geometry": {
                "type": "Polygon", "coordinates": [[list(p) for p in OUTLINE]]},
             "properties": {"name": "Tỉnh Lào Cai (ranh giới gần đúng, MÔ PHỎNG)"}},
            {"type": "Feature", "id": "red_river", "geometry": {
                "type": "LineString", "coordinates": [list(p) for p in RED_RIVER]},
             "properties": {"name": "Sông Hồng"}}])
    if name == "towns":
        return collection([point(t, lat, lon, name=n) for t, n, lat, lon in TOWNS])
    if name == "gauges":
        return collection([point(g["id"], g["lat"], g["lon"], name=g["name"],
                                 level_m=g["level_m"], alarm=g["alarm"])
                           for g in sim.gauges()])
    if name == "cameras":
        offline = sim.offline_cameras()
        return collection([point(c, lat, lon, name=n, online=c not in offline)
                           for c, n, lat, lon in CAMERAS])
    if name == "shelters":
        features = []
        for sid, n, lat, lon, capacity in SHELTERS:
            occupied = 0 if hour is None else min(capacity, round(capacity * min(1.0, hour / 5)
                                                                   * (0.6 + 0.1 * (len(n) % 4))))
            features.append(point(sid, lat, lon, name=n, capacity=capacity, occupancy=occupied))
        return collection(features)
    if name == "reports":
        return collection([point(r["id"], r["lat"], r["lon"], name=r["category"],
                                 commune=r["commune"], text=r["text"])
                           for r in sim.recent_reports()])
    if name == "landslides":
        return collection([point(lid, lat, lon, name=n) for at, lid, n, lat, lon in LANDSLIDES
                           if hour is not None and hour >= at])
    if name == "alert_areas":
        return collection(alert_areas)
    return None


def circle_ring(lat: float, lon: float, radius_km: float, vertices: int = 32) -> list:
    ring = []
    for k in range(vertices + 1):
        angle = 2 * math.pi * k / vertices
        ring.append([round(lon + radius_km / (111.32 * math.cos(math.radians(lat)))
                           * math.cos(angle), 5),
                     round(lat + radius_km / 110.57 * math.sin(angle), 5)])
    return ring


LAYERS = ("province", "towns", "gauges", "cameras", "shelters", "reports", "landslides",
          "alert_areas")
