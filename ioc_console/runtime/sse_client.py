"""A Server-Sent Events stream kept alive in its own thread.

Reconnects with ``Last-Event-ID`` so no event is missed, waits as long as the server's
``retry:`` asks (longer after repeated failures), counts comment lines as heartbeats, and
declares the stream disconnected when neither a heartbeat nor an event arrives within the
source's TTL (the read timeout).
"""

from __future__ import annotations

import codecs
import logging
import threading
from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import Any

import requests

from ioc_console.data.sse import SseParser
from ioc_console.model.sources import SourceSpec

from .backoff import Backoff
from .freshness import SourceState, SourceStatus
from .http_fetch import FetchError, auth_headers

log = logging.getLogger(__name__)


class SseStream:
    def __init__(self, spec: SourceSpec, publish: Callable[[SourceState], None],
                 clock: Callable[[], datetime], keep: int = 200) -> None:
        self.spec = spec
        self.publish = publish
        self.clock = clock
        self.parser = SseParser()
        self.events: deque[dict[str, Any]] = deque(maxlen=keep)
        self.connections = 0
        self._stop = threading.Event()
        self._response: requests.Response | None = None
        self._thread = threading.Thread(target=self._run, name=f"sse-{spec.id}", daemon=True)
        self._received_at: datetime | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        response = self._response
        if response is not None:
            try:
                response.close()
            except Exception:  # closing from another thread may race the reader; harmless
                pass

    def join(self, timeout: float = 5) -> None:
        self._thread.join(timeout)

    def _state(self, status: SourceStatus, error: str | None = None) -> SourceState:
        value = {"events": list(self.events), "last": self.events[-1] if self.events else None,
                 "heartbeats": self.parser.heartbeats}
        return SourceState(self.spec.id, status, value if self.events else None,
                           self._received_at, error, False, self.spec.effective_ttl())

    def _run(self) -> None:
        backoff = Backoff(1.0, cap_s=60.0)
        session = requests.Session()
        while not self._stop.is_set():
            try:
                self._read(session)
                reason = "the stream ended"
            except FetchError as error:
                reason = str(error)
            except requests.exceptions.ConnectionError as error:
                reason = ("no heartbeat for "
                          f"{self.spec.effective_ttl():g} s" if "timed out" in str(error).lower()
                          else "cannot connect: connection refused"
                          if "refused" in str(error).lower() else "connection lost")
            except requests.RequestException as error:
                reason = f"stream failed: {type(error).__name__}"
            except Exception as error:  # never let one bad frame kill the reader thread
                reason = (f"no heartbeat for {self.spec.effective_ttl():g} s"
                          if "timed out" in str(error).lower() else f"stream failed: {error}")
            if self._stop.is_set():
                break
            self.publish(self._state(SourceStatus.DISCONNECTED, reason))
            delay = max((self.parser.retry_ms or 3000) / 1000, backoff.next_delay()
                        if backoff.failures else 0)
            if backoff.failures == 0:
                backoff.failures = 1
            self._stop.wait(delay)
        session.close()

    def _read(self, session: requests.Session) -> None:
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache",
                   **self.spec.headers, **auth_headers(self.spec)}
        if self.parser.last_event_id:
            headers["Last-Event-ID"] = self.parser.last_event_id
        timeout = (self.spec.timeout_s, self.spec.effective_ttl())
        with session.get(self.spec.url, headers=headers, stream=True,
                         timeout=timeout) as response:
            self._response = response
            if response.status_code >= 400:
                raise FetchError(f"HTTP {response.status_code} {response.reason or ''}".strip())
            self.connections += 1
            decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
            self.publish(self._state(SourceStatus.LIVE if self.events else
                                     SourceStatus.CONNECTING))
            raw = response.raw
            while not self._stop.is_set():
                # read1 hands over whatever arrived; iter_content would wait for a full chunk
                chunk = raw.read1(65536) if hasattr(raw, "read1") else raw.read(1)
                if not chunk:
                    return
                heartbeats = self.parser.heartbeats
                events = self.parser.feed(decoder.decode(chunk))
                if not events and self.parser.heartbeats == heartbeats:
                    continue
                self._received_at = self.clock()
                for event in events:
                    self.events.append({"event": event.event, "data": event.data,
                                        "id": event.id})
                self.publish(self._state(SourceStatus.LIVE))
