"""The wall against the real demo backend: data arrives, survives an outage, heals."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest
import requests

from ioc_console.cli import default_layout_path
from ioc_console.model.layout_file import load_layout
from ioc_console.runtime.freshness import SourceStatus

pytest.importorskip("ioc_console.demo_backend.server")
from ioc_console.demo_backend.server import DemoBackend  # noqa: E402


@pytest.fixture
def backend():
    server = DemoBackend(port=0, seed=7).start()
    yield server
    server.stop()


def test_probe_parses_every_source_of_the_catalog(backend):
    catalog = requests.get(f"{backend.base_url}/api/catalog", timeout=10).json()["sources"]
    assert {s["kind"] for s in catalog} >= {"json", "cap", "geojson", "prometheus", "sse"}
    for source in catalog:
        result = subprocess.run([sys.executable, "-m", "ioc_console", "probe", source["url"],
                                 "--kind", source["kind"]], capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 0, f"{source['id']}: {result.stderr}"
        parsed = json.loads(result.stdout)
        assert parsed["kind"] == source["kind"]


def test_the_cap_feed_probes_with_lon_lat_areas(backend):
    result = subprocess.run([sys.executable, "-m", "ioc_console", "probe",
                             f"{backend.base_url}/api/cap/feed.atom"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    alerts = json.loads(result.stdout)["alerts"]
    assert alerts
    for alert in alerts:
        for area in alert["areas"]:
            lon, lat = area["coordinates"][0][0][:2]
            assert 102 < lon < 106 and 20 < lat < 24  # Lào Cai, in GeoJSON order


def test_a_stopped_backend_leaves_values_marked_and_its_return_heals(backend):
    from ioc_console.ui.live_data import LiveData

    layout = load_layout(default_layout_path())
    sources = ["rivers", "admin"]
    layout = layout.model_copy(update={"sources": [
        s.model_copy(update={"poll_s": 0.5, "timeout_s": 1.0}) for s in layout.sources
        if s.id in sources]})
    port = int(backend.base_url.rsplit(":", 1)[1])

    async def scenario():
        live = LiveData(layout, backend.base_url, use_cache=False)
        await live.start()
        try:
            assert await live.wait_for_data(sources, 15)
            assert all(live.hub.state(s).status is SourceStatus.LIVE for s in sources)
            before = live.hub.state("rivers").value
            backend.stop()
            await wait_until(lambda: all(live.hub.state(s).status is SourceStatus.DISCONNECTED
                                         for s in sources))
            assert live.hub.state("rivers").value == before  # the last values stay
            again = DemoBackend(port=port, seed=7).start()
            try:
                started = asyncio.get_running_loop().time()
                await wait_until(lambda: all(live.hub.state(s).status is SourceStatus.LIVE
                                             for s in sources))
                # one poll interval plus the first backoff step at most
                assert asyncio.get_running_loop().time() - started < 3.0
            finally:
                again.stop()
        finally:
            await live.stop()

    async def wait_until(condition, timeout=10.0):
        deadline = asyncio.get_running_loop().time() + timeout
        while not condition():
            assert asyncio.get_running_loop().time() < deadline, "condition not reached"
            await asyncio.sleep(0.05)

    asyncio.run(scenario())
