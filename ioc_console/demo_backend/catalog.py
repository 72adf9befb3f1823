"""``GET /api/catalog``: every source this backend serves, with absolute URLs.

A technician (or ``ioc-console probe``) starts here; the ids are stable and are what layouts
and tests refer to: ``kpi_<domain>``, ``series_<id>``, ``geo_<layer>``, ``cap_alerts``,
``events``, ``systems_up``, ``systems_latency``, ``cameras`` and ``scenario``.
"""

from __future__ import annotations

from . import geo_layers, kpis, series
from .simulation import bucket_start, simulated

RANGE_QUERY_HOURS = 1


def catalog(base_url: str, sim_now: float) -> dict:
    sources = [_source(f"kpi_{domain}", "json", f"{base_url}/api/kpi/{domain}",
                       kpis.TITLES[domain]) for domain in kpis.DOMAINS]
    sources += [_source(f"series_{series_id}", "json", f"{base_url}/api/series/{series_id}",
                        spec.title) for series_id, spec in series.SERIES.items()]
    sources += [_source(f"geo_{name}", "geojson", f"{base_url}/api/geo/{name}.geojson", title)
                for name, (title, _build) in geo_layers.LAYERS.items()]
    end = int(bucket_start(sim_now, 60))
    start = end - RANGE_QUERY_HOURS * 3600
    prometheus = f"{base_url}/api/prometheus/api/v1"
    sources += [
        _source("cap_alerts", "cap", f"{base_url}/api/cap/feed.atom",
                "Cảnh báo CAP (chỉ mục Atom) / CAP alerts (Atom index)"),
        _source("events", "sse", f"{base_url}/api/events",
                "Sự kiện trực tiếp (SSE) / Live events (SSE)"),
        _source("systems_up", "prometheus", f"{prometheus}/query?query=up",
                "Hệ thống thông tin hoạt động / Information systems up"),
        _source("systems_latency", "prometheus",
                f"{prometheus}/query_range?query=probe_duration_seconds"
                f"&start={start}&end={end}&step=60",
                "Độ trễ hệ thống (1 giờ) / System latency (last hour)"),
        _source("cameras", "json", f"{base_url}/api/cameras",
                "Camera AI, ảnh và sự kiện / AI cameras, snapshots and events"),
        _source("scenario", "json", f"{base_url}/api/scenario",
                "Kịch bản mô phỏng / Simulation scenario"),
    ]
    return simulated({"sources": sources})


def _source(source_id: str, kind: str, url: str, title: str) -> dict:
    return {"id": source_id, "kind": kind, "url": url, "title": title}
