"""``GET /api/events``: Server-Sent Events (WHATWG HTML §9.2) with replay after a reconnect.

Events are numbered by one counter and kept in a bounded buffer, so a client that comes back
with ``Last-Event-ID: n`` gets every buffered event after ``n`` first, then live ones. The
stream opens with ``retry: 3000`` and sends a ``: heartbeat`` comment every ``heartbeat_s``
so a client (and any proxy) can tell a quiet stream from a dead one.

Types: ``metric`` (gauge levels, every tick), ``alert`` (a CAP message appeared), ``report``
(a citizen's report), ``camera`` (an AI-camera detection). Each alert, report and camera
event is announced once, the first time the producer sees it.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import BinaryIO

from . import cap_feed, hydrology, incidents
from .places import GAUGES
from .simulation import Simulation, iso, simulated

BUFFER_SIZE = 500
RETRY_MS = 3000
MAX_NEW_PER_TICK = 5  # at high speed many reports pass per tick: announce the newest only
WAKE_S = 0.1  # how often a stream checks for stop / drop even without events


class EventLog:
    """Numbered events with a bounded buffer for Last-Event-ID replays."""

    def __init__(self, keep: int = BUFFER_SIZE) -> None:
        self._events: deque[tuple[int, str, str]] = deque(maxlen=keep)
        self._next_id = 1
        self.changed = threading.Condition()

    def add(self, kind: str, data: dict) -> int:
        with self.changed:
            event_id = self._next_id
            self._events.append((event_id, kind, json.dumps(data, ensure_ascii=False)))
            self._next_id += 1
            self.changed.notify_all()
            return event_id

    @property
    def last_id(self) -> int:
        with self.changed:
            return self._next_id - 1

    def after(self, last_id: int) -> list[tuple[int, str, str]]:
        with self.changed:
            return [event for event in self._events if event[0] > last_id]

    def wait(self, timeout: float) -> None:
        with self.changed:
            self.changed.wait(timeout)

    def wake_all(self) -> None:
        with self.changed:
            self.changed.notify_all()


class _Seen:
    """Identifiers already announced (bounded: the oldest are forgotten first)."""

    def __init__(self, keep: int = 5000) -> None:
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._keep = keep

    def __contains__(self, identifier: str) -> bool:
        return identifier in self._ids

    def add(self, identifier: str) -> None:
        self._ids[identifier] = None
        while len(self._ids) > self._keep:
            self._ids.popitem(last=False)


class EventProducer:
    """Turns the simulation into stream events; ``produce_once`` is one tick."""

    def __init__(self, sim: Simulation, log: EventLog, base_url: Callable[[], str]) -> None:
        self.sim = sim
        self.log = log
        self.base_url = base_url
        self._seen = _Seen()
        self._lock = threading.Lock()
        self._first_tick = True

    def produce_once(self) -> None:
        with self._lock:
            t = self.sim.now()
            for gauge in GAUGES:
                reading = hydrology.gauge_reading(self.sim, gauge, t)
                self.log.add("metric", simulated({
                    "station": gauge.id, "name": gauge.name, "water_level_m": reading["level_m"],
                    "alarm": reading["alarm"], "trend_m_per_h": reading["trend_m_per_h"],
                    "ts": iso(t)}))
            for message in reversed(cap_feed.messages(self.sim, t)):  # oldest first
                if message.identifier not in self._seen:
                    self._seen.add(message.identifier)
                    self.log.add("alert", simulated(message.summary(self.base_url())))
            self._announce("report", incidents.recent_reports(self.sim, t, MAX_NEW_PER_TICK))
            self._announce("camera", incidents.recent_camera_events(self.sim, t,
                                                                     MAX_NEW_PER_TICK))
            self._first_tick = False

    def _announce(self, kind: str, newest_first: list[dict]) -> None:
        fresh = [item for item in newest_first if f"{kind}:{item['id']}" not in self._seen]
        if self._first_tick:
            fresh = fresh[:1]  # on start-up, the latest one only, not a backlog
        for item in newest_first:
            self._seen.add(f"{kind}:{item['id']}")
        for item in reversed(fresh):
            self.log.add(kind, simulated(item))


def stream(out: BinaryIO, log: EventLog, last_event_id: int | None, heartbeat_s: float,
           keep_going: Callable[[], bool]) -> None:
    """Write the stream to ``out`` until ``keep_going()`` is false or the client leaves.

    Without ``last_event_id`` the client gets only events from now on; with one, every
    buffered event after it first (all of them for an id this backend never issued, i.e.
    one from before a restart). Raises OSError when the client has gone.
    """
    last = log.last_id if last_event_id is None else last_event_id
    if last > log.last_id:
        last = 0  # an id from before a restart of this backend: everything here is new
    out.write(f"retry: {RETRY_MS}\n\n".encode())
    out.flush()
    next_beat = time.monotonic() + heartbeat_s
    while keep_going():
        pending = log.after(last)
        for event_id, kind, data in pending:
            out.write(f"id: {event_id}\nevent: {kind}\ndata: {data}\n\n".encode())
            last = event_id
        if time.monotonic() >= next_beat:
            out.write(b": heartbeat\n\n")
            next_beat = time.monotonic() + heartbeat_s
        out.flush()
        log.wait(max(0.0, min(WAKE_S, next_beat - time.monotonic())))
