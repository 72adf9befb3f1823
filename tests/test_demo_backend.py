"""The demo backend over real HTTP, as the console and the other tests rely on it.

Time is a fake clock the tests advance; nothing sleeps to hide a race: streams are read until
a condition holds, with a bounded deadline.
"""

from __future__ import annotations

import os
import signal
import struct
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable
from xml.etree import ElementTree as ET

import pytest
import requests

from ioc_console.demo_backend.incidents import EVENT_TYPES
from ioc_console.demo_backend.server import DemoBackend

FRIDAY_3PM = 1_800_000_000.0  # 2027-01-15 15:00 in Vietnam: a working day, offices open
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_TYPES = {"json": "application/json", "geojson": "application/geo+json",
                 "cap": "application/atom+xml", "prometheus": "application/json",
                 "sse": "text/event-stream"}
KPI_FIELDS = {
    "socio_economic": {"grdp_growth_pct", "grdp_trillion_vnd", "budget_revenue_bn_vnd",
                       "retail_sales_bn_vnd", "cpi_pct", "new_enterprises"},
    "public_admin": {"dossiers_received_today", "dossiers_on_time_pct", "dossiers_overdue",
                     "procedures_online", "by_department", "by_commune"},
    "index766": {"total", "components"},
    "edocs": {"incoming_today", "outgoing_today", "digitally_signed_pct", "tasks_open",
              "tasks_overdue"},
    "investment": {"plan_bn_vnd", "disbursed_bn_vnd", "disbursed_pct"},
    "health": {"visits_today", "inpatients", "bed_occupancy_pct", "insurance_coverage_pct",
               "infectious_cases_week"},
    "education": {"schools", "pupils", "attendance_pct"},
    "tourism": {"visitors_today", "visitors_ytd", "room_occupancy_pct", "revenue_bn_vnd_ytd"},
    "environment": {"stations"},
    "rivers": {"gauges"},
    "rainfall": {"stations"},
    "traffic": {"cameras_online", "cameras_total", "violations_today", "accidents_month",
                "events"},
    "citizen_reports": {"received_today", "handled_pct", "by_category", "by_commune",
                        "recent"},
    "emergency": {"dead", "missing", "injured", "rescued", "isolated_communes",
                  "houses_damaged", "power_outage_districts"},
    "dti": {"dti_score", "rank"},
}


class FakeClock:
    def __init__(self, now: float = FRIDAY_3PM) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance_flood_hours(self, hours: float, speed: float = 1.0) -> None:
        self.now += hours * 60 / speed


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def backend(clock):
    server = DemoBackend(port=0, seed=7, clock=clock, heartbeat_s=0.2,
                         event_interval_s=3600).start()  # events only when a test asks
    yield server
    server.stop()


def get(backend: DemoBackend, path: str, **kwargs) -> requests.Response:
    return requests.get(backend.base_url + path, timeout=10, **kwargs)


def post(backend: DemoBackend, path: str, **kwargs) -> requests.Response:
    return requests.post(backend.base_url + path, timeout=10, **kwargs)


# --- the catalog and the shape of every source ---------------------------------------------
def test_the_catalog_lists_every_kind_and_every_source_answers_with_its_type(backend):
    catalog = get(backend, "/api/catalog").json()
    sources = catalog["sources"]
    assert catalog["simulated"] is True and catalog["label"] == "MÔ PHỎNG / SIMULATED"
    assert {s["kind"] for s in sources} == set(CONTENT_TYPES)
    assert len({s["id"] for s in sources}) == len(sources)
    ids = {s["id"] for s in sources}
    assert {f"kpi_{d}" for d in KPI_FIELDS} <= ids
    assert {"geo_province", "geo_alert_areas", "series_river_lao_cai", "cap_alerts", "events",
            "systems_up", "systems_latency", "cameras"} <= ids
    for source in sources:
        assert source["url"].startswith(backend.base_url + "/api/"), source
        assert " / " in source["title"], source  # "Vietnamese / English"
        with requests.get(source["url"], timeout=10, stream=True) as answer:
            assert answer.status_code == 200, source["id"]
            assert answer.headers["Content-Type"].startswith(CONTENT_TYPES[source["kind"]])
            if source["kind"] == "sse":
                continue
            body = answer.content
        if source["kind"] in ("json", "geojson", "prometheus"):
            document = requests.models.complexjson.loads(body)
            assert document["simulated"] is True and document["label"], source["id"]


def test_every_kpi_domain_carries_its_contract_fields(backend):
    for domain, fields in KPI_FIELDS.items():
        body = get(backend, f"/api/kpi/{domain}").json()
        assert fields <= set(body), (domain, fields - set(body))
        assert body["simulated"] is True and body["label"] == "MÔ PHỎNG / SIMULATED"
    components = get(backend, "/api/kpi/index766").json()["components"]
    assert [(c["key"], c["max"]) for c in components] == [
        ("cong_khai", 18), ("tien_do", 20), ("dvc_truc_tuyen", 22), ("hai_long", 18),
        ("so_hoa", 22)]
    assert all(0 <= c["score"] <= c["max"] for c in components)
    education = get(backend, "/api/kpi/education").json()
    assert (education["schools"], education["pupils"]) == (1046, 470163)
    assert get(backend, "/api/kpi/traffic").json()["cameras_total"] == 131
    emergency = get(backend, "/api/kpi/emergency").json()
    assert all(emergency[k] == 0 for k in KPI_FIELDS["emergency"])  # normal operations
    for station in get(backend, "/api/kpi/environment").json()["stations"]:
        assert {"id", "name", "lat", "lon", "vn_aqi", "pm25", "band", "band_color"} <= set(
            station)
    for station in get(backend, "/api/kpi/rainfall").json()["stations"]:
        assert station["mm_24h"] >= 0 and station["mm_1h"] >= 0


def test_the_rivers_carry_their_gauges_and_alarm_levels(backend):
    gauges = {g["id"]: g for g in get(backend, "/api/kpi/rivers").json()["gauges"]}
    assert {k: tuple(g["alarm_levels_m"].values()) for k, g in gauges.items()} == {
        "lao_cai": (80.0, 82.0, 83.5), "bao_ha": (55.0, 56.0, 57.0),
        "yen_bai": (30.0, 31.0, 32.0)}
    for gauge in gauges.values():
        assert gauge["alarm"] == 0 and gauge["level_m"] < gauge["alarm_levels_m"]["I"]
        assert {"name", "river", "lat", "lon", "trend_m_per_h"} <= set(gauge)


def test_map_layers_are_lon_lat_collections_inside_the_province(backend):
    for layer in ("province", "towns", "gauges", "cameras", "shelters", "reports",
                  "alert_areas"):
        collection = get(backend, f"/api/geo/{layer}.geojson").json()
        assert collection["type"] == "FeatureCollection" and collection["simulated"] is True
        assert collection["features"], layer
        for feature in collection["features"]:
            geometry = feature["geometry"]
            points = {"Point": lambda c: [c], "LineString": lambda c: c,
                      "Polygon": lambda c: c[0]}[geometry["type"]](geometry["coordinates"])
            for lon, lat in points:
                assert 103.5 <= lon <= 105.3 and 21.3 <= lat <= 22.9, (layer, lon, lat)
    shelters = get(backend, "/api/geo/shelters.geojson").json()["features"]
    assert all(s["properties"]["capacity"] > 0 for s in shelters)
    assert all(s["properties"]["occupancy"] == 0 for s in shelters)  # nobody evacuated


def test_normal_operations_carry_one_or_two_minor_or_moderate_exercises(backend):
    alerts = cap_alerts(backend)
    assert 1 <= len(alerts) <= 2
    for alert in alerts:
        assert alert.find(f"{CAP}status").text == "Exercise"
        assert info(alert, "severity") in ("Minor", "Moderate")
        assert "(MÔ PHỎNG)" in info(alert, "headline")


def test_unknown_paths_and_methods_answer_json_errors(backend):
    for path in ("/nope", "/api/kpi/weather", "/api/series/nope", "/api/geo/nope.geojson",
                 "/api/cap/nope.xml", "/api/camera/cam99/snapshot.png"):
        answer = get(backend, path)
        assert answer.status_code == 404, path
        assert "error" in answer.json()
    assert requests.delete(backend.base_url + "/api/catalog", timeout=10).status_code == 405


def test_a_series_has_a_day_of_history_and_since_returns_only_newer_points(backend, clock):
    first = get(backend, "/api/series/river_lao_cai").json()
    points = first["points"]
    assert first["unit"] == "m" and len(points) >= 144
    assert points[-1][0] - points[0][0] >= 23 * 3600 * 1000
    assert [t["value"] for t in first["thresholds"]] == [80.0, 82.0, 83.5]
    clock.now += 180
    newer = get(backend, f"/api/series/river_lao_cai?since={points[-1][0]}").json()["points"]
    assert newer and all(stamp > points[-1][0] for stamp, _value in newer)
    assert get(backend, "/api/series/river_lao_cai?since=soon").status_code == 400


# --- the flood ------------------------------------------------------------------------------
def cap_alerts(backend: DemoBackend) -> list[ET.Element]:
    feed = ET.fromstring(get(backend, "/api/cap/feed.atom").content)
    links = [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]
    assert all(link.startswith(backend.base_url) for link in links)
    messages = []
    for link in links:
        answer = requests.get(link, timeout=10)
        assert answer.headers["Content-Type"].startswith("application/cap+xml")
        messages.append(ET.fromstring(answer.content))
    return messages


def info(alert: ET.Element, field: str) -> str:
    return alert.find(f"{CAP}info/{CAP}{field}").text


def test_the_flood_passes_alarm_three_and_issues_an_extreme_alert_on_the_river_bank(
        backend, clock):
    assert post(backend, "/api/scenario/flood").json()["name"] == "flood"
    clock.advance_flood_hours(1)
    lao_cai = get(backend, "/api/kpi/rivers").json()["gauges"][0]
    assert lao_cai["level_m"] >= 80.0 and lao_cai["alarm"] >= 1
    clock.advance_flood_hours(3)
    lao_cai = get(backend, "/api/kpi/rivers").json()["gauges"][0]
    assert lao_cai["level_m"] > 83.5 and lao_cai["alarm"] == 3 and lao_cai["trend_m_per_h"] > 0
    assert get(backend, "/api/scenario").json()["stage"] == 4
    alerts = cap_alerts(backend)
    assert all(a.find(f"{CAP}status").text == "Exercise" for a in alerts)
    assert all("(MÔ PHỎNG)" in info(a, "event") for a in alerts)
    extreme = [a for a in alerts if (info(a, "severity"), info(a, "urgency"),
                                     info(a, "certainty")) == ("Extreme", "Immediate",
                                                               "Observed")]
    assert len(extreme) == 1 and "Lũ đặc biệt lớn trên sông Hồng" in info(extreme[0], "event")
    languages = [i.find(f"{CAP}language").text for i in extreme[0].iter(f"{CAP}info")]
    assert languages == ["vi-VN", "en-US"]
    polygon = extreme[0].find(f"{CAP}info/{CAP}area/{CAP}polygon").text
    pairs = [tuple(map(float, pair.split(","))) for pair in polygon.split()]
    assert pairs[0] == pairs[-1] and len(pairs) >= 4
    assert all(abs(lat - 22.5) < 0.05 and abs(lon - 103.97) < 0.05 for lat, lon in pairs)
    references = extreme[0].find(f"{CAP}references").text.split(",")
    assert extreme[0].find(f"{CAP}msgType").text == "Update" and len(references) == 3
    areas = get(backend, "/api/geo/alert_areas.geojson").json()["features"]
    assert any(f["properties"]["severity"] == "Extreme" for f in areas)


def test_the_debris_flow_brings_a_circle_landslides_and_offline_cameras(backend, clock):
    post(backend, "/api/scenario/flood")
    assert get(backend, "/api/geo/landslides.geojson").json()["features"] == []
    clock.advance_flood_hours(5.5)
    circles = [area.find(f"{CAP}circle").text for alert in cap_alerts(backend)
               for area in alert.iter(f"{CAP}area") if area.find(f"{CAP}circle") is not None]
    assert "22.10,104.35 3" in circles
    slides = get(backend, "/api/geo/landslides.geojson").json()["features"]
    assert any(abs(s["geometry"]["coordinates"][1] - 22.10) < 0.01 for s in slides)
    cameras = {c["id"]: c for c in get(backend, "/api/cameras").json()["cameras"]}
    assert cameras["cam02"]["online"] is False and cameras["cam01"]["online"] is True
    assert get(backend, "/api/camera/cam02/snapshot.png").status_code == 503
    assert get(backend, "/api/camera/cam02/events").status_code == 503
    assert get(backend, "/api/kpi/emergency").json()["missing"] > 0


def test_the_receding_flood_cancels_its_alerts_and_reconciles_the_missing(backend, clock):
    post(backend, "/api/scenario/flood")
    clock.advance_flood_hours(7.5)
    missing_before = get(backend, "/api/kpi/emergency").json()["missing"]
    clock.advance_flood_hours(1)
    alerts = cap_alerts(backend)
    extreme_river = next(a for a in alerts if "sông Hồng" in info(a, "event")
                         and a.find(f"{CAP}msgType").text == "Update"
                         and info(a, "severity") == "Extreme")
    cancels = [a for a in alerts if a.find(f"{CAP}msgType").text == "Cancel"]
    cancelled = {a.find(f"{CAP}references").text.split(",")[1] for a in cancels}
    assert extreme_river.find(f"{CAP}identifier").text in cancelled
    areas = get(backend, "/api/geo/alert_areas.geojson").json()["features"]
    assert not [f for f in areas if "sông Hồng" in f["properties"]["event"]]
    emergency = get(backend, "/api/kpi/emergency").json()
    assert emergency["missing"] < missing_before and emergency["dead"] > 0
    assert get(backend, "/api/kpi/rivers").json()["gauges"][0]["level_m"] < 83.5


def test_ending_the_replay_early_gives_an_all_clear(backend, clock):
    post(backend, "/api/scenario/flood", params={"from_hour": 4.2})
    assert get(backend, "/api/scenario").json()["stage"] == 4
    clock.now += 1
    assert post(backend, "/api/scenario/normal").json()["name"] == "normal"
    clock.now += 1
    cancels = [a for a in cap_alerts(backend) if a.find(f"{CAP}msgType").text == "Cancel"]
    assert any(info(a, "severity") == "Extreme" for a in cancels)
    assert get(backend, "/api/geo/alert_areas.geojson").json()["features"]  # advisories stay
    assert not [f for f in get(backend, "/api/geo/alert_areas.geojson").json()["features"]
                if f["properties"]["severity"] == "Extreme"]


def test_speed_makes_the_replay_faster():
    clock = FakeClock()
    with DemoBackend(port=0, speed=60, clock=clock, event_interval_s=3600) as fast:
        post(fast, "/api/scenario/flood")
        clock.now += 4.0  # four real seconds are four flood hours at speed 60
        assert get(fast, "/api/scenario").json()["stage"] == 4


# --- determinism and caching ----------------------------------------------------------------
def snapshot_of(backend: DemoBackend) -> dict[str, bytes]:
    """Every non-streaming source's bytes, with the server's own address taken out."""
    found = {}
    for source in get(backend, "/api/catalog").json()["sources"]:
        if source["kind"] != "sse":
            body = requests.get(source["url"], timeout=10).content
            found[source["id"]] = body.replace(backend.base_url.encode(), b"BASE")
    return found


def test_the_same_seed_and_clock_give_the_same_province_and_another_seed_does_not(clock):
    servers = [DemoBackend(port=0, seed=seed, clock=clock, event_interval_s=3600).start()
               for seed in (11, 11, 12)]
    try:
        for server in servers:
            post(server, "/api/scenario/flood")
        clock.advance_flood_hours(4.5)
        first, second, other = (snapshot_of(server) for server in servers)
        assert first == second
        assert first["kpi_public_admin"] != other["kpi_public_admin"]
        assert first["kpi_environment"] != other["kpi_environment"]
    finally:
        for server in servers:
            server.stop()


def test_an_unchanged_answer_is_not_sent_twice(backend, clock):
    first = get(backend, "/api/kpi/education")
    assert first.headers["Cache-Control"] == "no-cache"
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = get(backend, "/api/kpi/education", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == etag
    since = get(backend, "/api/kpi/education", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    clock.now += 2 * 3600  # education refreshes hourly
    changed = get(backend, "/api/kpi/education", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    for path in ("/api/geo/province.geojson", "/api/cap/feed.atom"):
        tag = get(backend, path).headers["ETag"]
        assert get(backend, path, headers={"If-None-Match": tag}).status_code == 304


# --- the event stream -----------------------------------------------------------------------
def read_stream(response: requests.Response, until: Callable[[str], bool],
                limit_s: float = 5.0) -> str:
    """Stream text until ``until(text)`` holds, the stream ends, or ``limit_s`` passes."""
    text, deadline = "", time.monotonic() + limit_s
    for chunk in response.iter_content(chunk_size=1):
        text += chunk.decode("utf-8", "replace")
        if until(text) or time.monotonic() > deadline:
            break
    return text


def events(backend: DemoBackend, last_id: str | None, until: Callable[[str], bool]) -> str:
    headers = {} if last_id is None else {"Last-Event-ID": last_id}
    with requests.get(backend.base_url + "/api/events", stream=True, timeout=10,
                      headers=headers) as response:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        return read_stream(response, until)


def test_the_stream_sends_retry_heartbeats_and_every_event_type(backend, clock):
    post(backend, "/api/scenario/flood")  # announces the first alert at once
    text = events(backend, "0", lambda t: ": heartbeat" in t and "event: camera" in t)
    assert text.startswith("retry: 3000\n")
    for kind in ("metric", "alert", "report", "camera"):
        assert f"event: {kind}\n" in text, kind
    ids = [int(line[4:]) for line in text.splitlines() if line.startswith("id: ")]
    assert ids == sorted(ids) and ids[0] == 1 and len(set(ids)) == len(ids)
    assert '"severity": "Minor"' in text and '"simulated": true' in text


def test_the_stream_resumes_after_the_last_event_id(backend):
    backend.produce_events_once()
    backend.produce_events_once()
    last = backend.events.last_id
    text = events(backend, "3", lambda t: f"id: {last}\n" in t)
    ids = [int(line[4:]) for line in text.splitlines() if line.startswith("id: ")]
    assert ids == list(range(4, last + 1))
    with requests.get(backend.base_url + "/api/events", stream=True, timeout=10) as response:
        read_stream(response, lambda t: "retry" in t)
        backend.produce_events_once()  # without Last-Event-ID: only what happens from now
        live = read_stream(response, lambda t: f"id: {last + 1}\n" in t)
    assert f"id: {last}\n" not in live and f"id: {last + 1}\n" in live


# --- faults ---------------------------------------------------------------------------------
def fault(backend: DemoBackend, **spec) -> None:
    answer = post(backend, "/api/faults", json=spec)
    assert answer.status_code == 200, answer.text


def test_each_fault_does_what_it_says_and_delete_clears_them(backend):
    fault(backend, path="/api/kpi/rivers", mode="status", status=503)
    assert get(backend, "/api/kpi/rivers").status_code == 503
    assert get(backend, "/api/kpi/rivers/").status_code == 503  # a prefix
    assert get(backend, "/api/kpi/health").status_code == 200
    assert [f["mode"] for f in get(backend, "/api/faults").json()["faults"]] == ["status"]
    assert requests.delete(backend.base_url + "/api/faults", timeout=10).status_code == 200
    assert get(backend, "/api/kpi/rivers").status_code == 200

    fault(backend, path="/api/kpi/rivers", mode="html", times=1)
    page = get(backend, "/api/kpi/rivers")
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert page.text.lstrip().startswith("<!DOCTYPE html>")
    assert get(backend, "/api/kpi/rivers").headers["Content-Type"].startswith(
        "application/json")  # times: 1 is used up

    fault(backend, path="/api/kpi/rivers", mode="malformed", times=1)
    with pytest.raises(ValueError):
        get(backend, "/api/kpi/rivers").json()
    fault(backend, path="/api/cap/", mode="malformed", times=1)
    with pytest.raises(ET.ParseError):
        ET.fromstring(get(backend, "/api/cap/feed.atom").content)

    fault(backend, path="/api/kpi/rivers", mode="truncated", times=1)
    cut = get(backend, "/api/kpi/rivers")
    whole = get(backend, "/api/kpi/rivers")
    assert int(cut.headers["Content-Length"]) == len(cut.content) < len(whole.content)
    assert whole.content.startswith(cut.content)

    fault(backend, path="/api/kpi/health", mode="slow", delay_s=1.0, times=1)
    with pytest.raises(requests.Timeout):
        requests.get(backend.base_url + "/api/kpi/health", timeout=0.3)
    assert get(backend, "/api/faults").json()["faults"] == []


def test_a_nonsense_fault_is_refused(backend):
    for spec in ({"mode": "explode"}, {"mode": "status", "status": 42},
                 {"mode": "slow", "delay_s": -1}, {"mode": "html", "times": 0}):
        assert post(backend, "/api/faults", json=spec).status_code == 400, spec
    assert post(backend, "/api/faults", data=b"{not json").status_code == 400


def test_drop_sse_closes_the_open_streams(backend):
    with requests.get(backend.base_url + "/api/events", stream=True, timeout=10) as response:
        assert read_stream(response, lambda t: "retry" in t).startswith("retry")
        started = time.monotonic()
        fault(backend, mode="drop_sse")
        read_stream(response, lambda t: False, limit_s=5)  # returns when the stream ends
        assert time.monotonic() - started < 2.0
    assert get(backend, "/api/faults").json()["faults"] == []  # an action, not a standing fault


# --- cameras --------------------------------------------------------------------------------
def png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Check the PNG chunk by chunk (CRCs included) and return width, height, raw rows."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, {}
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        payload = data[position + 8:position + 8 + length]
        crc = struct.unpack(">I", data[position + 8 + length:position + 12 + length])[0]
        assert zlib.crc32(kind + payload) & 0xFFFFFFFF == crc, kind
        chunks[kind] = chunks.get(kind, b"") + payload
        position += 12 + length
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    return width, height, zlib.decompress(chunks[b"IDAT"])


def test_a_snapshot_is_a_valid_png_that_changes_over_time(backend, clock):
    first = get(backend, "/api/camera/cam01/snapshot.png")
    assert first.headers["Content-Type"] == "image/png"
    width, height, rows = png_pixels(first.content)
    assert (width, height) == (640, 360) and len(rows) == height * (1 + width * 3)
    clock.now += 37
    assert get(backend, "/api/camera/cam01/snapshot.png").content != first.content


def test_the_camera_index_links_pictures_and_events_with_normalised_boxes(backend):
    cameras = get(backend, "/api/cameras").json()["cameras"]
    assert 10 <= len(cameras) <= 14 and all(c["online"] for c in cameras)
    for camera in cameras:
        assert {"id", "name", "lat", "lon", "snapshot_url", "events_url"} <= set(camera)
        assert camera["snapshot_url"].startswith(backend.base_url)
    detections = requests.get(cameras[0]["events_url"], timeout=10).json()["events"]
    assert detections
    for event in detections:
        x, y, w, h = event["box"]
        assert 0 <= x and 0 <= y and x + w <= 1 and y + h <= 1
        assert event["label"] in EVENT_TYPES and 0 < event["score"] <= 1 and event["time"]


# --- information-system health --------------------------------------------------------------
def test_prometheus_answers_up_and_ranges_and_refuses_unknown_queries(backend, clock):
    base = backend.base_url + "/api/prometheus/api/v1"
    up = requests.get(f"{base}/query", params={"query": "up"}, timeout=10).json()
    assert up["status"] == "success" and up["data"]["resultType"] == "vector"
    jobs = {r["metric"]["job"] for r in up["data"]["result"]}
    assert {"dvc", "ioffice", "lgsp", "camera_vms", "gis"} <= jobs and len(jobs) >= 10
    assert all(r["value"][1] in ("0", "1") for r in up["data"]["result"])
    one = requests.get(f"{base}/query", params={"query": 'probe_success{job="dvc"}'},
                       timeout=10).json()["data"]["result"]
    assert [r["metric"]["job"] for r in one] == ["dvc"]
    end = int(clock.now)
    matrix = requests.get(f"{base}/query_range", timeout=10, params={
        "query": "http_requests_total", "start": end - 600, "end": end, "step": "60s"}).json()
    values = matrix["data"]["result"][0]["values"]
    assert matrix["data"]["resultType"] == "matrix" and len(values) == 11
    assert [float(v) for _t, v in values] == sorted(float(v) for _t, v in values)  # a counter
    for params in ({"query": "rate(up[5m])"}, {"query": "no_such_metric"}):
        bad = requests.get(f"{base}/query", params=params, timeout=10)
        assert bad.status_code == 400
        assert bad.json()["status"] == "error" and bad.json()["errorType"] == "bad_data"
    assert requests.get(f"{base}/query_range", params={"query": "up"},
                        timeout=10).status_code == 400


# --- life cycle -----------------------------------------------------------------------------
def test_stop_returns_promptly_even_with_an_open_stream():
    server = DemoBackend(port=0).start()
    opened, ended = threading.Event(), threading.Event()

    def listen() -> None:
        try:
            with requests.get(server.base_url + "/api/events", stream=True,
                              timeout=10) as response:
                opened.set()
                for _chunk in response.iter_content(chunk_size=1):
                    pass
        except requests.RequestException:
            pass
        ended.set()

    threading.Thread(target=listen, daemon=True).start()
    assert opened.wait(5)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 1.0
    assert ended.wait(5)
    with pytest.raises(requests.ConnectionError):
        requests.get(server.base_url + "/api/catalog", timeout=2)
    server.stop()  # a second stop is harmless


def test_a_backend_never_started_stops_at_once():
    server = DemoBackend(port=0)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 0.5


def test_the_command_prints_its_url_and_ends_on_sigterm():
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from ioc_console.demo_backend.cli import main; "
         "sys.exit(main(['--port', '0', '--seed', '3']))"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    try:
        url = process.stdout.readline().split()[0]
        assert url.startswith("http://127.0.0.1:")
        assert requests.get(url + "/api/catalog", timeout=10).status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        _out, errors = process.communicate(timeout=10)
    assert process.returncode == 0, errors
    assert "Traceback" not in errors
