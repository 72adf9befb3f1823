"""How trustworthy a source's value is right now. Pure: the rules, tested without a clock.

The wall must never show old numbers as if they were current, and must never blank a tile
because one request failed. So a state always keeps the last good value, and its status says
how far to trust it:

* ``connecting``   nothing received yet, nothing failed yet;
* ``live``         the last attempt succeeded and the value is younger than the TTL;
* ``stale``        the value is older than the TTL (or came from the on-disk cache);
* ``disconnected`` the source could not be reached (refused, timed out) but a value is held;
* ``error``        the source answered badly (HTTP error, unparsable body), or could not be
                   reached and there is nothing to show.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any


class SourceStatus(StrEnum):
    CONNECTING = "connecting"
    LIVE = "live"
    STALE = "stale"
    ERROR = "error"
    DISCONNECTED = "disconnected"


class Failure(StrEnum):
    """Why the last attempt failed, as far as the status is concerned."""

    UNREACHABLE = "unreachable"  # refused, timed out, connection lost: the network's fault
    BAD_ANSWER = "bad_answer"  # HTTP error, HTML page, bad payload: the server's fault


def compute_status(*, received_at: datetime | None, ttl_s: float, now: datetime,
                   failure: Failure | None, from_cache: bool = False,
                   silence: SourceStatus = SourceStatus.STALE) -> SourceStatus:
    """The status rule in one place.

    ``received_at`` is when the value held was received (None: no value yet); ``failure``
    is the outcome of the last attempt (None: it succeeded, or none was made). ``silence``
    is what too-old data means: stale for polled sources, disconnected for event streams,
    whose heartbeats prove the connection is alive.
    """
    if failure is Failure.UNREACHABLE:
        return SourceStatus.DISCONNECTED if received_at is not None else SourceStatus.ERROR
    if failure is Failure.BAD_ANSWER:
        return SourceStatus.ERROR
    if received_at is None:
        return SourceStatus.CONNECTING
    if from_cache:
        return SourceStatus.STALE
    if (now - received_at).total_seconds() > ttl_s:
        return silence
    return SourceStatus.LIVE


@dataclass(frozen=True)
class SourceState:
    """What the hub holds and publishes for one source. Immutable: every change is a new
    state, so a subscriber can keep the one it was given."""

    source_id: str
    status: SourceStatus
    value: Any = None
    received_at: datetime | None = None
    error: str | None = None
    from_cache: bool = False
    ttl_s: float = 60.0

    def age_s(self, now: datetime) -> float | None:
        """Seconds since the value was received, or None without a value."""
        return None if self.received_at is None else (now - self.received_at).total_seconds()

    def aged(self, now: datetime,
             silence: SourceStatus = SourceStatus.STALE) -> SourceState:
        """This state as it should read at ``now``: live data past its TTL becomes ``silence``
        (stale, or disconnected for a stream). Returns ``self`` when nothing changes."""
        if self.status is not SourceStatus.LIVE:
            return self
        status = compute_status(received_at=self.received_at, ttl_s=self.ttl_s, now=now,
                                failure=None, silence=silence)
        if status is self.status:
            return self
        error = (f"no heartbeat for {self.ttl_s:g} s" if status is SourceStatus.DISCONNECTED
                 else None)
        return replace(self, status=status, error=error)


def connecting(source_id: str, ttl_s: float) -> SourceState:
    return SourceState(source_id, SourceStatus.CONNECTING, ttl_s=ttl_s)


def succeeded(source_id: str, value: Any, now: datetime, ttl_s: float) -> SourceState:
    """A fresh value arrived."""
    return SourceState(source_id, SourceStatus.LIVE, value, now, None, False, ttl_s)


def confirmed(previous: SourceState, now: datetime) -> SourceState:
    """A 304 Not Modified: the value we hold is confirmed current, so it is live again."""
    return replace(previous, status=SourceStatus.LIVE, received_at=now, error=None,
                   from_cache=False)


def failed(previous: SourceState | None, source_id: str, reason: str, failure: Failure,
           now: datetime, ttl_s: float) -> SourceState:
    """The last attempt failed: keep the last good value (and its age), say why."""
    received_at = previous.received_at if previous else None
    status = compute_status(received_at=received_at, ttl_s=ttl_s, now=now, failure=failure)
    return SourceState(source_id, status, previous.value if previous else None, received_at,
                       reason, previous.from_cache if previous else False, ttl_s)


def restored(source_id: str, value: Any, received_at: datetime, ttl_s: float) -> SourceState:
    """A value read back from the last-known-good cache at start-up: shown, marked stale."""
    return SourceState(source_id, SourceStatus.STALE, value, received_at, None, True, ttl_s)
