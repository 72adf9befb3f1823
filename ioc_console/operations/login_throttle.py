"""Slowing down password guessing at the desk: after five wrong passwords in a row for a
name, the next attempt has to wait 2 s, then 4, 8 ... up to 60 s; a correct one resets.

Counted per name, known or not, so the answers do not tell which accounts exist. The throttle
only says how long to wait (the dialog shows it); it never sleeps. Its state is a plain dict
handed to ``save`` after every change, so a restart does not reset a lockout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .accounts import normalise_name

FREE_FAILURES = 5
FIRST_WAIT_S = 2.0
MAX_WAIT_S = 60.0
MAX_NAMES = 200  # somebody typing random names must not grow the saved state for ever


class LoginThrottle:
    def __init__(self, clock: Callable[[], float], saved: dict[str, Any] | None = None,
                 save: Callable[[dict[str, Any]], None] | None = None) -> None:
        """``clock`` gives seconds since the epoch (wall time, so a saved lockout means the
        same after a restart)."""
        self.clock = clock
        self._save = save or (lambda _state: None)
        self._failures: dict[str, dict[str, float]] = {}
        for name, entry in (saved or {}).items():
            try:
                self._failures[name] = {"count": int(entry["count"]), "last": float(entry["last"])}
            except (KeyError, TypeError, ValueError):
                continue  # a damaged entry is forgotten rather than blocking the desk

    @staticmethod
    def delay_after(failures: int) -> float:
        """How long the attempt after ``failures`` consecutive failures has to wait."""
        if failures < FREE_FAILURES:
            return 0.0
        return min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** (failures - FREE_FAILURES))

    def wait_s(self, name: str) -> float:
        """Seconds before ``name`` may try again; 0 when it may try now."""
        entry = self._failures.get(normalise_name(name))
        if entry is None:
            return 0.0
        delay = self.delay_after(int(entry["count"]))
        # clamped: a clock set back must not turn a 2 s wait into hours
        return max(0.0, min(delay, entry["last"] + delay - self.clock()))

    def failed(self, name: str) -> float:
        """Count a wrong password; returns the wait before the next attempt."""
        key = normalise_name(name)
        entry = self._failures.pop(key, {"count": 0, "last": 0.0})
        self._failures[key] = {"count": entry["count"] + 1, "last": self.clock()}
        while len(self._failures) > MAX_NAMES:
            self._failures.pop(next(iter(self._failures)))
        self._save(self.state())
        return self.wait_s(name)

    def succeeded(self, name: str) -> None:
        if self._failures.pop(normalise_name(name), None) is not None:
            self._save(self.state())

    def state(self) -> dict[str, Any]:
        return {name: dict(entry) for name, entry in self._failures.items()}
