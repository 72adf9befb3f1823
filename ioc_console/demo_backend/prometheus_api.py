"""Health of the province's information systems, answered in the Prometheus HTTP API shape.

Only what a wall needs: instant and range queries of four metric names (``up``,
``probe_success``, ``probe_duration_seconds``, ``http_requests_total``, plus
``ioc_water_level_meters``) with optional label matchers (``=``, ``!=``, ``=~``, ``!~``),
e.g. ``up{job=~"dvc|lgsp"}``. Anything else gets the error envelope Prometheus itself sends
(HTTP 400, ``errorType: bad_data``), so a console's error handling meets the real shape.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from . import hydrology
from .places import GAUGES, Gauge
from .simulation import LABEL, Simulation

JOBS = (("dvc", "Cổng dịch vụ công (iGate) / One-stop portal", 45.0, 0.21),
        ("ioffice", "Văn phòng điện tử iOffice / E-office", 20.0, 0.18),
        ("lgsp", "Nền tảng LGSP / Data-sharing platform", 30.0, 0.09),
        ("email", "Thư điện tử công vụ / Government e-mail", 5.0, 0.12),
        ("website", "Cổng thông tin điện tử / Province website", 60.0, 0.25),
        ("video_conf", "Hội nghị truyền hình / Video conferencing", 1.0, 0.30),
        ("portal_1022", "Tổng đài 1022 / 1022 citizen portal", 8.0, 0.16),
        ("camera_vms", "Hệ thống VMS camera / Camera VMS", 15.0, 0.35),
        ("gis", "Hệ thống GIS / GIS", 10.0, 0.22),
        ("data_warehouse", "Kho dữ liệu dùng chung / Data warehouse", 12.0, 0.40))
METRICS = ("up", "probe_success", "probe_duration_seconds", "http_requests_total",
           "ioc_water_level_meters")
MAX_POINTS = 11000
_COUNTER_EPOCH = 1_700_000_000.0
_DAY = 2 * math.pi / 86400

_SELECTOR = re.compile(r"^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{(.*)\})?\s*$")
_MATCHER = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*')
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)$")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}


ValueAt = Callable[[float], float]


class BadQuery(ValueError):
    """A query or parameter this API refuses (Prometheus's ``bad_data``)."""


@dataclass(frozen=True)
class Selector:
    metric: str
    matchers: tuple[tuple[str, str, str], ...]

    def matches(self, labels: dict[str, str]) -> bool:
        for name, op, value in self.matchers:
            actual = labels.get(name, "")
            if op == "=" and actual != value or op == "!=" and actual == value:
                return False
            if op in ("=~", "!~") and (re.fullmatch(value, actual) is not None) != (op == "=~"):
                return False
        return True


def parse_selector(query: str) -> Selector:
    found = _SELECTOR.match(query)
    if found is None:
        raise BadQuery(f"unsupported query {query!r}: the demo backend answers a metric name "
                       f"with optional label matchers, one of {', '.join(METRICS)}")
    metric, body = found.group(1), found.group(2) or ""
    if metric not in METRICS:
        raise BadQuery(f"unknown metric {metric!r} (the demo backend has {', '.join(METRICS)})")
    matchers: list[tuple[str, str, str]] = []
    position = 0
    body = body.strip().rstrip(",")
    while position < len(body):
        matcher = _MATCHER.match(body, position)
        if matcher is None:
            raise BadQuery(f"parse error in label matchers {body!r} at char {position + 1}")
        name, op, value = matcher.groups()
        if op in ("=~", "!~"):
            try:
                re.compile(value)
            except re.error as error:
                raise BadQuery(f"invalid regular expression {value!r}: {error}") from None
        matchers.append((name, op, value.replace('\\"', '"')))
        position = matcher.end()
        if position < len(body):
            if body[position] != ",":
                raise BadQuery(f"parse error in label matchers {body!r} at char {position + 1}")
            position += 1
    return Selector(metric, tuple(matchers))


def parse_time(text: str) -> float:
    """Unix seconds or RFC 3339, as Prometheus accepts them."""
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise BadQuery(f"cannot parse {text!r} to a valid timestamp") from None


def parse_step(text: str) -> float:
    """Float seconds or a Prometheus duration such as ``15s`` or ``1m``."""
    try:
        step = float(text)
    except ValueError:
        found = _DURATION.match(text.strip())
        if found is None:
            raise BadQuery(f"cannot parse {text!r} to a valid duration") from None
        step = float(found.group(1)) * _UNITS[found.group(2)]
    if step <= 0:
        raise BadQuery("zero or negative query resolution step widths are not accepted. "
                       "Try a positive integer")
    return step


def error(message: str) -> dict:
    return {"status": "error", "errorType": "bad_data", "error": message, "simulated": True,
            "label": LABEL}


def instant(sim: Simulation, query: str, at: float) -> dict:
    selector = parse_selector(query)
    return _success("vector", [{"metric": labels, "value": [round(at, 3), _format(value(at))]}
                               for labels, value in _series(sim, selector)])


def range_query(sim: Simulation, query: str, start: float, end: float, step: float) -> dict:
    selector = parse_selector(query)
    if end < start:
        raise BadQuery("end timestamp must not be before start time")
    if (end - start) / step > MAX_POINTS:
        raise BadQuery("exceeded maximum resolution of 11,000 points per timeseries. "
                       "Try decreasing the query resolution (?step=XX)")
    moments = [start + k * step for k in range(int((end - start) / step) + 1)]
    return _success("matrix", [{"metric": labels,
                                "values": [[round(m, 3), _format(value(m))] for m in moments]}
                               for labels, value in _series(sim, selector)])


def _success(kind: str, result: list) -> dict:
    return {"status": "success", "data": {"resultType": kind, "result": result},
            "simulated": True, "label": LABEL}


def _series(sim: Simulation, selector: Selector) -> list[tuple[dict[str, str], ValueAt]]:
    """(labels, value-at-time function) of every series the selector matches."""
    found = []
    if selector.metric == "ioc_water_level_meters":
        for gauge in GAUGES:
            labels = {"__name__": selector.metric, "job": "hydrology", "station": gauge.id,
                      "river": gauge.river, "name": gauge.name}
            if selector.matches(labels):
                found.append((labels, _level(sim, gauge)))
        return found
    for job, name, rate, latency in JOBS:
        labels = {"__name__": selector.metric, "job": job,
                  "instance": f"{job}.laocai.invalid:443", "name": name}
        if selector.matches(labels):
            found.append((labels, _job_value(sim, selector.metric, job, rate, latency)))
    return found


def _level(sim: Simulation, gauge: Gauge) -> ValueAt:
    return lambda t: hydrology.gauge_level(sim, gauge, t)


def _job_value(sim: Simulation, metric: str, job: str, rate: float,
               latency: float) -> ValueAt:
    def value(t: float) -> float:
        if metric == "http_requests_total":  # a counter: never decreases
            phase = (sum(map(ord, job)) % 24) * 3600
            return math.floor(rate * (t - _COUNTER_EPOCH)
                              + rate / (2 * _DAY) * math.sin(_DAY * (t + phase)))
        duration = _probe_duration(sim, job, latency, t)
        if metric == "probe_duration_seconds":
            return duration
        if metric == "up":
            return 0.0 if _down(sim, job, t) else 1.0
        return 0.0 if _down(sim, job, t) or duration > 2.0 else 1.0
    return value


def _probe_duration(sim: Simulation, job: str, latency: float, t: float) -> float:
    hour = sim.flood_hour(t)
    surge = 1.0
    if hour is not None and job in ("dvc", "website", "portal_1022"):
        surge = 3.5  # everyone looks for news and help at once
    if hour is not None and job == "camera_vms" and hour >= 3:
        surge = 9.0  # cameras on the river drop out, the VMS retries them
    return round(latency * surge * (1 + 0.25 * sim.wobble(f"latency:{job}", 1, 300, t)), 3)


def _down(sim: Simulation, job: str, t: float) -> bool:
    hour = sim.flood_hour(t)
    if hour is not None and job == "video_conf" and hour >= 5:
        return True  # the link to Phúc Khánh and Bảo Yên is cut
    return job == "email" and sim.noise("email_down", int(t // 300)) > 0.94


def _format(value: float) -> str:
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if value.is_integer():
        return str(int(value))
    return repr(round(value, 6))
