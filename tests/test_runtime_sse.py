"""Pushed events: resume after a drop with Last-Event-ID, honour retry, notice silence."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ioc_console.model.sources import SourceSpec
from ioc_console.runtime.freshness import SourceStatus
from ioc_console.runtime.sse_client import SseStream


class EventServer:
    """First connection: two events then hang up; later ones: one event then silence."""

    def __init__(self) -> None:
        self.last_event_ids: list[str | None] = []
        self.release = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                owner.last_event_ids.append(self.headers.get("Last-Event-ID"))
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                if len(owner.last_event_ids) == 1:
                    self.wfile.write(b"retry: 100\n\n: heartbeat\n\nid: 1\nevent: metric\n"
                                     b"data: {\"level\": 86.9}\n\nid: 2\ndata: b\n\n")
                    self.wfile.flush()
                    return
                self.wfile.write(b"id: 3\ndata: c\n\n")
                self.wfile.flush()
                owner.release.wait(10)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/events"

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def test_a_dropped_stream_resumes_after_the_last_event_and_silence_means_disconnected():
    server = EventServer()
    states = []
    seen = threading.Condition()

    def publish(state):
        with seen:
            states.append(state)
            seen.notify_all()

    spec = SourceSpec(id="events", kind="sse", url=server.url, ttl_s=0.8, timeout_s=2)
    stream = SseStream(spec, publish, clock=lambda: datetime.now(UTC))
    stream.start()
    try:
        with seen:
            assert seen.wait_for(lambda: any(
                s.status is SourceStatus.DISCONNECTED and s.value
                and s.value["last"]["id"] == "3" for s in states), timeout=10)
    finally:
        stream.stop()
        server.stop()
        stream.join()
    assert server.last_event_ids[:2] == [None, "2"]
    assert stream.parser.retry_ms == 100
    assert [e["data"] for e in stream.events] == ['{"level": 86.9}', "b", "c"]
    assert stream.parser.heartbeats >= 1
    last = states[-1]
    assert "no heartbeat" in last.error and last.value["last"]["data"] == "c"
