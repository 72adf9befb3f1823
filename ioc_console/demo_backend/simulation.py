"""The simulated province: deterministic values for a seed and a simulated time.

Noise comes from a hash of (seed, series, time bucket), never from a shared random
generator, so two servers with the same seed and clock answer the same, whatever order
their requests come in. ``speed`` makes simulated time run faster than real time.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from . import flood_timeline as flood

LABEL = "MÔ PHỎNG / SIMULATED"
LOCAL = timezone(timedelta(hours=7))
REAL_SECONDS_PER_FLOOD_HOUR = 60.0

GAUGES = [
    # id, name, river, lat, lon, alarm levels I/II/III, normal level, flood keyframes
    ("lao_cai", "Lào Cai", "Hồng", 22.500, 103.965, (80.0, 82.0, 83.5), 77.4, flood.LAO_CAI),
    # Bảo Hà: only alarm III (57.00 m) is sourced; I and II are estimates one metre apart
    ("bao_ha", "Bảo Hà", "Hồng", 22.170, 104.340, (55.0, 56.0, 57.0), 53.6, flood.BAO_HA),
    ("yen_bai", "Yên Bái", "Thao", 21.705, 104.875, (30.0, 31.0, 32.0), 28.5, flood.YEN_BAI),
]
AQI_STATIONS = [("lc_city", "TP Lào Cai", 22.4856, 103.9707, 62), ("sa_pa", "Sa Pa", 22.336,
                103.844, 38), ("yen_bai", "Yên Bái", 21.705, 104.875, 71), ("bac_ha", "Bắc Hà",
                22.537, 104.29, 45), ("nghia_lo", "Nghĩa Lộ", 21.6, 104.512, 55)]
RAIN_STATIONS = [("bat_xat", "Bát Xát (Ngòi Phát)"), ("sa_pa", "Sa Pa"), ("bao_yen",
                 "Bảo Yên"), ("van_ban", "Văn Bàn")]
DEPARTMENTS = ["Sở Xây dựng", "Sở Tài nguyên và Môi trường", "Sở Kế hoạch và Đầu tư",
               "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Nông nghiệp", "Sở Giao thông vận tải",
               "Sở Tư pháp"]
COMMUNES = ["P. Lào Cai", "P. Cốc Lếu", "P. Yên Bái", "Sa Pa", "Bát Xát", "Bảo Yên",
            "Văn Bàn", "Bắc Hà", "Mường Khương", "Lục Yên", "Nghĩa Lộ", "Trấn Yên"]
REPORT_CATEGORIES = ["Hạ tầng giao thông", "Môi trường, rác thải", "Chiếu sáng, cấp nước",
                     "An ninh trật tự", "Thủ tục hành chính", "Thiên tai"]
AQI_BANDS = [(50, "Tốt", "#00e400"), (100, "Trung bình", "#ffff00"), (150, "Kém", "#ff7e00"),
             (200, "Xấu", "#ff0000"), (300, "Rất xấu", "#8f3f97"), (500, "Nguy hại", "#7e0023")]


def noise(seed: int, series: str, bucket: int) -> float:
    """A repeatable number in [-1, 1) for (seed, series, bucket)."""
    digest = hashlib.blake2b(f"{seed}:{series}:{bucket}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**63 - 1.0


@dataclass
class Simulation:
    seed: int = 7
    speed: float = 1.0
    clock: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        self.started = self.clock()
        self.flood_started: float | None = None

    # --- time ----------------------------------------------------------------------------
    def now(self) -> float:
        """Simulated epoch seconds: starts at the real time, runs ``speed`` times faster."""
        return self.started + (self.clock() - self.started) * self.speed

    def start_flood(self) -> None:
        self.flood_started = self.clock()

    def replay_flood_from(self, hour: float) -> None:
        """Start the flood as if it had begun ``hour`` simulated hours ago (for pictures)."""
        self.flood_started = self.clock() - hour * REAL_SECONDS_PER_FLOOD_HOUR / self.speed

    def end_flood(self) -> None:
        self.flood_started = None

    def flood_hour(self) -> float | None:
        if self.flood_started is None:
            return None
        return (self.clock() - self.flood_started) * self.speed / REAL_SECONDS_PER_FLOOD_HOUR

    def flood_moment(self, hour: float) -> float:
        """Real epoch seconds at which the flood reached ``hour`` (for CAP 'sent' times)."""
        assert self.flood_started is not None
        return self.flood_started + hour * REAL_SECONDS_PER_FLOOD_HOUR / self.speed

    def scenario(self) -> dict:
        hour = self.flood_hour()
        if hour is None:
            return {"name": "normal", "stage": None, "stage_title": "Điều hành thường ngày",
                    "sim_time": iso(self.now())}
        index, title = flood.stage(hour)
        return {"name": "flood", "stage": index, "stage_title": title, "hour": round(hour, 3),
                "sim_time": iso(self.now())}

    def wobble(self, series: str, amplitude: float, period_s: float = 300.0) -> float:
        """Slow deterministic drift: noise interpolated between time buckets."""
        position = self.now() / period_s
        bucket = math.floor(position)
        fraction = position - bucket
        a, b = noise(self.seed, series, bucket), noise(self.seed, series, bucket + 1)
        return amplitude * (a + (b - a) * fraction)

    # --- values --------------------------------------------------------------------------
    def gauge_level(self, gauge: tuple, at_hour: float | None = None) -> float:
        hour = self.flood_hour() if at_hour is None else at_hour
        if hour is None:
            return round(gauge[6] + self.wobble(f"level:{gauge[0]}", 0.25), 2)
        return round(flood.interpolate(gauge[7], hour) + self.wobble(f"lf:{gauge[0]}", 0.03),
                     2)

    def gauges(self) -> list[dict]:
        out = []
        for gauge in GAUGES:
            level = self.gauge_level(gauge)
            levels = gauge[5]
            hour = self.flood_hour()
            before = (self.gauge_level(gauge, hour - 0.25) if hour is not None and hour > 0.25
                      else level)
            out.append({"id": gauge[0], "name": gauge[1], "river": gauge[2], "lat": gauge[3],
                        "lon": gauge[4], "level_m": level,
                        "alarm_levels_m": {"I": levels[0], "II": levels[1], "III": levels[2]},
                        "alarm": sum(level >= x for x in levels),
                        "trend_m_per_h": round((level - before) * 4, 2)})
        return out

    def rain_mm_h(self, station: str) -> float:
        hour = self.flood_hour()
        base = 0.4 if hour is None else flood.interpolate(flood.RAIN_MM_H, hour)
        return round(max(0.0, base * (1 + 0.3 * self.wobble(f"rain:{station}", 1.0, 600))), 1)

    def emergency(self) -> dict:
        hour = self.flood_hour()
        if hour is None:
            return {"dead": 0, "missing": 0, "injured": 0, "rescued": 0, "isolated_communes": 0,
                    "houses_damaged": 0, "power_outage_districts": 0}
        dead, missing, injured, rescued = flood.step(flood.CASUALTIES, hour)
        return {"dead": dead, "missing": missing, "injured": injured, "rescued": rescued,
                "isolated_communes": flood.step(flood.ISOLATED_COMMUNES, hour),
                "houses_damaged": flood.step(flood.HOUSES_DAMAGED, hour),
                "power_outage_districts": flood.step(flood.POWER_OUTAGE_DISTRICTS, hour)}

    def day_fraction(self) -> float:
        local = datetime.fromtimestamp(self.now(), LOCAL)
        return (local.hour * 3600 + local.minute * 60 + local.second) / 86400

    def count(self, series: str, per_day: float) -> int:
        """A counter that grows through the working day, with a little noise."""
        fraction = min(1.0, max(0.0, (self.day_fraction() - 7 / 24) / (10 / 24)))
        return max(0, round(per_day * fraction * (1 + 0.05 * self.wobble(series, 1.0, 900))))

    def kpi(self, domain: str) -> dict | None:
        builder = getattr(self, f"_kpi_{domain}", None)
        return None if builder is None else {**builder(), "simulated": True, "label": LABEL,
                                             "updated": iso(self.now())}

    def _kpi_socio_economic(self) -> dict:
        return {"grdp_growth_pct": round(7.38 + self.wobble("grdp", 0.2, 3600), 2),
                "grdp_trillion_vnd": round(102 + self.wobble("grdpv", 1.5, 3600), 1),
                "budget_revenue_bn_vnd": round(16850 + self.wobble("budget", 180, 1800)),
                "retail_sales_bn_vnd": round(5120 + self.wobble("retail", 90, 1800)),
                "cpi_pct": round(3.1 + self.wobble("cpi", 0.2, 3600), 2),
                "new_enterprises": round(140 + self.wobble("ent", 25, 3600))}

    def _kpi_public_admin(self) -> dict:
        received = self.count("dossiers", 2150)
        flood_factor = 0.6 if self.flood_hour() is not None else 1.0
        by_department = []
        for index, name in enumerate(DEPARTMENTS):
            share = 0.22 / (index + 1) + 0.02
            overdue = max(0, round(30 * share * 4 + 3 * self.wobble(f"od:{name}", 1.0, 1800)))
            by_department.append({"name": name, "received": round(received * share),
                                  "overdue": overdue})
        by_commune = [{"name": c, "received": round(received * 0.04 * (1 + i % 3)),
                       "overdue": max(0, round(2 + 2 * self.wobble(f"oc:{c}", 1.0, 1800)))}
                      for i, c in enumerate(COMMUNES)]
        return {"dossiers_received_today": round(received * flood_factor),
                "dossiers_on_time_pct": round(99.4 + self.wobble("ontime", 0.3, 1800), 2),
                "dossiers_overdue": sum(d["overdue"] for d in by_department),
                "procedures_online": 2094, "procedures_full_online": 850,
                "by_department": by_department, "by_commune": by_commune}

    def _kpi_index766(self) -> dict:
        parts = [("cong_khai", "Công khai, minh bạch", 15.34, 18),
                 ("tien_do", "Tiến độ giải quyết", 19.14, 20),
                 ("dvc_truc_tuyen", "Dịch vụ công trực tuyến", 15.41, 22),
                 ("hai_long", "Mức độ hài lòng", 17.97, 18),
                 ("so_hoa", "Số hóa hồ sơ", 11.1, 22)]
        components = [{"key": k, "name": n, "max": m,
                       "score": round(min(m, s + self.wobble(f"766:{k}", 0.3, 3600)), 2)}
                      for k, n, s, m in parts]
        return {"total": round(sum(c["score"] for c in components), 2), "rank": 6,
                "components": components}

    def _kpi_edocs(self) -> dict:
        return {"incoming_today": self.count("doc_in", 6200),
                "outgoing_today": self.count("doc_out", 4100),
                "digitally_signed_pct": round(98.3 + self.wobble("signed", 0.4, 1800), 1),
                "tasks_open": round(320 + self.wobble("tasks", 20, 3600)),
                "tasks_overdue": round(18 + self.wobble("tasks_od", 4, 3600))}

    def _kpi_investment(self) -> dict:
        plan = 15450
        disbursed = round(7618 + 40 * (self.now() - self.started) / 86400
                          + self.wobble("disb", 15, 3600))
        return {"plan_bn_vnd": plan, "disbursed_bn_vnd": disbursed,
                "disbursed_pct": round(100 * disbursed / plan, 1)}

    def _kpi_health(self) -> dict:
        return {"visits_today": self.count("visits", 11000), "inpatients": round(
            6100 + self.wobble("inpat", 250, 1800)),
                "bed_occupancy_pct": round(86 + self.wobble("beds", 5, 1800), 1),
                "insurance_coverage_pct": round(94.2 + self.wobble("bhyt", 0.3, 3600), 1),
                "infectious_cases_week": round(120 + self.wobble("inf", 30, 3600))}

    def _kpi_education(self) -> dict:
        return {"schools": 1046, "pupils": 470163,
                "attendance_pct": round(97.2 + self.wobble("attend", 1.2, 1800), 1)}

    def _kpi_tourism(self) -> dict:
        flood_factor = 0.25 if self.flood_hour() is not None else 1.0
        return {"visitors_today": round(self.count("visitors", 38000) * flood_factor),
                "visitors_ytd": 8_150_000 + self.count("visitors_ytd", 38000),
                "room_occupancy_pct": round(72 * flood_factor + self.wobble("rooms", 6, 1800), 1),
                "revenue_bn_vnd_ytd": 39850}

    def _kpi_environment(self) -> dict:
        stations = []
        for sid, name, lat, lon, base in AQI_STATIONS:
            aqi = max(5, round(base + self.wobble(f"aqi:{sid}", 15, 1200)))
            band, colour = next((b, c) for limit, b, c in AQI_BANDS if aqi <= limit)
            stations.append({"id": sid, "name": name, "lat": lat, "lon": lon, "vn_aqi": aqi,
                             "pm25": round(aqi * 0.45, 1), "band": band, "band_color": colour})
        return {"stations": stations}

    def _kpi_rivers(self) -> dict:
        return {"gauges": self.gauges()}

    def _kpi_rainfall(self) -> dict:
        stations = []
        for sid, name in RAIN_STATIONS:
            hourly = self.rain_mm_h(sid)
            stations.append({"id": sid, "name": name, "mm_1h": hourly,
                             "mm_24h": round(hourly * 14 + 3, 1)})
        return {"stations": stations}

    def _kpi_traffic(self) -> dict:
        offline = self.offline_cameras()
        return {"cameras_online": 131 - len(offline) * 3, "cameras_total": 131,
                "violations_today": self.count("viol", 640),
                "accidents_month": round(14 + self.wobble("acc", 3, 3600)),
                "events": self.camera_events()[:8]}

    def _kpi_citizen_reports(self) -> dict:
        hour = self.flood_hour()
        surge = 1 if hour is None else 5
        received = self.count("reports", 45) * surge
        by_category = [{"name": c, "count": max(0, round(received * (0.3 / (i + 1)) + (
            received * 0.4 if c == "Thiên tai" and hour is not None else 0)))}
                       for i, c in enumerate(REPORT_CATEGORIES)]
        by_commune = [{"name": c, "count": max(0, round(received / 8 * (1 + 0.5 * self.wobble(
            f"rc:{c}", 1.0, 1200))))} for c in COMMUNES]
        return {"received_today": received,
                "handled_pct": round(98.8 + self.wobble("handled", 0.8, 1800), 1),
                "by_category": by_category, "by_commune": by_commune,
                "recent": self.recent_reports()}

    def _kpi_emergency(self) -> dict:
        return self.emergency()

    def _kpi_dti(self) -> dict:
        return {"dti_score": 0.5412, "rank": 9, "rank_of": 34}

    # --- shared by several endpoints --------------------------------------------------------
    def offline_cameras(self) -> set[str]:
        hour = self.flood_hour()
        if hour is None or hour < 3:
            return set()
        return {"cam02", "cam03"} if hour < 5 else {"cam02", "cam03", "cam07", "cam08"}

    def camera_events(self) -> list[dict]:
        kinds = ["red_light", "no_helmet", "illegal_parking", "wrong_way", "congestion"]
        hour = self.flood_hour()
        events = []
        bucket = int(self.now() // 120)
        for k in range(10):
            n = noise(self.seed, "camev", bucket - k)
            kind = kinds[int((n + 1) * 2.5) % len(kinds)]
            if hour is not None and hour >= 1 and k % 2 == 0:
                kind = "flooded_road" if hour < 5 else "landslide_on_road"
            events.append({"time": iso(self.now() - k * 120), "camera": f"cam0{1 + k % 8}",
                           "type": kind, "text": kind.replace("_", " "),
                           "box": [round(0.25 + 0.2 * abs(n), 3), round(0.45 + 0.1 * n, 3),
                                   0.22, 0.18], "score": round(0.75 + 0.2 * abs(n), 2)})
        return events

    def recent_reports(self) -> list[dict]:
        hour = self.flood_hour()
        out = []
        bucket = int(self.now() // 300)
        for k in range(8):
            n = noise(self.seed, "report", bucket - k)
            commune = COMMUNES[int((n + 1) * 6) % len(COMMUNES)]
            category = ("Thiên tai" if hour is not None and k % 2 == 0 else
                        REPORT_CATEGORIES[int((n + 1) * 3) % len(REPORT_CATEGORIES)])
            out.append({"id": f"PA-{bucket - k}", "time": iso(self.now() - k * 300),
                        "category": category, "commune": commune,
                        "text": ("Nước ngập sâu, cần hỗ trợ sơ tán" if category == "Thiên tai"
                                 else "Phản ánh của người dân (MÔ PHỎNG)"),
                        "lat": round(22.0 + 0.5 * abs(n), 4),
                        "lon": round(103.9 + 0.8 * abs(noise(self.seed, "rlon", bucket - k)), 4)})
        return out

    def series(self, series_id: str, since_ms: int | None) -> dict | None:
        spec = SERIES.get(series_id)
        if spec is None:
            return None
        title, unit, value_at, thresholds = spec
        end = self.now()
        step = 600 if self.flood_hour() is None else max(60, 600 / self.speed)
        points = []
        for k in range(144, -1, -1):
            moment = end - k * step
            stamp = int(moment * 1000)
            if since_ms is not None and stamp <= since_ms:
                continue
            points.append([stamp, round(value_at(self, moment), 2)])
        return {"id": series_id, "title": title, "unit": unit, "points": points,
                "thresholds": thresholds, "simulated": True, "label": LABEL}


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, LOCAL).isoformat(timespec="seconds")


def _level_at(gauge_index: int) -> Callable[[Simulation, float], float]:
    gauge = GAUGES[gauge_index]

    def value(sim: Simulation, moment: float) -> float:
        if sim.flood_started is None:
            bucket = moment / 300
            return gauge[6] + 0.25 * noise(sim.seed, f"level:{gauge[0]}", int(bucket))
        hour = (moment - sim.now()) / 3600 + (sim.flood_hour() or 0)
        if hour < 0:
            return gauge[6] + (flood.interpolate(gauge[7], 0) - gauge[6]) * max(0.0, 1 + hour / 6)
        return flood.interpolate(gauge[7], hour)
    return value


def _rain_at(station: str) -> Callable[[Simulation, float], float]:
    def value(sim: Simulation, moment: float) -> float:
        hour = None if sim.flood_started is None else (moment - sim.now()) / 3600 + (
            sim.flood_hour() or 0)
        base = 0.4 if hour is None or hour < 0 else flood.interpolate(flood.RAIN_MM_H, hour)
        return max(0.0, base * (1 + 0.3 * noise(sim.seed, f"rain:{station}", int(moment // 600))))
    return value


def _diurnal(base: float, amplitude: float, name: str) -> Callable[[Simulation, float], float]:
    def value(sim: Simulation, moment: float) -> float:
        local_hour = datetime.fromtimestamp(moment, LOCAL).hour
        shape = max(0.0, math.sin(math.pi * (local_hour - 7) / 10)) if 7 <= local_hour <= 17 \
            else 0.0
        return base + amplitude * shape * (1 + 0.1 * noise(sim.seed, name, int(moment // 600)))
    return value


def _alarm_lines(levels: tuple[float, float, float]) -> list[dict]:
    return [{"label": f"BĐ {roman}", "value": value}
            for roman, value in zip(("I", "II", "III"), levels, strict=True)]


SERIES = {
    "river_lao_cai": ("Mực nước sông Hồng tại Lào Cai", "m", _level_at(0),
                      _alarm_lines(GAUGES[0][5])),
    "river_bao_ha": ("Mực nước sông Hồng tại Bảo Hà", "m", _level_at(1),
                     _alarm_lines(GAUGES[1][5])),
    "river_yen_bai": ("Mực nước sông Thao tại Yên Bái", "m", _level_at(2),
                      _alarm_lines(GAUGES[2][5])),
    "rain_bat_xat": ("Lượng mưa Bát Xát", "mm/h", _rain_at("bat_xat"), []),
    "rain_sa_pa": ("Lượng mưa Sa Pa", "mm/h", _rain_at("sa_pa"), []),
    "aqi_lao_cai": ("VN_AQI TP Lào Cai", "", _diurnal(55, 25, "aqi"), []),
    "dossiers_received": ("Hồ sơ tiếp nhận / giờ", "hồ sơ", _diurnal(20, 260, "dos"), []),
    "citizen_reports": ("Phản ánh hiện trường / giờ", "phản ánh", _diurnal(1, 8, "rep"), []),
}
