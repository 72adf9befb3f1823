"""Pushed events: resume after a drop with Last-Event-ID, honour retry, notice silence,
stop at once."""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ioc_console.model.sources import SourceSpec
from ioc_console.runtime.freshness import SourceState, SourceStatus
from ioc_console.runtime.hub import DataHub
from ioc_console.runtime.scheduler import SourceScheduler
from ioc_console.runtime.sse_client import SseStream

S = SourceStatus
Script = Callable[[BaseHTTPRequestHandler, threading.Event], None]


def stream_of(*chunks: bytes, then_hold: bool = True) -> Script:
    """A connection that answers 200 text/event-stream, writes ``chunks``, then stays
    silent until the server stops (or hangs up at once)."""
    def script(handler, release):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream; charset=utf-8")
        handler.end_headers()
        for chunk in chunks:
            handler.wfile.write(chunk)
            handler.wfile.flush()
        if then_hold:
            release.wait(30)
    return script


def status_of(code: int, content_type: str = "text/plain") -> Script:
    def script(handler, release):
        handler.send_response(code)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return script


def never_answer(handler, release):
    release.wait(30)


class EventServer:
    """Connection n gets ``scripts[n]`` (the last script repeats); records Last-Event-ID."""

    def __init__(self, *scripts: Script) -> None:
        self.scripts = list(scripts)
        self.last_event_ids: list[str | None] = []
        self.release = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                index = len(owner.last_event_ids)
                owner.last_event_ids.append(self.headers.get("Last-Event-ID"))
                try:
                    owner.scripts[min(index, len(owner.scripts) - 1)](self, owner.release)
                except OSError:
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/events"

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


class Recorder:
    """The publish callback: keeps every state, lets a test wait for one."""

    def __init__(self) -> None:
        self.states: list[SourceState] = []
        self.changed = threading.Condition()

    def __call__(self, state: SourceState) -> None:
        with self.changed:
            self.states.append(state)
            self.changed.notify_all()

    def wait_for(self, predicate, timeout: float = 5.0) -> SourceState:
        with self.changed:
            assert self.changed.wait_for(lambda: any(predicate(s) for s in self.states),
                                         timeout), f"not seen; got {self.states[-3:]}"
            return next(s for s in self.states if predicate(s))


@pytest.fixture
def running():
    """Start an SseStream against an EventServer; both are stopped afterwards."""
    made = []

    def start(server: EventServer, rng=None, **fields) -> tuple[SseStream, Recorder]:
        spec = SourceSpec(id="events", kind="sse", url=server.url,
                          **{"timeout_s": 2, "ttl_s": 5, **fields})
        recorder = Recorder()
        stream = SseStream(spec, recorder, clock=lambda: datetime.now(UTC), rng=rng)
        made.append((stream, server))
        stream.start()
        return stream, recorder

    yield start
    for stream, server in made:
        stream.stop()
        server.stop()
        stream.join(5)


def last_id(state: SourceState) -> str | None:
    return state.value["last"]["id"] if state.value and state.value["last"] else None


def test_a_dropped_stream_resumes_after_the_last_event_and_honours_retry(running):
    server = EventServer(
        stream_of(b"retry: 100\n\n: hello\n\nid: 1\nevent: metric\n"
                  b'data: {"level": 86.9}\n\nid: 2\ndata: b\n\n', then_hold=False),
        stream_of(b"id: 3\ndata: c\n\n"))
    stream, recorder = running(server)
    resumed = recorder.wait_for(lambda s: s.status is S.LIVE and last_id(s) == "3")
    assert server.last_event_ids[:2] == [None, "2"]
    assert stream.delays[0] == pytest.approx(0.1)  # the server's retry, not the default 3 s
    events = resumed.value["events"]
    assert [e["data"] for e in events] == ['{"level": 86.9}', "b", "c"]
    assert events[0]["event"] == "metric" and events[0]["json"] == {"level": 86.9}
    assert events[1]["event"] == "message" and events[1]["json"] is None
    assert resumed.value["last_event_id"] == "3" and resumed.value["heartbeats"] >= 1
    dropped = recorder.wait_for(lambda s: s.status is S.DISCONNECTED)
    assert dropped.error == "the server closed the event stream" and last_id(dropped) == "2"


def test_silence_longer_than_the_ttl_is_disconnected_keeping_the_events(running):
    server = EventServer(stream_of(b"retry: 50\n: connected\n\nid: 7\ndata: x\n\n"))
    stream, recorder = running(server, ttl_s=0.5)
    silent = recorder.wait_for(lambda s: s.status is S.DISCONNECTED)
    assert silent.error == "no heartbeat for 0.5 s"
    assert last_id(silent) == "7"
    recorder.wait_for(lambda s: s.status is S.LIVE and len(server.last_event_ids) >= 2)
    assert server.last_event_ids[1] == "7"  # reconnected, resuming after event 7


def test_heartbeats_alone_keep_a_quiet_stream_live(running):
    def beating(handler, release):
        stream_of(b": connected\n\n", then_hold=False)(handler, release)
        while not release.wait(0.05):
            handler.wfile.write(b": heartbeat\n\n")
            handler.wfile.flush()

    server = EventServer(beating)
    stream, recorder = running(server, ttl_s=0.4)
    recorder.wait_for(lambda s: s.value and s.value["heartbeats"] >= 20)  # > 2 TTLs
    assert all(s.status is S.LIVE for s in recorder.states)
    assert recorder.states[0].value == {"events": [], "last": None, "last_event_id": None,
                                        "heartbeats": 0}  # live as soon as connected
    assert len(recorder.states) < 20  # heartbeats refresh the age without a publish each


def test_repeated_failures_back_off_from_the_retry_delay(running):
    server = EventServer(stream_of(b"retry: 50\n\n", then_hold=False), status_of(503))
    stream, recorder = running(server)
    failing = recorder.wait_for(lambda s: s.status is S.ERROR and len(stream.delays) >= 5)
    assert failing.error == "HTTP 503 Service Unavailable"
    assert stream.delays[0] == pytest.approx(0.05)
    for failures, delay in enumerate(list(stream.delays)[:5], start=1):
        assert 0.05 <= delay <= 0.05 * 2 ** (failures - 1) + 1e-9


def test_a_server_that_hangs_up_at_once_is_not_reconnected_in_a_tight_loop(running):
    server = EventServer(stream_of(b"retry: 0\n\n", then_hold=False))
    stream, recorder = running(server, rng=random.Random(5))
    recorder.wait_for(lambda s: len(stream.delays) >= 6)
    delays = list(stream.delays)[:6]
    assert min(delays) >= 0.05  # retry: 0 is raised to the minimum
    assert sum(delays) > 6 * 0.05  # connecting without data is a failure: it backs off


def test_an_answer_that_is_not_an_event_stream_is_an_error(running):
    server = EventServer(status_of(200, "text/html"))
    stream, recorder = running(server)
    failed = recorder.wait_for(lambda s: s.status is S.ERROR)
    assert failed.error == "expected an event stream, got text/html"


@pytest.mark.parametrize("script", [stream_of(b": hi\n\n"), never_answer],
                         ids=["reading", "waiting-for-headers"])
def test_stop_ends_the_reader_at_once(running, script):
    server = EventServer(script)
    stream, recorder = running(server, ttl_s=60, timeout_s=60)
    deadline = time.monotonic() + 5
    while not server.last_event_ids:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    started = time.monotonic()
    stream.stop()
    stream.join(2)
    assert not stream.alive and time.monotonic() - started < 1.0


def test_the_scheduler_publishes_stream_states_on_the_loop_thread():
    server = EventServer(stream_of(b"id: 1\nevent: alert\ndata: {\"sev\": \"Extreme\"}\n\n"))
    spec = SourceSpec(id="events", kind="sse", url=server.url, ttl_s=30)

    async def scenario():
        hub = DataHub()
        threads = set()
        got_event = asyncio.Event()

        def on_state(state):
            threads.add(threading.get_ident())
            if state.value and state.value["last"]:
                got_event.set()

        hub.subscribe("events", on_state)
        scheduler = SourceScheduler([spec], hub)
        await scheduler.start()
        try:
            await asyncio.wait_for(got_event.wait(), 5)
            assert await scheduler.wait_for_first_answers(timeout_s=1) == set()
        finally:
            loop = asyncio.get_running_loop()
            started = loop.time()
            await scheduler.stop()
            assert loop.time() - started < 1.0
        assert not scheduler.streams["events"].alive
        assert hub.state("events").value["last"]["json"] == {"sev": "Extreme"}
        return threads, threading.get_ident()

    try:
        threads, loop_thread = asyncio.run(scenario())
    finally:
        server.stop()
    assert threads == {loop_thread}
