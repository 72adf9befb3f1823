"""The demo backend's HTTP server: routing, faults, conditional GETs, the event stream, and
start/stop. What each endpoint answers lives in its own module; this one only connects URLs
to them.

Built on the standard library's ``ThreadingHTTPServer`` on purpose: it runs inside the
console in a background thread, starts in milliseconds, one thread per connection makes
Server-Sent Events streams trivial, and there is nothing to install.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from . import cameras, cap_feed, event_stream, geo_layers, kpis, prometheus_api, series
from .catalog import catalog
from .faults import HTML_ERROR_PAGE, FaultBook, parse_fault, spoil
from .http_caching import ValidatorBook, not_modified
from .simulation import Simulation, simulated

log = logging.getLogger(__name__)

JSON_TYPE = "application/json; charset=utf-8"
GEOJSON_TYPE = "application/geo+json"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
CAP_TYPE = "application/cap+xml; charset=utf-8"
PNG_TYPE = "image/png"
SSE_TYPE = "text/event-stream; charset=utf-8"
MAX_BODY = 64 * 1024
POLL_INTERVAL_S = 0.05  # how fast serve_forever notices shutdown(): stop() stays well < 1 s


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    content_type: str
    conditional: bool = True  # send ETag / Last-Modified and answer 304 when unchanged
    headers: tuple[tuple[str, str], ...] = ()


def json_reply(value: object, status: int = 200, conditional: bool = True) -> Reply:
    body = json.dumps(value, ensure_ascii=False).encode("utf-8")
    return Reply(status, body, JSON_TYPE, conditional and status == 200)


def error_reply(status: int, message: str, **extra: object) -> Reply:
    return json_reply(simulated({"error": message, **extra}), status, conditional=False)


@dataclass(frozen=True)
class Request:
    """What a route needs from an HTTP request."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: bytes
    base_url: str
    t: float  # simulated time of the request

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else None


Route = Callable[["DemoBackend", Request, re.Match[str]], Reply]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Client disconnects are normal (a wall reloads, a test ends): no traceback."""
        log.debug("connection from %s ended with an error", client_address, exc_info=True)


class DemoBackend:
    """A real HTTP server with a simulated Lào Cai province (see the package docstring).

    ``port=0`` picks a free port (read :attr:`base_url`). ``seed`` and ``clock`` fix every
    value: the same seed at the same clock reading answers the same bytes. ``speed``
    multiplies the simulated clock; a flood hour lasts 60 s / speed. ``heartbeat_s`` spaces
    the SSE heartbeats and ``event_interval_s`` the event producer's ticks (tests with a fake
    clock set it high and call :meth:`produce_events_once`). ``sim`` is the
    :class:`~.simulation.Simulation`: ``backend.sim.replay_flood_from(hour)`` jumps into the
    flood replay without HTTP.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, seed: int = 7,
                 speed: float = 1.0, *, heartbeat_s: float = 2.0,
                 clock: Callable[[], float] | None = None,
                 event_interval_s: float = 2.0) -> None:
        self.sim = Simulation(seed, speed, clock or time.time)
        self.faults = FaultBook()
        self.events = event_stream.EventLog()
        self.producer = event_stream.EventProducer(self.sim, self.events, lambda: self.base_url)
        self.validators = ValidatorBook()
        self.heartbeat_s = heartbeat_s
        self.event_interval_s = event_interval_s
        self.stopping = threading.Event()
        self._server = _Server((host, port), self._handler_class())
        self._threads: list[threading.Thread] = []
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._started = False
        self._stopped = False

    # --- life cycle --------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        if host in ("0.0.0.0", ""):
            host = "127.0.0.1"  # listening everywhere: loopback is one address that works
        return f"http://{host}:{port}"

    def start(self) -> DemoBackend:
        """Serve in daemon threads; returns at once (the socket is already listening)."""
        with self._state_lock:
            if self._stopped:
                raise RuntimeError("a stopped DemoBackend cannot start again; make a new one")
            if self._started:
                return self
            self._started = True
        for target, name in ((self._serve, "demo-backend-http"),
                             (self._produce_events, "demo-backend-events")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        log.info("demo backend serving on %s (seed %s, speed %s)", self.base_url,
                 self.sim.seed, self.sim.speed)
        return self

    def stop(self) -> None:
        """Stop like a pulled cable, in well under a second: the listening socket, kept-alive
        connections and open event streams all close."""
        with self._state_lock:
            if self._stopped:
                return
            self._stopped = True
            started = self._started
        self.stopping.set()
        self.events.wake_all()
        if started:
            self._server.shutdown()
        self._server.server_close()
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for thread in self._threads:
            thread.join(timeout=0.5)

    def __enter__(self) -> DemoBackend:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _serve(self) -> None:
        self._server.serve_forever(poll_interval=POLL_INTERVAL_S)

    def _produce_events(self) -> None:
        self.produce_events_once()
        while not self.stopping.wait(self.event_interval_s):
            self.produce_events_once()

    def produce_events_once(self) -> None:
        """One tick of the event stream (tests with a fake clock call this themselves)."""
        try:
            self.producer.produce_once()
        except Exception:  # a bug here must not end the stream thread silently
            log.exception("the demo event producer failed")

    # --- routes ------------------------------------------------------------------------------
    def _catalog(self, request: Request, _match: re.Match[str]) -> Reply:
        return json_reply(catalog(request.base_url, request.t))

    def _scenario(self, request: Request, _match: re.Match[str]) -> Reply:
        return json_reply(self.sim.scenario(request.t))

    def _set_scenario(self, request: Request, match: re.Match[str]) -> Reply:
        if match["name"] == "flood":
            try:
                from_hour = float(request.param("from_hour") or _json_field(request.body,
                                                                             "from_hour", 0.0))
            except (TypeError, ValueError):
                return error_reply(400, "from_hour must be a number of flood hours")
            self.sim.start_flood(from_hour)
        else:
            self.sim.end_flood()
        self.produce_events_once()  # subscribers hear about it now, not at the next tick
        return json_reply(self.sim.scenario(), conditional=False)

    def _kpi(self, request: Request, match: re.Match[str]) -> Reply:
        value = kpis.kpi(self.sim, match["domain"], request.t)
        if value is None:
            return error_reply(404, f"no KPI domain {match['domain']!r}",
                               domains=list(kpis.DOMAINS))
        return json_reply(value)

    def _series(self, request: Request, match: re.Match[str]) -> Reply:
        since = request.param("since")
        if since is not None and not since.lstrip("-").isdigit():
            return error_reply(400, "since must be epoch milliseconds (an integer)")
        value = series.series(self.sim, match["id"], request.t,
                              int(since) if since is not None else None)
        if value is None:
            return error_reply(404, f"no series {match['id']!r}",
                               series=list(series.SERIES))
        return json_reply(value)

    def _geo(self, request: Request, match: re.Match[str]) -> Reply:
        value = geo_layers.layer(self.sim, match["layer"], request.t)
        if value is None:
            return error_reply(404, f"no map layer {match['layer']!r}",
                               layers=list(geo_layers.LAYERS))
        return Reply(200, json.dumps(value, ensure_ascii=False).encode(), GEOJSON_TYPE)

    def _cap_index(self, request: Request, _match: re.Match[str]) -> Reply:
        return Reply(200, cap_feed.atom(self.sim, request.t, request.base_url), ATOM_TYPE)

    def _cap_message(self, request: Request, match: re.Match[str]) -> Reply:
        message = cap_feed.find(self.sim, request.t, match["identifier"])
        if message is None:
            return error_reply(404, f"no CAP message {match['identifier']!r} in the feed")
        return Reply(200, cap_feed.cap_xml(message), CAP_TYPE)

    def _cameras(self, request: Request, _match: re.Match[str]) -> Reply:
        return json_reply(cameras.index(self.sim, request.t, request.base_url))

    def _camera(self, request: Request, match: re.Match[str]) -> Reply:
        camera_id = match["id"]
        if not cameras.known(camera_id):
            return error_reply(404, f"no camera {camera_id!r}")
        if not cameras.is_online(self.sim, camera_id, request.t):
            reply = error_reply(503, f"camera {camera_id} is offline")
            return Reply(reply.status, reply.body, reply.content_type, False,
                         (("Retry-After", "30"),))
        if match["what"] == "snapshot.png":
            return Reply(200, cameras.picture(self.sim, camera_id, request.t), PNG_TYPE)
        return json_reply(cameras.events(self.sim, camera_id, request.t))

    def _prometheus(self, request: Request, match: re.Match[str]) -> Reply:
        params = dict(request.query)
        if request.method == "POST":  # Prometheus also takes a form-encoded body
            params.update(parse_qs(request.body.decode("utf-8", "replace")))
        query = (params.get("query") or [""])[-1]
        try:
            if match["kind"] == "query":
                at = (params.get("time") or [None])[-1]
                moment = request.t if at is None else prometheus_api.parse_time(at)
                value = prometheus_api.instant(self.sim, query, moment)
            else:
                missing = [k for k in ("start", "end", "step") if not params.get(k)]
                if missing:
                    raise prometheus_api.BadQuery(f"missing parameter(s): {', '.join(missing)}")
                value = prometheus_api.range_query(
                    self.sim, query, prometheus_api.parse_time(params["start"][-1]),
                    prometheus_api.parse_time(params["end"][-1]),
                    prometheus_api.parse_step(params["step"][-1]))
        except prometheus_api.BadQuery as problem:
            return json_reply(prometheus_api.error(str(problem)), 400)
        return json_reply(value)

    def _list_faults(self, _request: Request, _match: re.Match[str]) -> Reply:
        return json_reply(simulated({"faults": self.faults.listing()}), conditional=False)

    def _add_fault(self, request: Request, _match: re.Match[str]) -> Reply:
        try:
            fault = parse_fault(json.loads(request.body or b"{}"))
        except ValueError as problem:  # json.JSONDecodeError is a ValueError too
            return error_reply(400, str(problem))
        self.faults.add(fault)
        log.info("fault injected: %s", fault)
        return json_reply(simulated({"added": fault.__dict__, "faults": self.faults.listing()}),
                          conditional=False)

    def _clear_faults(self, _request: Request, _match: re.Match[str]) -> Reply:
        self.faults.clear()
        return json_reply(simulated({"faults": []}), conditional=False)

    ROUTES: tuple[tuple[str, re.Pattern[str], Route], ...] = ()  # filled in below the class

    def _route(self, request: Request) -> Reply | None:
        for method, pattern, route in self.ROUTES:
            match = pattern.fullmatch(request.path)
            if match is not None and method == request.method:
                return route(self, request, match)
        if any(pattern.fullmatch(request.path) for _m, pattern, _r in self.ROUTES):
            return error_reply(405, f"{request.method} is not allowed on {request.path}")
        return None

    # --- HTTP plumbing -----------------------------------------------------------------------
    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        backend = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            server_version = "IOCDemoBackend/1.0"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                log.debug("%s " + format, self.address_string(), *args)

            def handle(self) -> None:
                with backend._connections_lock:
                    backend._connections.add(self.connection)
                try:
                    super().handle()
                except OSError:
                    pass  # the client went away (reset, broken pipe), or the backend stopped
                finally:
                    with backend._connections_lock:
                        backend._connections.discard(self.connection)

            def do_GET(self) -> None:  # noqa: N802
                backend._handle(self, "GET")

            def do_HEAD(self) -> None:  # noqa: N802
                backend._handle(self, "HEAD")

            def do_POST(self) -> None:  # noqa: N802
                backend._handle(self, "POST")

            def do_DELETE(self) -> None:  # noqa: N802
                backend._handle(self, "DELETE")

        return Handler

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        url = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(min(length, MAX_BODY)) if length > 0 else b""
        if length > MAX_BODY:
            handler.close_connection = True  # the unread rest would garble the next request
        request = Request("GET" if method == "HEAD" else method, url.path,
                          parse_qs(url.query), body, self._public_base(handler),
                          self.sim.now())
        head_only = method == "HEAD"
        fault = None
        if request.method == "GET" and not request.path.startswith("/api/faults"):
            fault = self.faults.take(request.path)
        if fault is not None and fault.mode == "slow":
            self.stopping.wait(fault.delay_s)
            fault = None
        if fault is not None and fault.mode == "status":
            reply = error_reply(fault.status, f"injected fault: HTTP {fault.status}")
            return self._send(handler, request, reply, head_only)
        if fault is not None and fault.mode == "html":
            reply = Reply(200, HTML_ERROR_PAGE, "text/html; charset=utf-8", False)
            return self._send(handler, request, reply, head_only)
        if request.path == "/api/events" and request.method == "GET":
            return self._stream_events(handler, head_only)
        try:
            reply = self._route(request) or error_reply(404, f"no such resource: {url.path}")
        except Exception:
            log.exception("demo backend failed on %s %s", method, handler.path)
            reply = error_reply(500, "internal error in the demo backend (see its log)")
        if fault is not None and fault.mode in ("malformed", "truncated"):
            reply = Reply(reply.status, spoil(reply.body, fault.mode), reply.content_type,
                          False)
        self._send(handler, request, reply, head_only)

    def _public_base(self, handler: BaseHTTPRequestHandler) -> str:
        """The base URL as the client reached us (matters when listening on 0.0.0.0)."""
        host = handler.headers.get("Host", "")
        if re.fullmatch(r"[A-Za-z0-9.\-]+(:\d{1,5})?|\[[0-9A-Fa-f:.]+\](:\d{1,5})?", host):
            return f"http://{host}"
        return self.base_url

    def _send(self, handler: BaseHTTPRequestHandler, request: Request, reply: Reply,
              head_only: bool) -> None:
        validators = None
        if reply.conditional and reply.status == 200:
            url = request.path + ("?" + handler.path.split("?", 1)[1] if "?" in handler.path
                                  else "")
            validators = self.validators.validators(url, reply.body, self.sim.clock())
            if not_modified(validators, handler.headers.get("If-None-Match"),
                            handler.headers.get("If-Modified-Since")):
                handler.send_response(304)
                handler.send_header("ETag", validators.etag)
                handler.send_header("Last-Modified", validators.last_modified_header)
                handler.send_header("Cache-Control", "no-cache")
                handler.end_headers()
                return
        handler.send_response(reply.status)
        handler.send_header("Content-Type", reply.content_type)
        handler.send_header("Content-Length", str(len(reply.body)))
        handler.send_header("Cache-Control", "no-cache")
        if validators is not None:
            handler.send_header("ETag", validators.etag)
            handler.send_header("Last-Modified", validators.last_modified_header)
        for name, value in reply.headers:
            handler.send_header(name, value)
        handler.end_headers()
        if not head_only:
            handler.wfile.write(reply.body)

    def _stream_events(self, handler: BaseHTTPRequestHandler, head_only: bool) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", SSE_TYPE)
        handler.send_header("Cache-Control", "no-cache")
        handler.send_header("Connection", "close")
        handler.send_header("X-Accel-Buffering", "no")
        handler.end_headers()
        handler.close_connection = True
        if head_only:
            return
        last = handler.headers.get("Last-Event-ID", "").strip()
        generation = self.faults.sse_generation

        def keep_going() -> bool:
            return not self.stopping.is_set() and self.faults.sse_generation == generation

        try:
            event_stream.stream(handler.wfile, self.events, int(last) if last.isdigit()
                                else None, self.heartbeat_s, keep_going)
        except OSError:
            pass  # the client left


def _json_field(body: bytes, name: str, default: object) -> object:
    try:
        value = json.loads(body) if body.strip() else {}
    except ValueError:
        return default
    return value.get(name, default) if isinstance(value, dict) else default


def _routes() -> tuple[tuple[str, re.Pattern[str], Route], ...]:
    table: list[tuple[str, str, Route]] = [
        ("GET", r"/api/catalog", DemoBackend._catalog),
        ("GET", r"/api/scenario", DemoBackend._scenario),
        ("POST", r"/api/scenario/(?P<name>flood|normal)", DemoBackend._set_scenario),
        ("GET", r"/api/kpi/(?P<domain>[A-Za-z0-9_]+)", DemoBackend._kpi),
        ("GET", r"/api/series/(?P<id>[A-Za-z0-9_]+)", DemoBackend._series),
        ("GET", r"/api/geo/(?P<layer>[A-Za-z0-9_]+)\.geojson", DemoBackend._geo),
        ("GET", r"/api/cap/feed\.atom", DemoBackend._cap_index),
        ("GET", r"/api/cap/(?P<identifier>[A-Za-z0-9_.\-]+)\.xml", DemoBackend._cap_message),
        ("GET", r"/api/cameras", DemoBackend._cameras),
        ("GET", r"/api/camera/(?P<id>[A-Za-z0-9_]+)/(?P<what>snapshot\.png|events)",
         DemoBackend._camera),
        ("GET", r"/api/prometheus/api/v1/(?P<kind>query|query_range)", DemoBackend._prometheus),
        ("POST", r"/api/prometheus/api/v1/(?P<kind>query|query_range)",
         DemoBackend._prometheus),
        ("GET", r"/api/faults", DemoBackend._list_faults),
        ("POST", r"/api/faults", DemoBackend._add_fault),
        ("DELETE", r"/api/faults", DemoBackend._clear_faults),
    ]
    return tuple((method, re.compile(pattern), route) for method, pattern, route in table)


DemoBackend.ROUTES = _routes()
