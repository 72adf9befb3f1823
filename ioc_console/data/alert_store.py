"""The set of CAP alerts in force, kept by CAP's own rules; pure, no I/O, no threads.

A CAP feed is polled again and again and an index usually lists the original message, its
Updates and its Cancel side by side, newest first or oldest first. The store therefore
remembers every message that was superseded, cancelled or expired ("closed"), so polling the
same index twice, or receiving an original after its Update, never brings a dead alert back.

Messages are matched by (sender, identifier), which CAP 1.2 §3.2.1 makes unique per sender.
The ``sent`` part of a reference is not compared: senders format it differently from the
message itself ("Z" against "+00:00", fractions of a second), and a Cancel that silently
misses its target is the worst failure an alert wall can have.

Use one store from one thread (the GUI thread); parse in workers, apply here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from .alerts import SEVERITY_RANK, Alert
from .errors import ParseError

log = logging.getLogger(__name__)

_Ident = tuple[str, str]


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Acknowledgement:
    """An operator's "seen, being handled" on one alert.

    ``severity`` is the alert's severity when it was acknowledged (``None`` for rows saved by
    an older version); it decides whether the acknowledgement carries over to an Update.
    """

    identifier: str
    by: str
    comment: str
    at: datetime
    severity: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "identifier": self.identifier,
            "by": self.by,
            "comment": self.comment,
            "at": self.at.isoformat(),
            "severity": self.severity,
        }


@dataclass(frozen=True)
class StoreChange:
    """What one operation changed; subscribers are called only for non-empty changes."""

    added: tuple[Alert, ...] = ()
    removed: tuple[Alert, ...] = ()
    acknowledged: tuple[Acknowledgement, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.acknowledged)


class AlertStore:
    """Active alerts under CAP Alert / Update / Cancel semantics, plus acknowledgements.

    * ``Alert``: added; a message with the same sender and identifier is replaced (unless the
      stored one was sent later). Re-applying an identical message changes nothing.
    * ``Update``: every message its ``<references>`` name is removed and closed, then the
      Update is added as the new active message.
    * ``Cancel``: every referenced message is removed and closed; the Cancel itself is never
      active.
    * ``Ack`` / ``Error``: ignored (they are about messages, not hazards).
    * A message whose ``expires`` has passed is not added; :meth:`expire` removes the ones
      that pass while active.

    Acknowledgements are keyed by identifier. An Update is a new message, but an operator who
    acknowledged "Severe flood" should not have to acknowledge again because the sender
    refined the area: the acknowledgement is carried over to the Update **only if the
    Update's severity is not higher** than the message it replaces. An escalation needs a
    fresh acknowledgement, which is the point of acknowledging.
    """

    def __init__(
        self,
        clock: Callable[[], datetime] = _utc_now,
        *,
        retention: timedelta = timedelta(days=7),
    ) -> None:
        self._clock = clock
        self._retention = retention
        self._alerts: dict[_Ident, Alert] = {}
        self._closed: dict[_Ident, datetime] = {}
        self._acks: dict[str, Acknowledgement] = {}
        self._subscribers: list[Callable[[StoreChange], None]] = []

    # --- alerts ---------------------------------------------------------------------------

    def apply(self, alert: Alert) -> StoreChange:
        """Apply one received message; returns (and publishes) what changed."""
        ident = (alert.sender, alert.identifier)
        if alert.msg_type in ("Ack", "Error") or ident in self._closed:
            return StoreChange()
        current = self._alerts.get(ident)
        if current is not None and (
            current.sent > alert.sent or _same(current, alert)
        ):
            return StoreChange()
        now = self._clock()
        removed: list[Alert] = []
        carried: list[Acknowledgement] = []
        if alert.msg_type in ("Update", "Cancel"):
            for ref in alert.references:
                target = (ref.sender, ref.identifier)
                if target == ident:
                    continue
                old = self._close(target, now)
                if old is not None:
                    removed.append(old)
                ack = self._carry_ack(alert, ref.identifier, old)
                if ack is not None:
                    carried.append(ack)
        if alert.msg_type == "Cancel" or (alert.expires is not None and alert.expires < now):
            old = self._close(ident, now)
            if old is not None:
                removed.append(old)
            return self._publish(StoreChange(removed=tuple(removed)))
        if current is not None:
            removed.append(current)
        self._alerts[ident] = alert
        if carried and alert.identifier not in self._acks:
            self._acks[alert.identifier] = max(carried, key=lambda a: a.at)
        return self._publish(StoreChange(added=(alert,), removed=tuple(removed)))

    def expire(self) -> list[Alert]:
        """Remove alerts whose ``expires`` is before now; returns them.

        Also forgets closed messages and acknowledgements of inactive alerts older than the
        retention, so a console running for months does not grow without bound.
        """
        now = self._clock()
        gone = [a for a in self._alerts.values() if a.expires is not None and a.expires < now]
        for alert in gone:
            self._close((alert.sender, alert.identifier), now)
        horizon = now - self._retention
        self._closed = {k: t for k, t in self._closed.items() if t >= horizon}
        active_ids = {a.identifier for a in self._alerts.values()}
        self._acks = {
            k: ack for k, ack in self._acks.items() if k in active_ids or ack.at >= horizon
        }
        self._publish(StoreChange(removed=tuple(gone)))
        return gone

    def active(self) -> list[Alert]:
        """Alerts in force: most severe first, then the newest ``sent`` first."""
        return sorted(
            self._alerts.values(),
            key=lambda a: (-a.severity_rank(), -a.sent.timestamp(), a.identifier),
        )

    # --- acknowledgements ---------------------------------------------------------------

    def acknowledge(
        self, identifier: str, by: str, comment: str = "", at: datetime | None = None
    ) -> Acknowledgement:
        """Record that ``by`` acknowledged the active alert ``identifier`` (KeyError if none)."""
        alert = next((a for a in self._alerts.values() if a.identifier == identifier), None)
        if alert is None:
            raise KeyError(f"no active alert with identifier {identifier!r}")
        ack = Acknowledgement(identifier, by, comment, at or self._clock(), alert.severity)
        self._acks[identifier] = ack
        self._publish(StoreChange(acknowledged=(ack,)))
        return ack

    def acknowledgement(self, identifier: str) -> Acknowledgement | None:
        return self._acks.get(identifier)

    def acknowledgements(self) -> dict[str, Acknowledgement]:
        """Every acknowledgement held, by identifier (a copy; active or recently closed)."""
        return dict(self._acks)

    def export_acknowledgements(self) -> list[dict[str, Any]]:
        """JSON-serialisable rows, to be saved and handed to :meth:`import_acknowledgements`."""
        return [ack.to_json() for ack in sorted(self._acks.values(), key=lambda a: a.at)]

    def import_acknowledgements(self, rows: list[dict[str, Any]]) -> None:
        """Restore saved rows (after a restart, before the feeds are polled again).

        A row newer than the one held for the same identifier wins. A malformed row raises
        :class:`ParseError` naming its index, and nothing is imported.
        """
        parsed = [_ack_from_row(i, row) for i, row in enumerate(rows)]
        changed = []
        for ack in parsed:
            held = self._acks.get(ack.identifier)
            if held is None or ack.at > held.at:
                self._acks[ack.identifier] = ack
                changed.append(ack)
        self._publish(StoreChange(acknowledged=tuple(changed)))

    # --- subscriptions --------------------------------------------------------------------

    def subscribe(self, callback: Callable[[StoreChange], None]) -> Callable[[], None]:
        """Call ``callback`` after every non-empty change; returns the unsubscribe function."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    # --- internals ------------------------------------------------------------------------

    def _close(self, ident: _Ident, now: datetime) -> Alert | None:
        self._closed[ident] = now
        return self._alerts.pop(ident, None)

    def _carry_ack(
        self, update: Alert, old_identifier: str, old: Alert | None
    ) -> Acknowledgement | None:
        if update.msg_type != "Update":
            return None
        ack = self._acks.get(old_identifier)
        if ack is None:
            return None
        old_severity = old.severity if old is not None else ack.severity
        if old_severity not in SEVERITY_RANK:
            return None  # unknown baseline: cannot tell it did not escalate
        if update.severity_rank() > SEVERITY_RANK[old_severity]:
            return None
        return Acknowledgement(update.identifier, ack.by, ack.comment, ack.at, update.severity)

    def _publish(self, change: StoreChange) -> StoreChange:
        if change.is_empty:
            return change
        for callback in list(self._subscribers):
            try:
                callback(change)
            except Exception:  # one broken tile must not stop the others from updating
                log.exception("alert store subscriber failed")
        return change


def _same(a: Alert, b: Alert) -> bool:
    """Identical content, whichever source delivered it."""
    return a.model_dump(exclude={"source"}) == b.model_dump(exclude={"source"})


def _ack_from_row(index: int, row: dict[str, Any]) -> Acknowledgement:
    try:
        at = datetime.fromisoformat(str(row["at"]))
        if at.tzinfo is None:
            raise ValueError("'at' has no time zone offset")
        severity = row.get("severity")
        return Acknowledgement(
            identifier=str(row["identifier"]),
            by=str(row["by"]),
            comment=str(row.get("comment", "")),
            at=at,
            severity=str(severity) if severity is not None else None,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        detail = f"missing {err}" if isinstance(err, KeyError) else str(err)
        raise ParseError(f"acknowledgement row {index}: {detail}") from None


def active_alerts(messages: list[Alert], clock: Callable[[], datetime] = _utc_now) -> list[Alert]:
    """What a batch of CAP messages (a feed as fetched) means now: updates replace, cancels
    remove, expired ones leave; most severe first. Tiles show this, not the raw messages."""
    store = AlertStore(clock=clock)
    for message in sorted(messages, key=lambda m: m.sent):
        store.apply(message)
    return store.active()
