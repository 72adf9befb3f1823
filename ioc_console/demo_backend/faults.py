"""Faults injected for tests: slow, failing, malformed, truncated or HTML answers, dropped
event streams. ``POST /api/faults`` adds one, ``DELETE /api/faults`` clears them."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass

MODES = ("slow", "status", "malformed", "truncated", "html", "drop_sse")


@dataclass
class Fault:
    path: str
    mode: str
    delay_s: float = 5.0
    status: int = 503
    times: int | None = None


class FaultBook:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self.sse_generation = 0  # bumped by drop_sse: streams of older generations close

    def add(self, data: dict) -> Fault:
        mode = data.get("mode")
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}")
        fault = Fault(str(data.get("path", "/")), mode, float(data.get("delay_s", 5.0)),
                      int(data.get("status", 503)), data.get("times"))
        with self._lock:
            if mode == "drop_sse":
                self.sse_generation += 1
            else:
                self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def listing(self) -> list[dict]:
        with self._lock:
            return [asdict(f) for f in self._faults]

    def take(self, path: str) -> Fault | None:
        """The fault for ``path``, counting one use of it."""
        with self._lock:
            for fault in self._faults:
                if path.startswith(fault.path):
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            self._faults.remove(fault)
                    return fault
        return None
