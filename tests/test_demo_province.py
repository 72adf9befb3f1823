"""The demo backend as its users rely on it: every source answers, the flood unfolds, faults
can be injected, and it stops promptly."""

from __future__ import annotations

import struct
import threading
import time

import pytest
import requests

from ioc_console.data.alert_store import active_alerts
from ioc_console.data.cap import parse_cap_index, parse_cap_message
from ioc_console.demo_backend.server import DemoBackend


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def backend(clock):
    server = DemoBackend(port=0, seed=7, clock=clock, heartbeat_s=0.2).start()
    yield server
    server.stop()


def get(backend, path, **kwargs):
    return requests.get(backend.base_url + path, timeout=10, **kwargs)


def test_every_catalog_source_answers_with_its_content_type(backend):
    sources = get(backend, "/api/catalog").json()["sources"]
    assert {s["kind"] for s in sources} == {"json", "cap", "geojson", "prometheus", "sse"}
    expected = {"json": "application/json", "geojson": "application/geo+json",
                "cap": "application/atom+xml", "prometheus": "application/json"}
    for source in sources:
        if source["kind"] == "sse":
            continue
        answer = requests.get(source["url"], timeout=10)
        assert answer.status_code == 200, source["id"]
        assert answer.headers["Content-Type"].startswith(expected[source["kind"]])
        if source["kind"] in ("json", "geojson"):
            assert answer.json()["simulated"] is True


def test_the_rivers_carry_their_alarm_levels(backend):
    gauges = {g["id"]: g for g in get(backend, "/api/kpi/rivers").json()["gauges"]}
    assert set(gauges) == {"lao_cai", "bao_ha", "yen_bai"}
    assert gauges["lao_cai"]["alarm_levels_m"] == {"I": 80.0, "II": 82.0, "III": 83.5}
    assert gauges["lao_cai"]["alarm"] == 0


def feed_alerts(backend):
    links = parse_cap_index(get(backend, "/api/cap/feed.atom").content)
    return [parse_cap_message(requests.get(link, timeout=10).content) for link in links]


def test_the_flood_rises_past_alarm_three_issues_an_extreme_alert_then_cancels_it(
        backend, clock):
    requests.post(backend.base_url + "/api/scenario/flood", timeout=10)
    clock.now += 4 * 60  # four simulated hours at speed 1
    lao_cai = get(backend, "/api/kpi/rivers").json()["gauges"][0]
    assert lao_cai["level_m"] > 83.5 and lao_cai["alarm"] == 3
    assert get(backend, "/api/scenario").json()["stage"] == 4
    active = active_alerts(feed_alerts(backend), clock=lambda: _utc(clock.now))
    extreme = [a for a in active if a.severity == "Extreme"]
    assert extreme and extreme[0].status == "Exercise" and "MÔ PHỎNG" in extreme[0].event
    lon, lat = extreme[0].areas[0]["coordinates"][0][0]
    assert abs(lat - 22.5) < 0.05 and abs(lon - 103.97) < 0.05  # lat,lon read, lon,lat given
    clock.now += 4 * 60
    active = active_alerts(feed_alerts(backend), clock=lambda: _utc(clock.now))
    assert not [a for a in active if "sông Hồng" in (a.headline or "")
                and a.severity == "Extreme"]
    assert get(backend, "/api/kpi/emergency").json()["missing"] == 14  # reconciled


def _utc(epoch):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(epoch, UTC)


def test_the_same_seed_and_clock_give_the_same_province(clock):
    first = DemoBackend(port=0, seed=11, clock=clock).start()
    second = DemoBackend(port=0, seed=11, clock=clock).start()
    other = DemoBackend(port=0, seed=12, clock=clock).start()
    try:
        def rivers(b):
            body = get(b, "/api/kpi/public_admin").json()
            body.pop("updated")
            return body
        assert rivers(first) == rivers(second) != rivers(other)
    finally:
        for server in (first, second, other):
            server.stop()


def test_an_unchanged_answer_is_not_sent_twice(backend):
    first = get(backend, "/api/kpi/education")
    again = get(backend, "/api/kpi/education", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""


def test_faults_each_do_what_they_say_and_clear(backend):
    def fault(**spec):
        assert requests.post(backend.base_url + "/api/faults", json=spec,
                             timeout=10).status_code == 200

    fault(path="/api/kpi/rivers", mode="status", status=503)
    assert get(backend, "/api/kpi/rivers").status_code == 503
    requests.delete(backend.base_url + "/api/faults", timeout=10)
    fault(path="/api/kpi/rivers", mode="html", times=1)
    assert get(backend, "/api/kpi/rivers").headers["Content-Type"].startswith("text/html")
    assert get(backend, "/api/kpi/rivers").status_code == 200  # times: 1 is used up
    fault(path="/api/kpi/rivers", mode="malformed", times=1)
    with pytest.raises(ValueError):
        get(backend, "/api/kpi/rivers").json()
    fault(path="/api/kpi/rivers", mode="truncated", times=1)
    body = get(backend, "/api/kpi/rivers").content
    assert len(body) < len(get(backend, "/api/kpi/rivers").content)
    fault(path="/api/kpi/health", mode="slow", delay_s=1.0, times=1)
    with pytest.raises(requests.Timeout):
        requests.get(backend.base_url + "/api/kpi/health", timeout=0.3)
    assert get(backend, "/api/faults").json()["faults"] == []


def read_sse(response, until, limit_s=10.0):
    text, deadline = "", time.monotonic() + limit_s
    for chunk in response.iter_content(chunk_size=1):
        text += chunk.decode("utf-8", "replace")
        if until(text) or time.monotonic() > deadline:
            break
    return text


def test_the_event_stream_sends_retry_heartbeats_and_resumes_after_the_last_id(backend):
    backend.produce_events_once()
    with requests.get(backend.base_url + "/api/events", stream=True, timeout=10,
                      headers={"Last-Event-ID": "0"}) as response:
        text = read_sse(response, lambda t: ": heartbeat" in t and "id: 3\n" in t)
    assert text.startswith("retry: 3000") and "event: metric" in text
    with requests.get(backend.base_url + "/api/events", stream=True, timeout=10,
                      headers={"Last-Event-ID": "2"}) as response:
        text = read_sse(response, lambda t: "id: 3\n" in t)
    assert "id: 1\n" not in text and "id: 2\n" not in text and "id: 3\n" in text


def test_drop_sse_closes_open_streams(backend):
    with requests.get(backend.base_url + "/api/events", stream=True, timeout=10) as response:
        read_sse(response, lambda t: "retry" in t)
        requests.post(backend.base_url + "/api/faults", json={"mode": "drop_sse"}, timeout=10)
        rest = read_sse(response, lambda t: False, limit_s=5)
    assert "retry" not in rest  # the stream ended (iteration stopped) well before 5 s


def test_camera_snapshots_are_pngs_and_a_flooded_camera_is_offline(backend, clock):
    picture = get(backend, "/api/camera/cam01/snapshot.png")
    assert picture.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", picture.content[16:24]) == (640, 360)
    requests.post(backend.base_url + "/api/scenario/flood", timeout=10)
    clock.now += 3.5 * 60
    assert get(backend, "/api/camera/cam02/snapshot.png").status_code == 503
    cameras = {c["id"]: c for c in get(backend, "/api/cameras").json()["cameras"]}
    assert cameras["cam02"]["online"] is False


def test_stop_returns_promptly_even_with_an_open_stream():
    server = DemoBackend(port=0).start()
    opened = threading.Event()

    def listen():
        try:
            with requests.get(server.base_url + "/api/events", stream=True,
                              timeout=10) as response:
                opened.set()
                for _chunk in response.iter_content(chunk_size=1):
                    pass
        except requests.RequestException:
            pass

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    assert opened.wait(5)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 1.0
    listener.join(5)
    assert not listener.is_alive()
