"""Health of the province's e-government systems, answered in the Prometheus HTTP API shape."""

from __future__ import annotations

from .simulation import Simulation, noise

JOBS = [("dvc", "Cổng dịch vụ công"), ("ioffice", "VNPT-iOffice"), ("lgsp", "LGSP"),
        ("email", "Thư điện tử công vụ"), ("website", "Cổng thông tin điện tử"),
        ("video_conf", "Hội nghị truyền hình"), ("portal_1022", "Tổng đài 1022"),
        ("camera_vms", "VMS camera"), ("gis", "Hệ thống GIS"),
        ("data_warehouse", "Kho dữ liệu dùng chung")]
QUERIES = ("up", "probe_success", "probe_duration_seconds", "http_requests_total")


def _value(sim: Simulation, query: str, job: str, moment: float) -> float:
    n = noise(sim.seed, f"{query}:{job}", int(moment // 60))
    hour = sim.flood_hour()
    down = hour is not None and hour >= 3 and job in {"camera_vms", "video_conf"}
    if query in ("up", "probe_success"):
        return 0.0 if down or (job == "email" and n > 0.97) else 1.0
    if query == "probe_duration_seconds":
        return round(0.12 + 0.05 * abs(n) + (0.8 if hour is not None else 0), 3)
    return float(int(moment // 10) * 13 + abs(n) * 50)


def query(sim: Simulation, expression: str, at: float | None = None) -> tuple[int, dict]:
    if expression not in QUERIES:
        return 400, {"status": "error", "errorType": "bad_data",
                     "error": f"unknown query {expression!r} in the demo backend "
                              f"(try one of {', '.join(QUERIES)})"}
    moment = at if at is not None else sim.now()
    return 200, {"status": "success", "data": {"resultType": "vector", "result": [
        {"metric": {"__name__": expression, "job": job, "instance": f"{job}.laocai.invalid",
                    "name": name},
         "value": [round(moment, 3), _format(_value(sim, expression, job, moment))]}
        for job, name in JOBS]}}


def query_range(sim: Simulation, expression: str, start: float, end: float,
                step: float) -> tuple[int, dict]:
    if expression not in QUERIES:
        return query(sim, expression)
    if step <= 0 or end < start or (end - start) / step > 11000:
        return 400, {"status": "error", "errorType": "bad_data",
                     "error": "exceeded maximum resolution of 11,000 points per timeseries"}
    result = []
    for job, name in JOBS:
        values, moment = [], start
        while moment <= end:
            values.append([round(moment, 3), _format(_value(sim, expression, job, moment))])
            moment += step
        result.append({"metric": {"__name__": expression, "job": job, "name": name},
                       "values": values})
    return 200, {"status": "success", "data": {"resultType": "matrix", "result": result}}


def _format(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)
