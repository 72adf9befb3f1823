"""The live-data layer against the real demo backend: every kind of source, injected
faults, and a dropped event stream that resumes where it stopped."""

from __future__ import annotations

import asyncio

import pytest
import requests

from ioc_console.model.sources import SourceSpec
from ioc_console.runtime.freshness import SourceStatus
from ioc_console.runtime.hub import DataHub
from ioc_console.runtime.scheduler import SourceScheduler
from tests.test_runtime_scheduler import wait_for_state

server_module = pytest.importorskip("ioc_console.demo_backend.server")
S = SourceStatus

SOURCES = [
    {"id": "rivers", "kind": "json", "url": "/api/kpi/rivers", "poll_s": 0.5, "timeout_s": 2},
    {"id": "river_series", "kind": "json", "url": "/api/series/river_lao_cai", "poll_s": 30},
    {"id": "gauges", "kind": "geojson", "url": "/api/geo/gauges.geojson", "poll_s": 30},
    {"id": "cap_alerts", "kind": "cap", "url": "/api/cap/feed.atom", "poll_s": 30},
    {"id": "systems_up", "kind": "prometheus", "url": "/api/prometheus", "query": "up",
     "poll_s": 30},
    {"id": "events", "kind": "sse", "url": "/api/events", "ttl_s": 5},
]


@pytest.fixture
def demo():
    backend = server_module.DemoBackend(port=0, seed=7, heartbeat_s=0.2,
                                        event_interval_s=0.2).start()
    yield backend
    backend.stop()


def specs(base_url: str) -> list[SourceSpec]:
    return [SourceSpec.model_validate(s).resolve(base_url) for s in SOURCES]


def fault(demo, **body) -> None:
    requests.post(f"{demo.base_url}/api/faults", json=body, timeout=5).raise_for_status()


def test_every_kind_of_source_goes_live_and_faults_heal(demo):
    async def scenario():
        hub = DataHub()
        scheduler = SourceScheduler(specs(demo.base_url), hub)
        await scheduler.start()
        try:
            assert await scheduler.wait_for_first_answers(timeout_s=10) == set()
            states = {s: await wait_for_state(hub, s, lambda st: st.status is S.LIVE)
                      for s in scheduler.specs}
            assert states["gauges"].value["type"] == "FeatureCollection"
            assert set(states["cap_alerts"].value) == {"alerts", "problems"}
            assert states["cap_alerts"].value["problems"] == []
            assert states["systems_up"].value["samples"]
            before = states["rivers"].value

            fault(demo, path="/api/kpi/rivers", mode="status", status=503, times=1)
            scheduler.refresh("rivers")
            failed = await wait_for_state(hub, "rivers", lambda st: st.status is S.ERROR)
            assert failed.error == "HTTP 503 Service Unavailable" and failed.value == before
            await wait_for_state(hub, "rivers", lambda st: st.status is S.LIVE)

            fault(demo, path="/api/kpi/rivers", mode="malformed", times=1)
            scheduler.refresh("rivers")
            broken = await wait_for_state(hub, "rivers", lambda st: st.status is S.ERROR)
            assert "JSON" in broken.error and broken.value is not None
            await wait_for_state(hub, "rivers", lambda st: st.status is S.LIVE)
        finally:
            await scheduler.stop()

    asyncio.run(scenario())


def test_a_dropped_event_stream_resumes_without_losing_or_repeating_events(demo):
    async def scenario():
        hub = DataHub()
        scheduler = SourceScheduler([s for s in specs(demo.base_url) if s.kind == "sse"], hub)
        await scheduler.start()
        try:
            first = await wait_for_state(hub, "events", lambda st: st.value
                                         and len(st.value["events"]) >= 3)
            seen = int(first.value["last"]["id"])
            fault(demo, path="/api/events", mode="drop_sse")
            await wait_for_state(hub, "events", lambda st: st.status is S.DISCONNECTED)
            scheduler.refresh("events")  # reconnect now instead of after retry: 3000
            resumed = await wait_for_state(hub, "events", lambda st: st.status is S.LIVE
                                           and int(st.value["last"]["id"]) > seen + 2)
            assert scheduler.streams["events"].connections >= 2
            ids = [int(e["id"]) for e in resumed.value["events"]]
            assert ids == list(range(ids[0], ids[0] + len(ids)))  # none lost, none twice
        finally:
            await scheduler.stop()

    asyncio.run(scenario())
