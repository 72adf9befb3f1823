"""Faults injected on purpose, so tests and rehearsals can watch the console cope.

``POST /api/faults`` adds one (``{"path", "mode", "delay_s", "status", "times"}``; the path
is a prefix, ``times`` how many requests it spoils, null until cleared), ``GET`` lists them,
``DELETE`` clears them. ``drop_sse`` is an action, not a standing fault: it closes the event
streams open at that moment (clients are expected to reconnect with Last-Event-ID).
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass

MODES = ("slow", "status", "malformed", "truncated", "html", "drop_sse")
MAX_DELAY_S = 60.0

HTML_ERROR_PAGE = (b"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                   b"<title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>"
                   b"<p>nginx (injected fault, demo backend)</p></body></html>\n")


@dataclass
class Fault:
    path: str
    mode: str
    delay_s: float = 5.0
    status: int = 503
    times: int | None = None


def parse_fault(data: object) -> Fault:
    """A fault from the request body; ValueError names what is wrong."""
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object such as {\"path\": \"/api/kpi\", "
                         "\"mode\": \"status\", \"status\": 503}")
    mode = data.get("mode")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    path = data.get("path", "/")
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError("path must be a string starting with '/'")
    try:
        delay_s = float(data.get("delay_s", 5.0))
        status = int(data.get("status", 503))
    except (TypeError, ValueError):
        raise ValueError("delay_s must be a number and status an integer") from None
    if not 0 <= delay_s <= MAX_DELAY_S:
        raise ValueError(f"delay_s must be between 0 and {MAX_DELAY_S:g}")
    if not 100 <= status <= 599 or status in (204, 304):
        raise ValueError("status must be an HTTP status 100-599 that has a body")
    times = data.get("times")
    if times is not None and (not isinstance(times, int) or isinstance(times, bool)
                              or times < 1):
        raise ValueError("times must be a positive integer or null")
    return Fault(path, mode, delay_s, status, times)


class FaultBook:
    """The standing faults, and a counter that tells open event streams to close."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self.sse_generation = 0  # bumped by drop_sse: streams of older generations close

    def add(self, fault: Fault) -> None:
        with self._lock:
            if fault.mode == "drop_sse":
                self.sse_generation += 1
            else:
                self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def listing(self) -> list[dict]:
        with self._lock:
            return [asdict(fault) for fault in self._faults]

    def take(self, path: str) -> Fault | None:
        """The first fault matching ``path``, counting one use of it."""
        with self._lock:
            for fault in self._faults:
                if path.startswith(fault.path):
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            self._faults.remove(fault)
                    return Fault(**asdict(fault))
        return None


def spoil(body: bytes, mode: str) -> bytes:
    """What ``malformed`` and ``truncated`` do to a body."""
    if mode == "malformed":
        return body[: max(1, len(body) // 3)] + b"\x00}{<<]]>"
    if mode == "truncated":
        return body[: len(body) // 2]
    return body
