"""Sources on the event loop: live data, a dead backend, its return, and stale badges."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta

import pytest

from ioc_console.model.sources import SourceSpec
from ioc_console.runtime import scheduler as scheduler_module
from ioc_console.runtime.cache import LastKnownGoodCache
from ioc_console.runtime.freshness import SourceStatus
from ioc_console.runtime.hub import DataHub
from ioc_console.runtime.scheduler import SourceScheduler
from tests.loopback_server import Loopback


async def wait_for_state(hub: DataHub, source_id: str, predicate, timeout: float = 8.0):
    ready = asyncio.Event()
    found = []

    def check(state):
        if predicate(state):
            found.append(state)
            ready.set()

    unsubscribe = hub.subscribe(source_id, check)
    current = hub.state(source_id)
    if current is not None:
        check(current)
    try:
        await asyncio.wait_for(ready.wait(), timeout)
    finally:
        unsubscribe()
    return found[0]


def run(coroutine):
    return asyncio.run(coroutine)


def test_live_then_disconnected_keeping_the_value_then_live_again():
    server = Loopback()
    port = server.port
    spec = SourceSpec(id="river", kind="json", url=server.url, poll_s=0.5, timeout_s=1)

    async def scenario():
        hub = DataHub()
        scheduler = SourceScheduler([spec], hub)
        await scheduler.start()
        live = await wait_for_state(hub, "river", lambda s: s.status is SourceStatus.LIVE)
        assert live.value == {"level": 1}
        server.stop()
        gone = await wait_for_state(hub, "river",
                                    lambda s: s.status is SourceStatus.DISCONNECTED)
        assert gone.value == {"level": 1} and "refused" in gone.error
        back = Loopback(port)
        back.body = b'{"level": 2}'
        try:
            started = asyncio.get_running_loop().time()
            again = await wait_for_state(hub, "river", lambda s: s.value == {"level": 2})
            assert again.status is SourceStatus.LIVE
            # the first retry after a failure waits at most poll_s plus one backoff step
            assert asyncio.get_running_loop().time() - started < 3 * spec.poll_s + 1
        finally:
            await scheduler.stop()
            back.stop()

    run(scenario())


def test_parsing_runs_off_the_event_loop_thread(monkeypatch):
    server = Loopback()
    threads: list[str] = []
    real = scheduler_module.parse_payload

    def spy(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(scheduler_module, "parse_payload", spy)

    async def scenario():
        hub = DataHub()
        scheduler = SourceScheduler([SourceSpec(id="a", kind="json", url=server.url)], hub)
        await scheduler.start()
        await wait_for_state(hub, "a", lambda s: s.status is SourceStatus.LIVE)
        await scheduler.stop()
        return threading.current_thread().name

    loop_thread = run(scenario())
    server.stop()
    assert threads and all(name != loop_thread for name in threads)


def test_data_older_than_its_ttl_turns_stale_without_new_data():
    server = Loopback()

    class Clock:
        now = datetime(2024, 9, 9, 13, tzinfo=UTC)

        def __call__(self):
            return self.now

    clock = Clock()
    spec = SourceSpec(id="a", kind="json", url=server.url, poll_s=60, ttl_s=30)

    async def scenario():
        hub = DataHub()
        scheduler = SourceScheduler([spec], hub, clock=clock, tick_s=0.05)
        await scheduler.start()
        await wait_for_state(hub, "a", lambda s: s.status is SourceStatus.LIVE)
        clock.now += timedelta(seconds=31)
        stale = await wait_for_state(hub, "a", lambda s: s.status is SourceStatus.STALE)
        await scheduler.stop()
        return stale

    stale = run(scenario())
    server.stop()
    assert stale.value == {"level": 1} and stale.age_s(clock.now) == pytest.approx(31)


def test_a_restart_shows_the_last_known_values_marked_stale(tmp_path):
    server = Loopback()
    spec = SourceSpec(id="a", kind="json", url=server.url, poll_s=60)
    cache = LastKnownGoodCache(tmp_path, min_interval_s=0)

    async def first_run():
        hub = DataHub()
        scheduler = SourceScheduler([spec], hub, cache)
        await scheduler.start()
        await wait_for_state(hub, "a", lambda s: s.status is SourceStatus.LIVE)
        for _ in range(100):
            if (tmp_path / "a.json").exists():
                break
            await asyncio.sleep(0.02)
        await scheduler.stop()

    run(first_run())
    url = server.url
    server.stop()

    async def second_run():
        hub = DataHub()
        scheduler = SourceScheduler([spec.model_copy(update={"url": url})], hub, cache)
        await scheduler.start()
        first = hub.state("a")
        await scheduler.stop()
        return first

    restored = run(second_run())
    assert restored.status is SourceStatus.STALE and restored.from_cache
    assert restored.value == {"level": 1}


def test_a_corrupt_cache_file_is_ignored(tmp_path, caplog):
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    assert LastKnownGoodCache(tmp_path).load_all() == {}
    assert "ignoring unreadable cache file" in caplog.text
