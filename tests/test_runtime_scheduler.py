"""Sources on a plain asyncio loop: live data, a dead backend, its return, stale badges,
and the parsing kept off the loop thread."""

from __future__ import annotations

import asyncio
import functools
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ioc_console.data.alerts import Alert
from ioc_console.data.payloads import parse_payload
from ioc_console.model.sources import SourceSpec
from ioc_console.runtime.cache import LastKnownGoodCache
from ioc_console.runtime.freshness import SourceStatus
from ioc_console.runtime.hub import DataHub
from ioc_console.runtime.scheduler import SourceScheduler
from tests.test_runtime_fetch import Backend

FIXTURES = Path(__file__).parent / "fixtures"
S = SourceStatus


async def wait_for_state(hub: DataHub, source_id: str, predicate, timeout: float = 5.0):
    """The first state of ``source_id`` (current or published later) matching ``predicate``."""
    ready = asyncio.Event()
    found = []

    def check(state):
        if not found and predicate(state):
            found.append(state)
            ready.set()

    unsubscribe = hub.subscribe(source_id, check)
    if hub.state(source_id) is not None:
        check(hub.state(source_id))
    try:
        await asyncio.wait_for(ready.wait(), timeout)
    finally:
        unsubscribe()
    return found[0]


def is_(status):
    return lambda state: state.status is status


@pytest.fixture
def backend():
    server = Backend()
    yield server
    server.stop()


def test_live_then_disconnected_keeping_the_value_then_live_within_one_poll(backend):
    spec = SourceSpec(id="river", kind="json", url=backend.url, poll_s=0.5, timeout_s=1)

    async def scenario():
        hub = DataHub()
        scheduler = SourceScheduler([spec], hub)
        await scheduler.start()
        try:
            live = await wait_for_state(hub, "river", is_(S.LIVE))
            assert live.value == {"level": 1} and live.error is None
            backend.stop()
            gone = await wait_for_state(hub, "river", is_(S.DISCONNECTED))
            assert gone.value == {"level": 1} and "connection refused" in gone.error
            assert gone.received_at == live.received_at or gone.received_at > live.received_at
            again = Backend(port=backend.port)  # the backend comes back on the same port
            again.body = b'{"level": 2}'
            try:
                back_at = asyncio.get_running_loop().time()
                healed = await wait_for_state(hub, "river", lambda s: s.value == {"level": 2})
                assert healed.status is S.LIVE and healed.error is None
                assert asyncio.get_running_loop().time() - back_at < spec.poll_s + 1.0
            finally:
                again.stop()
        finally:
            await scheduler.stop()

    asyncio.run(scenario())


def test_an_http_error_shows_error_with_the_reason_and_keeps_the_value(backend):
    spec = SourceSpec(id="a", kind="json", url=backend.url, poll_s=0.5)

    async def scenario():
        hub = DataHub()
        scheduler = SourceScheduler([spec], hub)
        await scheduler.start()
        try:
            await wait_for_state(hub, "a", is_(S.LIVE))
            backend.status = 503
            failed = await wait_for_state(hub, "a", is_(S.ERROR))
            assert failed.error == "HTTP 503 Service Unavailable"
            assert failed.value == {"level": 1}
            backend.status, backend.body = 200, b"<html><title>Login</title></html>"
            html = await wait_for_state(hub, "a", lambda s: s.error and "HTML" in s.error)
            assert html.status is S.ERROR and html.value == {"level": 1}
        finally:
            await scheduler.stop()

    asyncio.run(scenario())


def test_an_unchanged_source_is_confirmed_by_304_and_stays_live(backend):
    spec = SourceSpec(id="a", kind="json", url=backend.url, poll_s=0.5)

    async def scenario():
        hub = DataHub()
        scheduler = SourceScheduler([spec], hub)
        await scheduler.start()
        try:
            first = await wait_for_state(hub, "a", is_(S.LIVE))
            confirmed = await wait_for_state(
                hub, "a", lambda s: s.status is S.LIVE and s.received_at > first.received_at)
            assert confirmed.value == first.value
            assert backend.headers[-1].get("If-None-Match")
        finally:
            await scheduler.stop()

    asyncio.run(scenario())


def test_data_older_than_its_ttl_turns_stale_without_new_data(backend):
    class Clock:
        now = datetime(2024, 9, 9, 13, tzinfo=UTC)

        def __call__(self):
            return self.now

    clock = Clock()
    spec = SourceSpec(id="a", kind="json", url=backend.url, poll_s=60, ttl_s=30)

    async def scenario():
        hub = DataHub()
        scheduler = SourceScheduler([spec], hub, clock=clock, tick_s=0.02)
        await scheduler.start()
        try:
            await wait_for_state(hub, "a", is_(S.LIVE))
            clock.now += timedelta(seconds=31)
            return await wait_for_state(hub, "a", is_(S.STALE))
        finally:
            await scheduler.stop()

    stale = asyncio.run(scenario())
    assert stale.value == {"level": 1} and stale.age_s(clock.now) == pytest.approx(31)


def test_a_blocked_gui_thread_does_not_flash_fresh_answers_as_stale(backend):
    """After a long stall of the loop thread, the answers that arrived meanwhile land before
    any source is aged, so a tile never blinks stale while its new data waits in the queue.
    (A plain asyncio loop already runs them in that order; under qasync, Qt may fire the
    overdue tick timer first, which is why a late tick skips its turn.)"""
    class Clock:
        now = datetime(2024, 9, 9, 13, tzinfo=UTC)

        def __call__(self):
            return self.now

    clock = Clock()
    spec = SourceSpec(id="a", kind="json", url=backend.url, poll_s=3600, ttl_s=30)

    async def scenario():
        hub = DataHub()
        seen = []
        hub.subscribe("a", seen.append)
        scheduler = SourceScheduler([spec], hub, clock=clock, tick_s=0.02)
        await scheduler.start()
        try:
            first = await wait_for_state(hub, "a", is_(S.LIVE))
            asked = len(backend.headers)
            scheduler.refresh("a")
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 5
            while len(backend.headers) == asked:  # the new request reached the server
                assert loop.time() < deadline
                await asyncio.sleep(0.001)
            clock.now += timedelta(seconds=31)
            time.sleep(0.8)  # a GUI stall: the loop thread is blocked, on purpose
            # the answer may already have landed while we polled the server's log above
            fresh = await wait_for_state(hub, "a", lambda s: s is not first)
            assert fresh.status is S.LIVE
        finally:
            await scheduler.stop()
        return seen

    statuses = [s.status for s in asyncio.run(scenario())]
    assert S.STALE not in statuses, statuses


def test_request_and_parsing_run_off_the_event_loop_thread(backend):
    seen: list[int] = []

    def parse(*args, **kwargs):
        seen.append(threading.get_ident())
        return parse_payload(*args, **kwargs)

    async def scenario():
        hub = DataHub()
        scheduler = SourceScheduler([SourceSpec(id="a", kind="json", url=backend.url)], hub,
                                    parse=parse)
        await scheduler.start()
        try:
            await wait_for_state(hub, "a", is_(S.LIVE))
        finally:
            await scheduler.stop()
        return threading.get_ident()

    loop_thread = asyncio.run(scenario())
    assert seen and loop_thread not in seen


def test_a_parser_bug_is_an_error_on_the_badge_not_the_end_of_polling(backend, caplog):
    calls = []

    def parse(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise KeyError("surprise")
        return parse_payload(*args, **kwargs)

    async def scenario():
        hub = DataHub()
        scheduler = SourceScheduler([SourceSpec(id="a", kind="json", url=backend.url,
                                                poll_s=0.5)], hub, parse=parse)
        await scheduler.start()
        try:
            broken = await wait_for_state(hub, "a", is_(S.ERROR))
            assert broken.error == "internal error: KeyError: 'surprise'"
            await wait_for_state(hub, "a", is_(S.LIVE))
        finally:
            await scheduler.stop()

    asyncio.run(scenario())
    assert "source a: unexpected error" in caplog.text


def test_stop_is_prompt_even_with_a_request_waiting_for_its_answer(backend):
    backend.hold = True  # the server accepts the request and never answers
    spec = SourceSpec(id="a", kind="json", url=backend.url, timeout_s=60)

    async def scenario():
        hub = DataHub()
        scheduler = SourceScheduler([spec], hub)
        await scheduler.start()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 5
        while not backend.headers:  # until the request is at the server
            assert loop.time() < deadline
            await asyncio.sleep(0.01)
        started = loop.time()
        await scheduler.stop()
        assert loop.time() - started < 1.0
        assert hub.state("a").status is S.CONNECTING  # nothing is published after stop
        workers = [t for t in threading.enumerate() if t.name.startswith("ioc-source")]
        for worker in workers:  # the worker blocked in recv() was freed too
            worker.join(2)
        assert not any(w.is_alive() for w in workers)

    asyncio.run(scenario())


def test_refresh_polls_at_once_and_first_answers_can_be_awaited(backend):
    spec = SourceSpec(id="a", kind="json", url=backend.url, poll_s=3600)
    dead = SourceSpec(id="dead", kind="json", url="http://127.0.0.1:9/x", poll_s=3600,
                      timeout_s=1)

    async def scenario():
        hub = DataHub()
        scheduler = SourceScheduler([spec, dead], hub)
        await scheduler.start()
        try:
            assert await scheduler.wait_for_first_answers(timeout_s=5) == set()
            assert scheduler.answered("a") and scheduler.answered("dead")
            assert hub.state("dead").status is S.ERROR  # answered, badly
            assert await scheduler.wait_for_first_answers(["a", "nope"], 1) == {"nope"}
            backend.body = b'{"level": 9}'
            assert scheduler.refresh("a") and not scheduler.refresh("nope")
            await wait_for_state(hub, "a", lambda s: s.value == {"level": 9})
        finally:
            await scheduler.stop()

    asyncio.run(scenario())


def test_first_answers_time_out_with_the_silent_sources(backend):
    backend.hold = True

    async def scenario():
        hub = DataHub()
        scheduler = SourceScheduler([SourceSpec(id="a", kind="json", url=backend.url)], hub)
        await scheduler.start()
        try:
            return await scheduler.wait_for_first_answers(timeout_s=0.2)
        finally:
            await scheduler.stop()

    assert asyncio.run(scenario()) == {"a"}


def test_a_restart_shows_the_last_known_values_marked_stale_before_fetching(backend, tmp_path):
    spec = SourceSpec(id="a", kind="json", url=backend.url, poll_s=60)
    cache = LastKnownGoodCache(tmp_path, min_interval_s=0)

    async def first_run():
        hub = DataHub()
        scheduler = SourceScheduler([spec], hub, cache)
        await scheduler.start()
        await wait_for_state(hub, "a", is_(S.LIVE))
        await scheduler.stop()  # flushes what is pending

    asyncio.run(first_run())
    backend.hold = True  # the second run's fetch never answers while we look

    async def second_run():
        hub = DataHub()
        seen = []
        hub.subscribe("a", seen.append)
        scheduler = SourceScheduler([spec], hub, LastKnownGoodCache(tmp_path))
        await scheduler.start()
        await scheduler.stop()
        return seen

    seen = asyncio.run(second_run())
    assert seen[0].status is S.STALE and seen[0].from_cache and seen[0].value == {"level": 1}


def test_a_cap_index_is_followed_and_a_bad_message_is_a_problem_not_a_failure():
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(FIXTURES / "cap"))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/index.atom"
    spec = SourceSpec(id="cap_alerts", kind="cap", url=url, poll_s=60)

    async def scenario():
        hub = DataHub()
        scheduler = SourceScheduler([spec], hub)
        await scheduler.start()
        try:
            return await wait_for_state(hub, "cap_alerts", is_(S.LIVE))
        finally:
            await scheduler.stop()

    try:
        state = asyncio.run(scenario())
    finally:
        server.shutdown()
        server.server_close()
    alerts, problems = state.value["alerts"], state.value["problems"]
    assert alerts and all(isinstance(a, Alert) for a in alerts)
    assert "VN-LCI-IOC-SIM-20240909-0004" in {a.identifier for a in alerts}
    assert [p["link"].rsplit("/", 1)[1] for p in problems] == ["truncated.xml"]
    assert problems[0]["error"]


def test_two_sources_with_one_id_are_refused():
    spec = SourceSpec(id="a", kind="json", url="/x")
    with pytest.raises(ValueError, match="two sources have the id a"):
        SourceScheduler([spec, spec], DataHub())
