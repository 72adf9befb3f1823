"""One request, one clear line when it fails; conditional requests spare the backend."""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ioc_console.model.sources import SourceSpec
from ioc_console.runtime.http_fetch import (
    CancelToken,
    FetchCancelled,
    FetchError,
    fetch,
    request_url,
    where,
)

SECRET = "s3cr3t-Value-do-not-print"


class Backend:
    """A loopback HTTP server for the runtime tests. Set what it answers (``body``,
    ``status``, ``truncate``, ``hold``) or replace the whole answer with ``respond``; it
    records the headers of every request. ``hold`` keeps requests waiting on a
    threading.Event (released by ``stop``), so timeouts are tested without racing sleeps.
    """

    def __init__(self, port: int = 0,
                 respond: Callable[[BaseHTTPRequestHandler], None] | None = None) -> None:
        self.body = b'{"level": 1}'
        self.content_type = "application/json"
        self.status = 200
        self.truncate = False
        self.hold = False
        self.respond = respond
        self.release = threading.Event()
        self.headers: list[dict[str, str]] = []
        self.paths: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                owner.headers.append(dict(self.headers))
                owner.paths.append(self.path)
                try:
                    owner.answer(self)
                except OSError:  # the client hung up: that is what some tests do
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/data"

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        if self.respond is not None:
            return self.respond(handler)
        if self.hold:
            self.release.wait(30)
        body = self.body
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        if self.status == 200 and handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return
        handler.send_response(self.status)
        handler.send_header("Content-Type", self.content_type)
        handler.send_header("ETag", etag)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body[: len(body) // 2] if self.truncate else body)

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server():
    backend = Backend()
    yield backend
    backend.stop()


@pytest.fixture
def scripted():
    servers = []

    def make(respond):
        servers.append(Backend(respond=respond))
        return servers[-1]

    yield make
    for each in servers:
        each.stop()


def spec_for(url: str, **extra) -> SourceSpec:
    return SourceSpec(id="s", kind="json", url=url, **extra)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unchanged_resource_is_answered_304_and_stays_fresh(server):
    first = fetch(spec_for(server.url))
    assert (first.status, first.body, first.not_modified) == (200, b'{"level": 1}', False)
    assert first.validators == {"If-None-Match": first.etag}
    second = fetch(spec_for(server.url), validators=first.validators)
    assert second.not_modified and second.body == b""
    assert server.headers[-1]["If-None-Match"] == first.etag
    server.body = b'{"level": 2}'
    third = fetch(spec_for(server.url), validators=first.validators)
    assert not third.not_modified and third.body == b'{"level": 2}'


def test_a_server_slower_than_the_timeout_times_out(server):
    server.hold = True  # held on a threading.Event until the fixture stops the server
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"^timed out after 0.3 s$") as caught:
        fetch(spec_for(server.url, timeout_s=0.3))
    assert caught.value.unreachable
    assert time.monotonic() - started < 2


def test_a_trickling_server_cannot_hold_a_worker_past_the_timeout(scripted):
    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        while not owner.release.is_set():  # one byte at a time: no read ever times out
            handler.wfile.write(b" ")
            handler.wfile.flush()
            owner.release.wait(0.05)

    owner = scripted(trickle)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"^timed out after 0.6 s$"):  # 2 x timeout_s
        fetch(spec_for(owner.url, timeout_s=0.3))
    assert time.monotonic() - started < 3


def test_a_refused_connection_names_host_and_port_only():
    port = free_port()
    url = f"http://127.0.0.1:{port}/api/kpi?token={SECRET}"
    with pytest.raises(FetchError) as caught:
        fetch(spec_for(url))
    assert str(caught.value) == f"cannot connect to 127.0.0.1:{port}: connection refused"
    assert caught.value.unreachable


def test_an_http_error_is_one_line_and_not_unreachable(server):
    server.status = 503
    with pytest.raises(FetchError, match=r"^HTTP 503 Service Unavailable$") as caught:
        fetch(spec_for(server.url))
    assert not caught.value.unreachable
    server.status = 404
    with pytest.raises(FetchError, match=r"^HTTP 404 Not Found$"):
        fetch(spec_for(server.url))


def test_a_truncated_body_says_how_much_arrived(server):
    server.truncate = True
    with pytest.raises(FetchError, match=r"^response truncated: got 6 of 12 bytes$"):
        fetch(spec_for(server.url))


def test_a_body_larger_than_the_limit_is_refused(server):
    server.body = b"[" + b"1," * 40000 + b"1]"
    with pytest.raises(FetchError, match="response too large"):
        fetch(spec_for(server.url), max_bytes=1024 * 1024 // 32)


def test_cancel_aborts_a_request_that_is_reading(scripted):
    reading = threading.Event()

    def hold(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "10")
        handler.end_headers()
        handler.wfile.write(b"12345")
        handler.wfile.flush()
        reading.set()
        owner.release.wait(10)

    owner = scripted(hold)
    token = CancelToken()
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(_catch(
        lambda: fetch(spec_for(owner.url, timeout_s=30), cancel=token))))
    worker.start()
    assert reading.wait(5)
    started = time.monotonic()
    token.cancel()
    worker.join(5)
    assert not worker.is_alive() and time.monotonic() - started < 2
    assert isinstance(outcome[0], FetchCancelled)
    with pytest.raises(FetchCancelled):  # once cancelled, nothing new starts
        fetch(spec_for(owner.url), cancel=token)


def test_cancel_aborts_a_request_still_waiting_for_the_answer(server):
    server.hold = True
    token = CancelToken()
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(_catch(
        lambda: fetch(spec_for(server.url, timeout_s=60), cancel=token))))
    worker.start()
    deadline = time.monotonic() + 5
    while not server.headers:  # until the request is at the server
        assert time.monotonic() < deadline
        time.sleep(0.01)
    token.cancel()
    worker.join(2)
    assert not worker.is_alive() and isinstance(outcome[0], FetchCancelled)


def _catch(call):
    try:
        return call()
    except Exception as error:
        return error


def test_a_bearer_token_is_sent_from_the_environment_and_never_shown(server, monkeypatch):
    monkeypatch.setenv("IOC_TEST_TOKEN", SECRET)
    spec = spec_for(server.url, auth={"type": "bearer", "token": {"env": "IOC_TEST_TOKEN"}})
    fetch(spec)
    assert server.headers[-1]["Authorization"] == f"Bearer {SECRET}"
    monkeypatch.delenv("IOC_TEST_TOKEN")
    with pytest.raises(FetchError) as caught:
        fetch(spec)
    assert str(caught.value) == "credentials: environment variable IOC_TEST_TOKEN is not set"


def test_basic_auth_and_custom_headers(server, monkeypatch):
    monkeypatch.setenv("IOC_PW", "pa:ss")
    fetch(spec_for(server.url, headers={"X-Tenant": "lao-cai"},
                   auth={"type": "basic", "username": "ioc", "password": {"env": "IOC_PW"}}))
    sent = server.headers[-1]
    assert sent["Authorization"] == "Basic aW9jOnBhOnNz" and sent["X-Tenant"] == "lao-cai"
    assert sent["User-Agent"] == "ioc-wall-console"


def test_an_api_key_is_not_sent_on_to_another_host_after_a_redirect(scripted, monkeypatch):
    monkeypatch.setenv("IOC_KEY", SECRET)
    target = scripted(lambda h: (h.send_response(200), h.send_header("Content-Length", "2"),
                                 h.end_headers(), h.wfile.write(b"{}")))
    origin = scripted(lambda h: (h.send_response(302), h.send_header("Location", target.url),
                                 h.send_header("Content-Length", "0"), h.end_headers()))
    spec = spec_for(origin.url, auth={"type": "header", "header": "X-API-Key",
                                      "value": {"env": "IOC_KEY"}})
    assert fetch(spec).body == b"{}"
    assert origin.headers[-1]["X-API-Key"] == SECRET
    assert "X-API-Key" not in target.headers[-1]


def test_prometheus_sources_ask_the_query_api():
    instant = SourceSpec(id="p", kind="prometheus", url="http://prom:9090/", query="up")
    assert request_url(instant) == "http://prom:9090/api/v1/query?query=up"
    ranged = instant.model_copy(update={"range_s": 3600.0, "step_s": 60.0})
    assert request_url(ranged, now=1_000_000.0) == (
        "http://prom:9090/api/v1/query_range?query=up&start=996400.000&end=1000000.000&step=60")


def test_a_file_source_is_read_like_a_get(tmp_path):
    path = tmp_path / "kpi.json"
    path.write_bytes(b'{"ok": true}')
    assert fetch(spec_for(path.as_uri())).body == b'{"ok": true}'
    with pytest.raises(FetchError, match="cannot read"):
        fetch(spec_for((tmp_path / "missing.json").as_uri()))


def test_a_relative_url_without_a_backend_is_explained():
    with pytest.raises(FetchError, match="relative: set the layout's backend"):
        fetch(spec_for("/api/kpi/rivers"))


def test_messages_show_host_and_port_never_credentials_or_query():
    assert where(f"https://ioc.example:8443/a/b?token={SECRET}") == "ioc.example:8443"
    assert where("http://ioc.example/x") == "ioc.example"
