"""The demo backend: a real HTTP server with a simulated Lào Cai province.

Built on the standard library's ThreadingHTTPServer: it runs inside the console in a
background thread, starts in milliseconds, one thread per connection makes Server-Sent
Events streams trivial, and there is nothing to install.
"""

from __future__ import annotations

import hashlib
import json
import logging
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from . import prometheus_api
from .cap_feed import CapFeed
from .faults import FaultBook
from .geo_layers import CAMERAS, LAYERS, layer
from .simulation import GAUGES, LABEL, SERIES, Simulation, iso
from .snapshots import snapshot

log = logging.getLogger(__name__)

KPI_DOMAINS = ("socio_economic", "public_admin", "index766", "edocs", "investment", "health",
               "education", "tourism", "environment", "rivers", "rainfall", "traffic",
               "citizen_reports", "emergency", "dti")
TITLES = {
    "socio_economic": "Kinh tế - xã hội / Socio-economy",
    "public_admin": "Dịch vụ công / Public services", "index766": "Chỉ số 766 / 766 index",
    "edocs": "Văn bản điện tử / E-documents", "investment": "Đầu tư công / Public investment",
    "health": "Y tế / Health", "education": "Giáo dục / Education",
    "tourism": "Du lịch / Tourism", "environment": "Môi trường / Environment",
    "rivers": "Mực nước sông / River levels", "rainfall": "Lượng mưa / Rainfall",
    "traffic": "Giao thông / Traffic", "citizen_reports": "Phản ánh hiện trường / Reports",
    "emergency": "Thiệt hại thiên tai / Disaster toll", "dti": "Chỉ số DTI / DTI",
}


class EventLog:
    """Events for the SSE stream, numbered, with a bounded buffer for Last-Event-ID replays."""

    def __init__(self, keep: int = 500) -> None:
        self.events: deque[tuple[int, str, str]] = deque(maxlen=keep)
        self.next_id = 1
        self.changed = threading.Condition()

    def add(self, kind: str, data: dict) -> None:
        with self.changed:
            self.events.append((self.next_id, kind, json.dumps(data, ensure_ascii=False)))
            self.next_id += 1
            self.changed.notify_all()

    def after(self, last_id: int) -> list[tuple[int, str, str]]:
        with self.changed:
            return [e for e in self.events if e[0] > last_id]


class DemoBackend:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, seed: int = 7,
                 speed: float = 1.0, heartbeat_s: float = 2.0,
                 clock: Callable[[], float] | None = None, event_interval_s: float = 2.0):
        self.sim = Simulation(seed, speed, clock or time.time)
        self.cap = CapFeed(self.sim)
        self.faults = FaultBook()
        self.events = EventLog()
        self.heartbeat_s = heartbeat_s
        self.event_interval_s = event_interval_s
        self.stopping = threading.Event()
        self._announced: set[str] = set()
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._server.daemon_threads = True
        self._threads: list[threading.Thread] = []
        self._connections: set = set()
        self._connections_lock = threading.Lock()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> DemoBackend:
        for target, name in ((self._server.serve_forever, "demo-http"),
                             (self._produce_events, "demo-events")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        """Stop like a pulled cable: kept-alive connections close too, not only the port."""
        self.stopping.set()
        with self.events.changed:
            self.events.changed.notify_all()
        self._server.shutdown()
        self._server.server_close()
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self) -> DemoBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the event stream ------------------------------------------------------------------
    def _produce_events(self) -> None:
        while not self.stopping.wait(self.event_interval_s):
            self.produce_events_once()

    def produce_events_once(self) -> None:
        for gauge in self.sim.gauges():
            self.events.add("metric", {"station": gauge["id"], "water_level_m": gauge["level_m"],
                                       "alarm": gauge["alarm"], "ts": iso(self.sim.now()),
                                       "simulated": True})
        for message, _sent in self.cap.current():
            if message.identifier not in self._announced:
                self._announced.add(message.identifier)
                self.events.add("alert", {"id": message.identifier, "msgType":
                                          message.msg_type, "severity": message.severity,
                                          "headline": message.headline, "simulated": True})
        reports = self.sim.recent_reports()
        if reports:
            self.events.add("report", {**reports[0], "simulated": True})

    # --- answers -------------------------------------------------------------------------------
    def catalog(self) -> dict:
        base = self.base_url
        sources = [{"id": f"kpi_{d}", "kind": "json", "url": f"{base}/api/kpi/{d}",
                    "title": TITLES[d]} for d in KPI_DOMAINS]
        sources += [{"id": f"series_{s}", "kind": "json", "url": f"{base}/api/series/{s}",
                     "title": spec[0]} for s, spec in SERIES.items()]
        sources += [{"id": f"geo_{g}", "kind": "geojson", "url": f"{base}/api/geo/{g}.geojson",
                     "title": f"Lớp bản đồ {g} / Map layer {g}"} for g in LAYERS]
        sources += [
            {"id": "cap_alerts", "kind": "cap", "url": f"{base}/api/cap/feed.atom",
             "title": "Cảnh báo CAP / CAP alerts"},
            {"id": "events", "kind": "sse", "url": f"{base}/api/events",
             "title": "Sự kiện trực tiếp / Live events"},
            {"id": "systems_up", "kind": "prometheus",
             "url": f"{base}/api/prometheus/api/v1/query?query=up",
             "title": "Hệ thống thông tin hoạt động / Systems up"},
            {"id": "systems_latency", "kind": "prometheus",
             "url": f"{base}/api/prometheus/api/v1/query_range?query=probe_duration_seconds"
                    "&start={start}&end={end}&step=60".replace(
                        "{start}", str(int(self.sim.now() - 3600))).replace(
                        "{end}", str(int(self.sim.now()))),
             "title": "Độ trễ hệ thống / System latency"},
            {"id": "cameras", "kind": "json", "url": f"{base}/api/cameras",
             "title": "Camera / Cameras"},
        ]
        return {"sources": sources, "simulated": True, "label": LABEL}

    def cameras(self) -> dict:
        offline = self.sim.offline_cameras()
        events = self.sim.camera_events()
        return {"cameras": [{"id": cid, "name": name, "lat": lat, "lon": lon,
                             "online": cid not in offline,
                             "snapshot_url": f"{self.base_url}/api/camera/{cid}/snapshot.png",
                             "events": [
                                 {"box": e["box"], "label": e["type"], "score": e["score"],
                                  "time": e["time"]} for e in events if e["camera"] == cid][:3]}
                            for cid, name, lat, lon in CAMERAS],
                "simulated": True, "label": LABEL}

    def camera_picture(self, camera_id: str) -> bytes | None:
        if camera_id not in {c[0] for c in CAMERAS} or camera_id in self.sim.offline_cameras():
            return None
        gauge = GAUGES[0]
        level = self.sim.gauge_level(gauge)
        share = (level - gauge[6]) / (gauge[5][2] + 4 - gauge[6])
        phase = (self.sim.now() / 30) % 1.0
        return snapshot(share, phase)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        backend = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, fmt: str, *args: object) -> None:
                log.debug("%s " + fmt, self.address_string(), *args)

            def handle(self) -> None:
                with backend._connections_lock:
                    backend._connections.add(self.connection)
                try:
                    super().handle()
                except (BrokenPipeError, ConnectionResetError, OSError):
                    pass  # the client went away, or the backend stopped
                finally:
                    with backend._connections_lock:
                        backend._connections.discard(self.connection)

            def do_GET(self) -> None:  # noqa: N802
                backend._route(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                backend._route(self, "POST")

            def do_DELETE(self) -> None:  # noqa: N802
                backend._route(self, "DELETE")

        return Handler

    def _route(self, request: BaseHTTPRequestHandler, method: str) -> None:
        url = urlparse(request.path)
        path, query = url.path, parse_qs(url.query)
        if path.startswith("/api/faults"):
            return self._faults_endpoint(request, method)
        if method == "POST" and path in ("/api/scenario/flood", "/api/scenario/normal"):
            self.sim.start_flood() if path.endswith("flood") else self.sim.end_flood()
            return self._send_json(request, 200, self.sim.scenario(), cache=False)
        if method != "GET":
            return self._send_json(request, 405, {"error": f"{method} not allowed here"})
        fault = self.faults.take(path)
        if fault is not None and fault.mode == "slow":
            time.sleep(min(fault.delay_s, 60))
            fault = None
        if fault is not None and fault.mode == "status":
            return self._send_json(request, fault.status, {"error": "injected fault"})
        if fault is not None and fault.mode == "html":
            page = (b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
                    b"<body><h1>502 Bad Gateway</h1></body></html>")
            return self._send(request, 200, page, "text/html; charset=utf-8")
        if path == "/api/events":
            return self._stream_events(request)
        answer = self._answer(path, query)
        if answer is None:
            return self._send_json(request, 404, {"error": f"no such resource: {path}"})
        status, body, content_type = answer
        if fault is not None and fault.mode == "malformed":
            body = body[: max(1, len(body) // 3)] + b"\x00}{<<"
        if fault is not None and fault.mode == "truncated":
            body = body[: len(body) // 2]
        self._send(request, status, body, content_type, cache=status == 200)

    def _answer(self, path: str, query: dict) -> tuple[int, bytes, str] | None:
        json_type = "application/json; charset=utf-8"
        if path == "/api/catalog":
            return 200, _json(self.catalog()), json_type
        if path == "/api/scenario":
            return 200, _json(self.sim.scenario()), json_type
        if path.startswith("/api/kpi/"):
            value = self.sim.kpi(path.rsplit("/", 1)[1])
            return None if value is None else (200, _json(value), json_type)
        if path.startswith("/api/series/"):
            since = query.get("since", [None])[0]
            value = self.sim.series(path.rsplit("/", 1)[1], int(since) if since and
                                    since.isdigit() else None)
            return None if value is None else (200, _json(value), json_type)
        if path.startswith("/api/geo/") and path.endswith(".geojson"):
            name = path[len("/api/geo/"):-len(".geojson")]
            value = layer(self.sim, name, self.cap.areas())
            return None if value is None else (200, _json(value), "application/geo+json")
        if path == "/api/cap/feed.atom":
            return 200, self.cap.atom(self.base_url).encode(), "application/atom+xml"
        if path.startswith("/api/cap/") and path.endswith(".xml"):
            text = self.cap.message(path[len("/api/cap/"):-len(".xml")])
            return None if text is None else (200, text.encode(), "application/cap+xml")
        if path == "/api/cameras":
            return 200, _json(self.cameras()), json_type
        if path.startswith("/api/camera/"):
            parts = path.split("/")
            if len(parts) == 5 and parts[4] == "snapshot.png":
                picture = self.camera_picture(parts[3])
                if picture is None:
                    return 503, _json({"error": "camera offline"}), json_type
                return 200, picture, "image/png"
            if len(parts) == 5 and parts[4] == "events":
                events = [e for e in self.sim.camera_events() if e["camera"] == parts[3]]
                return 200, _json({"events": events, "simulated": True}), json_type
            return None
        if path == "/api/prometheus/api/v1/query":
            status, value = prometheus_api.query(self.sim, query.get("query", [""])[0])
            return status, _json(value), json_type
        if path == "/api/prometheus/api/v1/query_range":
            try:
                start, end, step = (float(query[k][0]) for k in ("start", "end", "step"))
            except (KeyError, ValueError):
                return 400, _json({"status": "error", "errorType": "bad_data",
                                   "error": "start, end and step are required numbers"}), \
                    json_type
            status, value = prometheus_api.query_range(self.sim, query.get("query", [""])[0],
                                                       start, end, step)
            return status, _json(value), json_type
        return None

    def _faults_endpoint(self, request: BaseHTTPRequestHandler, method: str) -> None:
        if method == "DELETE":
            self.faults.clear()
            return self._send_json(request, 200, {"faults": []}, cache=False)
        if method == "POST":
            length = int(request.headers.get("Content-Length") or 0)
            try:
                fault = self.faults.add(json.loads(request.rfile.read(length) or b"{}"))
            except (ValueError, TypeError) as error:
                return self._send_json(request, 400, {"error": str(error)})
            return self._send_json(request, 200, {"added": fault.__dict__}, cache=False)
        return self._send_json(request, 200, {"faults": self.faults.listing()}, cache=False)

    def _send_json(self, request: BaseHTTPRequestHandler, status: int, value: dict,
                   cache: bool = True) -> None:
        self._send(request, status, _json(value), "application/json; charset=utf-8",
                   cache=cache and status == 200)

    def _send(self, request: BaseHTTPRequestHandler, status: int, body: bytes,
              content_type: str, cache: bool = False) -> None:
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        if cache and request.headers.get("If-None-Match") == etag:
            request.send_response(304)
            request.send_header("ETag", etag)
            request.send_header("Content-Length", "0")
            request.end_headers()
            return
        request.send_response(status)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        request.send_header("Cache-Control", "no-cache")
        if cache:
            request.send_header("ETag", etag)
            request.send_header("Last-Modified", formatdate(usegmt=True))
        request.end_headers()
        request.wfile.write(body)

    def _stream_events(self, request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/event-stream; charset=utf-8")
        request.send_header("Cache-Control", "no-cache")
        request.send_header("Connection", "close")
        request.end_headers()
        request.close_connection = True
        generation = self.faults.sse_generation
        last = request.headers.get("Last-Event-ID", "")
        last_id = int(last) if last.isdigit() else self.events.next_id - 1
        write = request.wfile
        try:
            write.write(b"retry: 3000\n\n: connected\n\n")
            write.flush()
            next_beat = time.monotonic() + self.heartbeat_s
            while not self.stopping.is_set() and generation == self.faults.sse_generation:
                for event_id, kind, data in self.events.after(last_id):
                    write.write(f"id: {event_id}\nevent: {kind}\ndata: {data}\n\n".encode())
                    last_id = event_id
                if time.monotonic() >= next_beat:
                    write.write(b": heartbeat\n\n")
                    next_beat = time.monotonic() + self.heartbeat_s
                write.flush()
                with self.events.changed:
                    self.events.changed.wait(min(0.25, self.heartbeat_s))
        except (BrokenPipeError, ConnectionResetError, OSError):
            return


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")
