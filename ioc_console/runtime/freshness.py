"""How trustworthy a source's value is right now. Pure: the rules, tested without a clock."""

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


@dataclass(frozen=True)
class SourceState:
    source_id: str
    status: SourceStatus
    value: Any = None
    received_at: datetime | None = None
    error: str | None = None
    from_cache: bool = False
    ttl_s: float = 60.0

    def age_s(self, now: datetime) -> float | None:
        return None if self.received_at is None else (now - self.received_at).total_seconds()

    def aged(self, now: datetime) -> SourceState:
        """This state as it should read at ``now``: live data past its TTL becomes stale."""
        if self.status is SourceStatus.LIVE and (self.age_s(now) or 0) > self.ttl_s:
            return replace(self, status=SourceStatus.STALE)
        return self


def after_success(previous: SourceState | None, source_id: str, value: Any, now: datetime,
                  ttl_s: float) -> SourceState:
    return SourceState(source_id, SourceStatus.LIVE, value, now, None, False, ttl_s)


def after_not_modified(previous: SourceState, now: datetime) -> SourceState:
    """A 304: the data we hold is confirmed current."""
    return replace(previous, status=SourceStatus.LIVE, received_at=now, error=None,
                   from_cache=False)


def after_failure(previous: SourceState | None, source_id: str, reason: str,
                  unreachable: bool, ttl_s: float) -> SourceState:
    """Keep the last good value; say whether the source is gone or answered badly."""
    value = previous.value if previous else None
    received = previous.received_at if previous else None
    cached = previous.from_cache if previous else False
    status = SourceStatus.DISCONNECTED if unreachable and value is not None else (
        SourceStatus.ERROR)
    return SourceState(source_id, status, value, received, reason, cached, ttl_s)


def from_cache(source_id: str, value: Any, received_at: datetime, ttl_s: float) -> SourceState:
    return SourceState(source_id, SourceStatus.STALE, value, received_at, None, True, ttl_s)
