"""Incremental Server-Sent Events parser, following WHATWG HTML "Interpreting an event stream".

A hand-written parser (about 60 lines) instead of a client library: the runtime owns the HTTP
connection (reconnects, ``Last-Event-ID``, freshness), so only the wire format is needed, and
it must accept text split anywhere (a read may end in the middle of a line or between the CR
and the LF of a CRLF) and give exactly the events the whole stream would give.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ParseError

MAX_EVENT_CHARS = 4 * 1024 * 1024
"""A line or an event larger than this is refused: a broken or hostile server that never
sends a line end must not grow the console's memory without bound."""


@dataclass(frozen=True)
class SseEvent:
    """One dispatched event; ``id`` is the stream's last event ID at dispatch (None if unset)."""

    event: str
    data: str
    id: str | None

    def to_json(self) -> dict[str, str | None]:
        return {"event": self.event, "data": self.data, "id": self.id}


class SseParser:
    """Feed decoded text chunks, get complete events back.

    Attributes the runtime reads: ``last_event_id`` (send it as ``Last-Event-ID`` when
    reconnecting; ``None`` when unset or reset by an empty ``id:``), ``retry_ms`` (the
    server's reconnection delay, ``None`` until sent) and ``heartbeats`` (comment lines seen,
    which servers send to keep idle connections alive: proof the stream is alive).
    """

    def __init__(self, max_event_chars: int = MAX_EVENT_CHARS) -> None:
        self.max_event_chars = max_event_chars
        self.last_event_id: str | None = None
        self.retry_ms: int | None = None
        self.heartbeats = 0
        self._line = ""  # the partial line carried over from the previous chunk
        self._skip_lf = False  # the previous chunk ended with CR: a leading LF belongs to it
        self._started = False  # a BOM is stripped only at the very start of the stream
        self._data: list[str] = []
        self._data_chars = 0
        self._event = ""
        self._id_buffer = ""

    def feed(self, chunk: str) -> list[SseEvent]:
        """Parse ``chunk``; returns the events it completed (possibly none).

        Raises :class:`ParseError` when a line or an event exceeds ``max_event_chars``; the
        parser is then reset to a clean state (the caller should reconnect).
        """
        if not self._started and chunk:
            self._started = True
            chunk = chunk.removeprefix("\ufeff")
        if self._skip_lf and chunk:
            self._skip_lf = False
            if chunk[0] == "\n":
                chunk = chunk[1:]
        events: list[SseEvent] = []
        start = 0
        length = len(chunk)
        while start < length:
            cr = chunk.find("\r", start)
            lf = chunk.find("\n", start)
            ends = [pos for pos in (cr, lf) if pos >= 0]
            if not ends:
                self._line += chunk[start:]
                if len(self._line) > self.max_event_chars:
                    self._reset()
                    raise ParseError(f"event stream line longer than {self.max_event_chars} "
                                     "characters")
                break
            end = min(ends)
            line, self._line = self._line + chunk[start:end], ""
            start = end + 1
            if chunk[end] == "\r":
                if start < length:
                    if chunk[start] == "\n":
                        start += 1
                else:
                    self._skip_lf = True
            event = self._process(line)
            if event is not None:
                events.append(event)
        return events

    def _process(self, line: str) -> SseEvent | None:
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            self.heartbeats += 1
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
            self._data_chars += len(value) + 1
            if self._data_chars > self.max_event_chars:
                self._reset()
                raise ParseError(f"event stream event larger than {self.max_event_chars} "
                                 "characters")
        elif name == "id":
            if "\0" not in value:
                self._id_buffer = value
        elif name == "retry":
            if value.isascii() and value.isdigit():
                self.retry_ms = int(value)
        return None

    def _reset(self) -> None:
        self._line, self._data, self._data_chars, self._event = "", [], 0, ""

    def _dispatch(self) -> SseEvent | None:
        self.last_event_id = self._id_buffer or None
        data, event = self._data, self._event
        self._data, self._data_chars, self._event = [], 0, ""
        if not data:
            return None
        return SseEvent(event=event or "message", data="\n".join(data), id=self.last_event_id)


def parse_sse_text(text: str) -> tuple[list[SseEvent], SseParser]:
    """A complete stream (a saved file, a test body) -> its events and the final parser state.

    An event not terminated by a blank line at the end is discarded, as WHATWG says.
    """
    parser = SseParser()
    return parser.feed(text), parser
