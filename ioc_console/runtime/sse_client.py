"""A Server-Sent Events stream kept alive in its own thread.

A stream is one long blocking read, so it gets a dedicated thread rather than a slot in
the polling executor. The reader:

* reconnects with ``Last-Event-ID`` so the server can replay what was missed;
* waits as long as the server's ``retry:`` asks before reconnecting, and backs off (with
  jitter) when reconnecting keeps failing;
* counts comment lines (``: heartbeat``) as proof of life, and uses the source's TTL as
  the socket read timeout: a stream silent for longer is declared disconnected and
  reconnected (a half-open TCP connection would otherwise look alive forever);
* stops promptly: :meth:`SseStream.stop` shuts the socket from the caller's thread.

It publishes :class:`SourceState` objects through the ``publish`` callback, from its own
thread; the scheduler forwards them to the event-loop thread.
"""

from __future__ import annotations

import codecs
import json
import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import Any

import requests
import urllib3

from ioc_console.data.errors import ParseError
from ioc_console.data.sse import SseEvent, SseParser
from ioc_console.model.sources import SecretUnavailable, SourceSpec

from . import freshness
from .backoff import Backoff
from .freshness import Failure, SourceState, SourceStatus
from .http_fetch import (
    CancelToken,
    FetchError,
    GuardedSession,
    auth_headers,
    describe_request_error,
    guarded,
)

log = logging.getLogger(__name__)

DEFAULT_RETRY_S = 3.0
"""Reconnection delay until the server sends ``retry:`` (what browsers use)."""
MIN_RETRY_S = 0.05
"""A ``retry: 0`` from a flapping server must not become a reconnection storm."""
MAX_RETRY_S = 60.0


def event_record(event: SseEvent) -> dict[str, Any]:
    """An event as tiles see it; ``json`` is the data decoded when it is JSON, else None."""
    try:
        decoded = json.loads(event.data)
    except ValueError:
        decoded = None
    return {"event": event.event, "data": event.data, "id": event.id, "json": decoded}


class SseStream:
    """One SSE source. ``start()`` once, ``stop()`` once; ``join()`` to wait for the thread."""

    def __init__(self, spec: SourceSpec, publish: Callable[[SourceState], None], *,
                 clock: Callable[[], datetime], keep: int = 200,
                 rng: random.Random | None = None) -> None:
        self.spec = spec
        self.publish = publish
        self.clock = clock
        self.ttl_s = spec.effective_ttl()
        self.parser = SseParser()
        self.events: deque[dict[str, Any]] = deque(maxlen=keep)
        self.connections = 0
        self.delays: deque[float] = deque(maxlen=50)  # reconnection delays, newest last
        self._backoff = Backoff(DEFAULT_RETRY_S, MAX_RETRY_S, rng, floor_s=DEFAULT_RETRY_S)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._cancel = CancelToken()  # shuts the stream's socket, whatever it waits for
        self._streaming = False  # connected and reading events (not connecting)
        self._last: SourceState | None = None
        self._published_at = 0.0  # monotonic time of the last publish
        self._thread = threading.Thread(target=self._run, name=f"sse-{spec.id}", daemon=True)

    # --- control, from any thread ----------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to end and unblock its read at once."""
        self._stop.set()
        self._wake.set()
        self._cancel.cancel()

    def reconnect_now(self) -> None:
        """Skip the wait before the next reconnection attempt (an operator's refresh)."""
        self._wake.set()

    def join(self, timeout: float | None = 5.0) -> None:
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    # --- the reader thread -----------------------------------------------------------------
    def _value(self) -> dict[str, Any]:
        return {"events": list(self.events), "last": self.events[-1] if self.events else None,
                "last_event_id": self.parser.last_event_id,
                "heartbeats": self.parser.heartbeats}

    def _emit(self, state: SourceState) -> None:
        self._last = state
        self._published_at = time.monotonic()
        if not self._stop.is_set():
            self.publish(state)

    def _alive_now(self) -> None:
        """Data or a heartbeat arrived (or the connection opened): the stream is live."""
        self._emit(freshness.succeeded(self.spec.id, self._value(), self.clock(), self.ttl_s))

    def _run(self) -> None:
        session = GuardedSession()
        try:
            while not self._stop.is_set():
                reason, failure = self._connect_once(session)
                if self._stop.is_set():
                    break
                self._emit(freshness.failed(self._last, self.spec.id, reason, failure,
                                            self.clock(), self.ttl_s))
                retry_ms = self.parser.retry_ms
                retry_s = DEFAULT_RETRY_S if retry_ms is None else retry_ms / 1000
                retry_s = min(MAX_RETRY_S, max(MIN_RETRY_S, retry_s))
                self._backoff.base_s = self._backoff.floor_s = retry_s
                self._backoff.cap_s = MAX_RETRY_S
                delay = self._backoff.next_delay()
                self.delays.append(delay)
                self._wake.wait(delay)
                self._wake.clear()
        finally:
            session.close()

    def _connect_once(self, session: GuardedSession) -> tuple[str, Failure]:
        """One connection, read until it ends; returns why it ended."""
        try:
            self._read(session)
            return "the server closed the event stream", Failure.UNREACHABLE
        except FetchError as error:
            return error.reason, (Failure.UNREACHABLE if error.unreachable
                                  else Failure.BAD_ANSWER)
        except SecretUnavailable as error:
            return f"credentials: {error}", Failure.BAD_ANSWER
        except ParseError as error:
            return str(error), Failure.BAD_ANSWER
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
            if self._stop.is_set():
                return "stopped", Failure.UNREACHABLE
            described = describe_request_error(error, self.spec.url, self.spec.timeout_s)
            if self._streaming:  # it was connected: the stream went silent or was cut
                if "timed out" in described.reason:
                    return f"no heartbeat for {self.ttl_s:g} s", Failure.UNREACHABLE
                return "the event stream was cut off", Failure.UNREACHABLE
            return described.reason, (Failure.UNREACHABLE if described.unreachable
                                      else Failure.BAD_ANSWER)
        except Exception as error:  # never let one odd frame kill the reader thread
            if self._stop.is_set():
                return "stopped", Failure.UNREACHABLE
            log.exception("event stream %s failed", self.spec.id)
            return f"stream failed: {type(error).__name__}", Failure.BAD_ANSWER
        finally:
            self._streaming = False

    def _fresh_parser(self) -> SseParser:
        """A clean parser per connection (a half-received event must not leak into the next
        stream) that remembers the last event ID, the retry delay and the heartbeats."""
        old = self.parser
        parser = SseParser()
        seed = ""
        if old.last_event_id is not None:
            seed += f"id: {old.last_event_id}\n"
        if old.retry_ms is not None:
            seed += f"retry: {old.retry_ms}\n"
        parser.feed(seed)  # no blank line: nothing is dispatched, the fields are set
        parser.last_event_id = old.last_event_id
        parser.heartbeats = old.heartbeats
        return parser

    def _read(self, session: GuardedSession) -> None:
        spec = self.spec
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache",
                   **spec.headers, **auth_headers(spec)}
        if self.parser.last_event_id:
            headers["Last-Event-ID"] = self.parser.last_event_id
        if spec.auth is not None and spec.auth.type == "header":
            session.secret_headers = frozenset([spec.auth.header])
        # connect timeout, then the read timeout is the heartbeat timeout
        with guarded(None, self._cancel), session.get(
                spec.url, headers=headers, stream=True,
                timeout=(spec.timeout_s, self.ttl_s)) as response:
            if response.status_code >= 300:
                raise FetchError(f"HTTP {response.status_code} {response.reason or ''}".strip())
            content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip()
            if content_type.lower() != "text/event-stream":
                raise FetchError(f"expected an event stream, got {content_type or 'no type'}")
            self.parser = self._fresh_parser()
            self._streaming = True
            self.connections += 1
            self._wake.clear()  # a refresh asked for before this connection is served
            self._alive_now()
            decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
            raw = response.raw
            while not self._stop.is_set():
                # read1 returns whatever arrived; iter_content would wait for a full chunk,
                # and a close-delimited stream has no chunks at all
                chunk = raw.read1(64 * 1024)
                if not chunk:
                    return
                heartbeats = self.parser.heartbeats
                events = self.parser.feed(decoder.decode(chunk))
                for event in events:
                    self.events.append(event_record(event))
                if events or self.parser.heartbeats != heartbeats:
                    # it delivered: a later drop starts the backoff over. (A server that
                    # accepts and hangs up at once keeps backing off instead.)
                    self._backoff.reset()
                if events or self._should_report_heartbeat(heartbeats):
                    self._alive_now()

    def _should_report_heartbeat(self, heartbeats_before: int) -> bool:
        """Heartbeats refresh the state's age, but at most a few times per TTL: republishing
        the same events every two seconds would make every bound tile redraw for nothing."""
        if self.parser.heartbeats == heartbeats_before:
            return False
        if self._last is None or self._last.status is not SourceStatus.LIVE:
            return True
        return time.monotonic() - self._published_at >= self.ttl_s / 4
