"""``ioc-console probe`` tells a technician what the console makes of a feed, in one JSON
document or one line of reason, against tiny loopback servers and files (no real network)."""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ioc_console.data.errors import ParseError
from ioc_console.data.probe import ProbeError, cli_probe, guess_kind, probe

FIXTURES = Path(__file__).parent / "fixtures"
CAP = FIXTURES / "cap"

Route = Callable[[BaseHTTPRequestHandler], None]


def send(status: int, body: bytes, content_type: str = "application/xml",
         headers: dict[str, str] | None = None) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)
    return route


class Server:
    """A loopback HTTP server whose routes a test sets; it counts every request by path."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                outer.hits.append(self.path)
                route = outer.routes.get(self.path)
                if route is None:
                    send(404, b"not found", "text/plain")(self)
                else:
                    route(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(monkeypatch) -> Iterator[Server]:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    srv = Server()
    for path in CAP.iterdir():
        srv.routes[f"/cap/{path.name}"] = send(200, path.read_bytes(), "application/cap+xml")
    yield srv
    srv.close()


def failure(target: str, kind: str | None = None, **kwargs: object) -> str:
    with pytest.raises(ProbeError) as caught:
        probe(target, kind, **kwargs)
    text = str(caught.value)
    assert "\n" not in text and "Traceback" not in text
    return text


# --- files ----------------------------------------------------------------------------------


def test_file_cap_message():
    result = probe(str(CAP / "minimal_12.xml"))
    assert result["kind"] == "cap" and result["problems"] == []
    (alert,) = result["alerts"]
    assert alert["identifier"] == "VN-LCI-IOC-SIM-20240909-0004"
    assert alert["areas"][0]["coordinates"][0][0] == [103.945, 22.515]
    json.dumps(result)


def test_file_index_follows_relative_links_and_lists_bad_messages_as_problems():
    result = probe(str(CAP / "index.atom"))
    assert [a["identifier"] for a in result["alerts"]] == [
        "VN-LCI-IOC-SIM-20240909-0004", "VN-LCI-MULTI-1"]
    (problem,) = result["problems"]
    assert problem["link"].endswith("/cap/truncated.xml")
    assert problem["error"].startswith("malformed XML at line 18")
    assert "truncated" in problem["error"]
    assert len(result["index"]) == 3


@pytest.mark.parametrize(("name", "kind"), [
    ("geojson/lao_cai.geojson", "geojson"),
    ("prometheus/vector.json", "prometheus"),
    ("sse/stream.txt", "sse"),
    ("cap/index.rss", "cap"),
])
def test_file_kind_is_guessed(name, kind):
    assert guess_kind((FIXTURES / name).read_bytes()) == kind


def test_file_kinds_give_data():
    geo = probe(str(FIXTURES / "geojson/lao_cai.geojson"))
    assert geo["kind"] == "geojson" and geo["data"]["type"] == "FeatureCollection"
    prom = probe(str(FIXTURES / "prometheus/matrix.json"))
    assert prom["kind"] == "prometheus" and prom["data"]["resultType"] == "matrix"
    sse = probe(str(FIXTURES / "sse/stream.txt"))
    assert sse["kind"] == "sse" and [e["id"] for e in sse["events"]] == ["4217", "4218"]
    assert (sse["retry_ms"], sse["heartbeats"]) == (5000, 1)


def test_plain_json_file_and_extract(tmp_path):
    path = tmp_path / "kpi.json"
    path.write_text('{"dossiers": {"on_time_pct": 97.2}}')
    assert probe(str(path)) == {"kind": "json", "data": {"dossiers": {"on_time_pct": 97.2}}}
    assert probe(str(path), extract="dossiers.on_time_pct")["data"] == 97.2
    assert probe(path.as_uri())["kind"] == "json"


def test_file_problems(tmp_path):
    assert failure(str(tmp_path / "nope.xml")) == "cannot read: No such file or directory"
    assert failure(str(tmp_path)) == "cannot read: it is a directory"
    assert failure(str(CAP / "html_error.html")) == (
        'expected a feed, got an HTML page ("502 Bad Gateway")')
    assert failure(str(CAP / "truncated.xml")).startswith(
        "malformed XML at line 18, column 46: truncated")
    broken = tmp_path / "broken.xml"
    broken.write_text("<alert>\n  <identifier>x</sender>\n</alert>")
    assert failure(str(broken)) == "malformed XML at line 2, column 18: mismatched tag"
    odd = tmp_path / "odd.txt"
    odd.write_text("hello")
    assert "cannot tell the kind" in failure(str(odd))
    assert "unknown kind 'xml'" in failure(str(odd), "xml")


# --- URLs -----------------------------------------------------------------------------------


def test_url_index_is_followed_over_http(server):
    result = probe(f"{server.url}/cap/index.atom")
    assert len(result["alerts"]) == 2 and len(result["problems"]) == 1
    assert "/cap/minimal_12.xml" in server.hits


def test_url_kinds_by_content_type(server):
    server.routes["/geo"] = send(200, (FIXTURES / "geojson/lao_cai.geojson").read_bytes(),
                                 "application/geo+json")
    server.routes["/q"] = send(200, (FIXTURES / "prometheus/vector.json").read_bytes(),
                               "application/json")
    assert probe(f"{server.url}/geo")["kind"] == "geojson"
    result = probe(f"{server.url}/q", extract="samples[0].metric.station")
    assert result == {"kind": "prometheus", "data": "lao_cai"}


def test_http_errors_are_one_line(server):
    server.routes["/down"] = send(503, b"busy", "text/plain")
    assert failure(f"{server.url}/down") == "HTTP 503 Service Unavailable"
    assert failure(f"{server.url}/missing") == "HTTP 404 Not Found"
    server.routes["/prom"] = send(
        422, (FIXTURES / "prometheus/error.json").read_bytes(), "application/json")
    assert failure(f"{server.url}/prom") == (
        'HTTP 422 Unprocessable Entity: prometheus: bad_data: 1:5: parse error: unexpected "}"')


def test_html_page_with_200_is_named(server):
    server.routes["/login"] = send(200, b"<html><head><title>SSO login</title></head></html>",
                                   "text/html; charset=utf-8")
    assert failure(f"{server.url}/login") == 'expected a feed, got an HTML page ("SSO login")'
    assert failure(f"{server.url}/login", "cap") == (
        'expected a CAP alert, got an HTML page ("SSO login")')


def test_truncated_body_is_reported(server):
    def short(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/cap+xml")
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        handler.wfile.write((CAP / "minimal_12.xml").read_bytes()[:200])
        handler.wfile.flush()
        handler.close_connection = True

    server.routes["/short"] = short
    assert failure(f"{server.url}/short") == (
        "truncated body: the connection closed after 200 bytes, 800 more were announced")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused():
    port = free_port()
    assert failure(f"http://127.0.0.1:{port}/feed") == (
        f"cannot connect to 127.0.0.1:{port}: Connection refused")


def test_silent_server_times_out_quickly():
    with socket.socket() as listener:  # accepts connections (kernel backlog), never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        port = listener.getsockname()[1]
        started = time.monotonic()
        text = failure(f"http://127.0.0.1:{port}/feed", timeout=0.3)
    assert time.monotonic() - started < 3
    assert text == f"timed out: the server to 127.0.0.1:{port} sent no answer within 0.3 s"


def test_web_index_may_not_point_the_probe_at_local_files(server, tmp_path):
    index = (CAP / "index.atom").read_text().replace(
        'href="multi_info.xml"', f'href="{(CAP / "multi_info.xml").as_uri()}"')
    server.routes["/evil.atom"] = send(200, index.encode(), "application/atom+xml")
    result = probe(f"{server.url}/evil.atom")
    refused = [p for p in result["problems"] if p["link"].startswith("file:")]
    assert refused and "refusing to follow a file link" in refused[0]["error"]


# --- DTD: nothing is fetched ----------------------------------------------------------------


_AUDIT: dict[str, object] = {"record": None, "installed": False}


def _audit(event: str, args: tuple) -> None:
    record = _AUDIT["record"]
    if isinstance(record, list) and event == "open" and args and isinstance(args[0], str):
        record.append(args[0])


@pytest.fixture
def opened_files() -> Iterator[list[str]]:
    """Every file path opened while the test runs, seen by an audit hook (hooks cannot be
    removed, so it is installed once, on first use, and records only while a test asks)."""
    if not _AUDIT["installed"]:
        sys.addaudithook(_audit)
        _AUDIT["installed"] = True
    record: list[str] = []
    _AUDIT["record"] = record
    yield record
    _AUDIT["record"] = None


def dtd_document(server: Server, secret: Path) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE alert SYSTEM "{server.url}/evil.dtd" [
  <!ENTITY file SYSTEM "{secret}">
  <!ENTITY web SYSTEM "{server.url}/entity">
  <!ENTITY % remote SYSTEM "{server.url}/param.dtd">
  %remote;
]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>&file;</identifier><sender>&web;</sender>
</alert>""".encode()


def test_dtd_causes_no_fetch_of_files_or_urls(server, tmp_path, opened_files):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    body = dtd_document(server, secret)
    for path in ("/evil.dtd", "/entity", "/param.dtd"):
        server.routes[path] = send(200, b"<!ENTITY x 'y'>", "application/xml-dtd")
    server.routes["/alert.xml"] = send(200, body, "application/cap+xml")
    document = tmp_path / "alert.xml"
    document.write_bytes(body)
    opened_files.clear()  # the writes above were the test's own

    over_http = failure(f"{server.url}/alert.xml")
    from_file = failure(str(document))
    as_cap = failure(str(document), "cap")

    for text in (over_http, from_file, as_cap):
        assert text.startswith("refused: the document declares a DTD")
        assert "TOP SECRET" not in text
    assert server.hits == ["/alert.xml"]  # only the document itself: 0 DTD/entity fetches
    assert str(secret) not in opened_files
    assert str(document) in opened_files  # the hook does see the probe's own reads


# --- SSE over HTTP --------------------------------------------------------------------------


def sse_route(lines: list[str], pause: float = 0.05, hold: float = 3.0) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.send_header("Cache-Control", "no-cache")
        handler.end_headers()
        try:
            for line in lines:
                handler.wfile.write(line.encode())
                handler.wfile.flush()
                time.sleep(pause)
            end = time.monotonic() + hold
            while time.monotonic() < end:  # keep the stream open like a real server
                time.sleep(0.05)
        except OSError:
            pass
    return route


def test_sse_stream_stops_after_n_events(server):
    server.routes["/events"] = sse_route(
        ["retry: 2000\n\n", ": hb\n\n"]
        + [f"id: {i}\nevent: metric\ndata: {{\"n\": {i}}}\n\n" for i in range(10)])
    started = time.monotonic()
    result = probe(f"{server.url}/events", sse_max_events=3)
    assert time.monotonic() - started < 2
    assert result["kind"] == "sse"
    assert [e["id"] for e in result["events"]] == ["0", "1", "2"]
    assert result["events"][0] == {"event": "metric", "data": '{"n": 0}', "id": "0"}
    assert (result["retry_ms"], result["heartbeats"]) == (2000, 1)
    assert result["stopped"] == "3 events read"


def test_sse_stream_stops_after_t_seconds_even_if_silent(server):
    server.routes["/quiet"] = sse_route(["data: one\n\n", "data: partial"], hold=5)
    started = time.monotonic()
    result = probe(f"{server.url}/quiet", sse_seconds=0.5)
    assert time.monotonic() - started < 2
    assert [e["data"] for e in result["events"]] == ["one"]
    assert result["stopped"] == "time limit"


def test_endless_body_of_another_kind_is_cut_off(server, monkeypatch):
    monkeypatch.setattr("ioc_console.data.fetch.BODY_TIME_FACTOR", 0.5)
    server.routes["/drip"] = sse_route([": hb\n\n"] * 40, pause=0.05, hold=0)
    started = time.monotonic()
    text = failure(f"{server.url}/drip", "json", timeout=1.0)
    assert time.monotonic() - started < 2
    assert text == "body still arriving after 0.5 s (an event stream? try --kind sse)"


def test_sse_kind_forced_on_a_url(server):
    server.routes["/plain"] = send(200, b"data: x\n\n", "text/plain")
    result = probe(f"{server.url}/plain", "sse")
    assert result["events"] == [{"event": "message", "data": "x", "id": None}]
    assert result["stopped"] == "server closed the stream"


# --- command line ---------------------------------------------------------------------------


def test_cli_probe_prints_json_and_returns_0(capsys):
    assert cli_probe(str(CAP / "minimal_12.xml"), None) == 0
    out, err = capsys.readouterr()
    assert err == ""
    data = json.loads(out)
    assert data["alerts"][0]["event"] == "Lũ đặc biệt lớn trên sông Hồng (MÔ PHỎNG)"
    assert "Lũ" in out  # ensure_ascii=False: Vietnamese stays readable
    assert out.startswith('{\n  "kind": "cap"')  # indent=2


@pytest.mark.parametrize("target_name", ["truncated.xml", "html_error.html", "nope.xml"])
def test_cli_probe_failure_is_one_stderr_line_and_exit_1(capsys, target_name):
    target = str(CAP / target_name)
    assert cli_probe(target, None) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"{target}: ")
    assert "Traceback" not in err


def test_cli_probe_connection_refused_and_internal_errors(capsys, monkeypatch):
    port = free_port()
    target = f"http://127.0.0.1:{port}/x"
    assert cli_probe(target, "json") == 1
    expected = f"{target}: cannot connect to 127.0.0.1:{port}: Connection refused\n"
    assert capsys.readouterr().err == expected

    def explode(*args: object, **kwargs: object) -> dict:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr("ioc_console.data.probe.probe", explode)
    assert cli_probe("x", None) == 1
    assert capsys.readouterr().err == "x: internal error: RuntimeError: boom second line\n"


def test_probe_error_is_a_parse_error():
    assert issubclass(ProbeError, ParseError) and issubclass(ProbeError, ValueError)
