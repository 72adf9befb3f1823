"""``GET /api/kpi/<domain>``: the province's key figures, one builder per domain.

Magnitudes follow DOMAIN.md §1.3 for the merged province (1.78 M people, 99 communes).
Each domain refreshes on its own period, as the systems behind a real IOC do (budget
figures hourly, river gauges every few seconds): the values are computed at the start of
the current period, so ``updated`` says when they last changed and an unchanged answer has
an unchanged ETag. "Today" counters only grow during the day; year-to-date ones follow the
calendar; everything else drifts slowly and deterministically.
"""

from __future__ import annotations

from collections.abc import Callable

from . import flood_timeline, hydrology, incidents
from .places import (
    AQI_STATIONS,
    CAMERA_NETWORK_SIZE,
    COMMUNES,
    DEPARTMENTS,
    GAUGES,
    REPORT_CATEGORIES,
    Place,
)
from .simulation import Simulation, bucket_start, iso, simulated, year_fraction

# VN_AQI bands (upper bound, Vietnamese, English, colour), Decision 1459/QĐ-TCMT
AQI_BANDS = ((50, "Tốt", "Good", "#00e400"), (100, "Trung bình", "Moderate", "#ffff00"),
             (150, "Kém", "Poor", "#ff7e00"), (200, "Xấu", "Bad", "#ff0000"),
             (300, "Rất xấu", "Very bad", "#8f3f97"), (500, "Nguy hại", "Hazardous", "#7e0023"))
HOSPITAL_BEDS = 7159
INVESTMENT_PLAN_BN_VND = 15450

# refresh period in simulated seconds: (normal operations, during a flood replay)
REFRESH_S: dict[str, tuple[float, float]] = {
    "socio_economic": (3600, 3600), "public_admin": (60, 60), "index766": (3600, 3600),
    "edocs": (60, 60), "investment": (3600, 3600), "health": (300, 300),
    "education": (3600, 3600), "tourism": (300, 300), "environment": (300, 300),
    "rivers": (60, 5), "rainfall": (60, 5), "traffic": (30, 15), "citizen_reports": (30, 15),
    "emergency": (60, 5), "dti": (86400, 86400),
}
TITLES = {
    "socio_economic": "Kinh tế - xã hội / Socio-economy",
    "public_admin": "Dịch vụ công / Public services",
    "index766": "Chỉ số 766 / Decision 766 service index",
    "edocs": "Văn bản điện tử / E-documents", "investment": "Đầu tư công / Public investment",
    "health": "Y tế / Health", "education": "Giáo dục / Education",
    "tourism": "Du lịch / Tourism", "environment": "Chất lượng không khí / Air quality",
    "rivers": "Mực nước sông / River levels", "rainfall": "Lượng mưa / Rainfall",
    "traffic": "Giao thông, camera AI / Traffic, AI cameras",
    "citizen_reports": "Phản ánh hiện trường / Citizens' reports",
    "emergency": "Thiệt hại thiên tai / Disaster toll",
    "dti": "Chỉ số chuyển đổi số DTI / Digital transformation index",
}


def kpi(sim: Simulation, domain: str, t: float) -> dict | None:
    """The payload of ``domain`` at simulated time ``t``, or None for an unknown domain."""
    builder = BUILDERS.get(domain)
    if builder is None:
        return None
    normal_s, flood_s = REFRESH_S[domain]
    period = normal_s if sim.episode_at(t) is None else flood_s
    moment = bucket_start(t, period)
    return simulated({**builder(sim, moment), "updated": iso(moment)})


def _socio_economic(sim: Simulation, t: float) -> dict:
    year = year_fraction(t)
    return {"grdp_growth_pct": round(7.38 + sim.wobble("grdp", 0.25, 86400, t), 2),
            "grdp_trillion_vnd": round(140 * year + sim.wobble("grdp_value", 1.0, 86400, t), 1),
            "budget_revenue_bn_vnd": round(21000 * year * (1 + sim.wobble("budget", 0.03,
                                                                           86400, t))),
            "retail_sales_bn_vnd": round(5120 + sim.wobble("retail", 120, 86400, t)),
            "cpi_pct": round(3.1 + sim.wobble("cpi", 0.25, 86400, t), 2),
            "new_enterprises": round(140 + sim.wobble("enterprises", 35, 86400, t)),
            "periods": {"grdp_growth_pct": "so cùng kỳ / year on year",
                        "grdp_trillion_vnd": "lũy kế năm / year to date",
                        "budget_revenue_bn_vnd": "lũy kế năm / year to date",
                        "retail_sales_bn_vnd": "tháng / month", "cpi_pct": "so cùng kỳ / y/y",
                        "new_enterprises": "tháng / month"}}


def dossiers_today(sim: Simulation, t: float) -> int:
    return sim.daily_total("dossiers", 2150, t, weekend_factor=0.15)


def _public_admin(sim: Simulation, t: float) -> dict:
    received = dossiers_today(sim, t)
    by_department = []
    for index, name in enumerate(DEPARTMENTS):
        share = 0.26 / (index + 1) + 0.03
        overdue = max(0, round(6 * share * 10 + 2 * sim.wobble(f"overdue:{name}", 1, 7200, t)))
        by_department.append({"name": name, "received": round(received * share),
                              "overdue": overdue})
    by_commune = []
    for index, commune in enumerate(COMMUNES):
        share = (0.12 if commune.name.startswith("P.") else 0.04) * (1 + index % 3 * 0.25)
        by_commune.append({
            "name": commune.name, "received": round(received * share / 1.4),
            "overdue": max(0, round(1.5 + 1.5 * sim.wobble(f"overdue:{commune.id}", 1, 7200,
                                                             t)))})
    return {"dossiers_received_today": received,
            "dossiers_on_time_pct": round(99.4 + sim.wobble("on_time", 0.35, 7200, t), 2),
            "dossiers_overdue": sum(d["overdue"] for d in by_department),
            "procedures_total": 2230, "procedures_online": 2094, "procedures_full_online": 850,
            "by_department": by_department, "by_commune": by_commune}


INDEX766_COMPONENTS = (  # key, name, Lào Cai 31/7/2025 score, maximum (DOMAIN.md §1.3 b)
    ("cong_khai", "Công khai, minh bạch / Transparency", 15.34, 18),
    ("tien_do", "Tiến độ giải quyết / Timeliness", 19.14, 20),
    ("dvc_truc_tuyen", "Dịch vụ công trực tuyến / Online services", 15.41, 22),
    ("hai_long", "Mức độ hài lòng / Satisfaction", 17.97, 18),
    ("so_hoa", "Số hóa hồ sơ / Digitisation", 11.1, 22),
)


def _index766(sim: Simulation, t: float) -> dict:
    components = []
    for key, name, score, maximum in INDEX766_COMPONENTS:
        value = min(maximum, max(0.0, score + sim.wobble(f"766:{key}", 0.35, 86400, t)))
        components.append({"key": key, "name": name, "score": round(value, 2),
                           "max": maximum})
    return {"total": round(sum(c["score"] for c in components), 2), "max": 100,
            "rank": 6, "rank_of": 34, "components": components}


def _edocs(sim: Simulation, t: float) -> dict:
    tasks_open = round(320 + sim.wobble("tasks", 25, 86400, t))
    return {"incoming_today": sim.daily_total("docs_in", 6200, t, weekend_factor=0.1),
            "outgoing_today": sim.daily_total("docs_out", 4100, t, weekend_factor=0.1),
            "digitally_signed_pct": round(98.4 + sim.wobble("signed", 0.4, 7200, t), 1),
            "tasks_open": tasks_open,
            "tasks_overdue": round(tasks_open * (0.06 + sim.wobble("tasks_late", 0.02, 86400,
                                                                    t)))}


def _investment(sim: Simulation, t: float) -> dict:
    """Disbursement follows the usual curve: slow first half, steep last quarter."""
    year = year_fraction(t)
    share = 0.95 * (0.3 * year + 0.7 * year**5)
    disbursed = round(INVESTMENT_PLAN_BN_VND * share * (1 + sim.wobble("disbursed", 0.01,
                                                                       86400, t)))
    return {"plan_bn_vnd": INVESTMENT_PLAN_BN_VND, "disbursed_bn_vnd": disbursed,
            "disbursed_pct": round(100 * disbursed / INVESTMENT_PLAN_BN_VND, 1)}


def _health(sim: Simulation, t: float) -> dict:
    inpatients = round(6100 + sim.wobble("inpatients", 350, 7200, t))
    return {"visits_today": sim.daily_total("visits", 11000, t, weekend_factor=0.4),
            "inpatients": inpatients,
            "bed_occupancy_pct": round(100 * inpatients / HOSPITAL_BEDS, 1),
            "beds": HOSPITAL_BEDS,
            "insurance_coverage_pct": round(94.2 + sim.wobble("insurance", 0.4, 86400, t), 1),
            "infectious_cases_week": round(120 + sim.wobble("infectious", 35, 86400, t))}


def _education(sim: Simulation, t: float) -> dict:
    return {"schools": 1046, "pupils": 470163, "classes": 15317,
            "attendance_pct": round(97.2 + sim.wobble("attendance", 1.2, 7200, t), 1)}


def _tourism(sim: Simulation, t: float) -> dict:
    year = year_fraction(t)
    flooding = sim.episode_at(t) is not None
    return {"visitors_today": sim.daily_total("visitors", 27500, t, opens_h=6, closes_h=21),
            "visitors_ytd": round(10_000_000 * year * (1 + sim.wobble("ytd", 0.02, 86400, t))),
            "room_occupancy_pct": round((38 if flooding else 72)
                                        + sim.wobble("rooms", 6, 7200, t), 1),
            "revenue_bn_vnd_ytd": round(44760 * year)}


def aqi_at(sim: Simulation, station: Place, typical: int, t: float) -> int:
    rain_wash = 0.6 if sim.episode_at(t) is not None else 1.0  # rain clears the air
    return max(8, round(typical * rain_wash + sim.wobble(f"aqi:{station.id}", 18, 3600, t)))


def _environment(sim: Simulation, t: float) -> dict:
    stations = []
    for station, typical in AQI_STATIONS:
        aqi = aqi_at(sim, station, typical, t)
        band = next(b for b in AQI_BANDS if aqi <= b[0])
        stations.append({"id": station.id, "name": station.name, "lat": station.lat,
                         "lon": station.lon, "vn_aqi": aqi,
                         "pm25": round(aqi * 0.42 + sim.wobble(f"pm:{station.id}", 3, 3600, t),
                                       1),
                         "band": band[1], "band_en": band[2], "band_color": band[3]})
    return {"stations": stations, "index": "VN_AQI (giờ / hourly)"}


def _rivers(sim: Simulation, t: float) -> dict:
    return {"gauges": [hydrology.gauge_reading(sim, gauge, t) for gauge in GAUGES]}


def _rainfall(sim: Simulation, t: float) -> dict:
    return {"stations": hydrology.rain_stations(sim, t)}


def _traffic(sim: Simulation, t: float) -> dict:
    offline = incidents.offline_cameras(sim, t)
    usually_down = 2 + round(1.5 + 1.5 * sim.wobble("cameras_down", 1, 3600, t))
    return {"cameras_online": CAMERA_NETWORK_SIZE - usually_down - 4 * len(offline),
            "cameras_total": CAMERA_NETWORK_SIZE,
            "violations_today": sim.daily_total("violations", 640, t, opens_h=6, closes_h=22),
            "accidents_month": round(14 + sim.wobble("accidents", 4, 86400, t)),
            "events": incidents.recent_camera_events(sim, t, 10)}


def _normal_reports_today(sim: Simulation, t: float) -> int:
    return sim.daily_total("reports", 90, t, opens_h=6, closes_h=22)


def _flood_reports(sim: Simulation, t: float) -> int:
    """Reports the floods of the day brought, kept after a replay ends (a running total)."""
    today = iso(t)[:10]
    total = 0
    for episode in sim.episodes:
        if episode.start > t or iso(episode.start)[:10] != today:
            continue
        until = t if episode.end is None else min(t, episode.end)
        total += flood_timeline.extra_reports(episode.hour_at(until))
    return total


def reports_today(sim: Simulation, t: float) -> int:
    return _normal_reports_today(sim, t) + _flood_reports(sim, t)


def _citizen_reports(sim: Simulation, t: float) -> dict:
    hour = sim.flood_hour(t)
    normal = _normal_reports_today(sim, t)
    extra = _flood_reports(sim, t)
    received = normal + extra
    weights = [0.26, 0.22, 0.18, 0.12, 0.16, 0.06]
    by_category = [{"name": name, "count": round(normal * weight)}
                   for name, weight in zip(REPORT_CATEGORIES, weights, strict=True)]
    by_category[-1]["count"] += extra
    by_commune = []
    for commune in COMMUNES:
        share = 1 + 0.5 * sim.wobble(f"reports:{commune.id}", 1, 7200, t)
        by_commune.append({"name": commune.name,
                           "count": max(0, round(normal / len(COMMUNES) * share))})
    return {"received_today": received,
            "handled_pct": round(min(100.0, 99.3 + sim.wobble("handled", 0.6, 7200, t))
                                 - (4.0 if hour is not None else 0.0), 1),
            "by_category": by_category, "by_commune": by_commune,
            "recent": incidents.recent_reports(sim, t)}


def _emergency(sim: Simulation, t: float) -> dict:
    hour = sim.flood_hour(t)
    toll = flood_timeline.toll(hour) if hour is not None else flood_timeline.TOLL[0][1]
    return {"dead": toll.dead, "missing": toll.missing, "injured": toll.injured,
            "rescued": toll.rescued, "isolated_communes": toll.isolated_communes,
            "houses_damaged": toll.houses_damaged,
            "power_outage_districts": toll.power_outage_districts}


def _dti(sim: Simulation, t: float) -> dict:
    return {"dti_score": round(0.5412 + sim.wobble("dti", 0.004, 86400 * 30, t), 4),
            "rank": 9, "rank_of": 34, "year": 2024}


BUILDERS: dict[str, Callable[[Simulation, float], dict]] = {
    "socio_economic": _socio_economic, "public_admin": _public_admin, "index766": _index766,
    "edocs": _edocs, "investment": _investment, "health": _health, "education": _education,
    "tourism": _tourism, "environment": _environment, "rivers": _rivers,
    "rainfall": _rainfall, "traffic": _traffic, "citizen_reports": _citizen_reports,
    "emergency": _emergency, "dti": _dti,
}
DOMAINS = tuple(BUILDERS)
