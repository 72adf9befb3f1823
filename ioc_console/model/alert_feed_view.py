"""What an alert feed shows: filtered, most severe and newest first, the overflow summed up.

Pure logic (no Qt) so the rules an operator relies on — which alerts make the list, in which
order, which ones are news worth a sound — are tested without a screen. Alerts are read by
attribute only (identifier, severity, sent, category, area_descriptions, expires), so the
pydantic ``ioc_console.data.alerts.Alert`` and any stand-in with those attributes both work.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from ioc_console.i18n import _

SEVERITIES: tuple[str, ...] = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
"""CAP severities, most severe first."""

RANK: dict[str, int] = {"Extreme": 4, "Severe": 3, "Moderate": 2, "Minor": 1, "Unknown": 0}

ICONS: dict[str, str] = {"Extreme": "⛔", "Severe": "▲", "Moderate": "◆", "Minor": "●",
                         "Unknown": "○"}
"""A shape per severity, so severity never rests on colour alone (colour-blind operators,
washed-out projectors)."""

# The severity words as msgids; the Vietnamese catalog translates them.
_WORDS: dict[str, str] = {"Extreme": "EXTREME", "Severe": "SEVERE", "Moderate": "MODERATE",
                          "Minor": "MINOR", "Unknown": "UNKNOWN"}

LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

_FAR_PAST = datetime(1970, 1, 1, tzinfo=UTC)


def severity_of(alert: Any) -> str:
    """The alert's CAP severity, normalized; anything unrecognized counts as "Unknown"."""
    value = str(getattr(alert, "severity", "") or "").strip().capitalize()
    return value if value in RANK else "Unknown"


def severity_word(severity: str) -> str:
    """The severity in capitals in the current language: "CỰC KỲ NGUY HIỂM" / "EXTREME"."""
    return _(_WORDS.get(severity, "UNKNOWN"))


def severity_label(severity: str) -> str:
    """The word, plus the CAP word when the language is not English: "NHẸ / MINOR".

    The CAP word stays beside the translation because the agencies' bulletins and the
    national CAP feeds use it, and operators cross-check the wall against them.
    """
    severity = severity if severity in RANK else "Unknown"
    english = _WORDS[severity]
    word = severity_word(severity)
    return word if word == english else f"{word} / {english}"


def severity_badge(severity: str) -> str:
    """Icon and word(s): "⛔ CỰC KỲ NGUY HIỂM / EXTREME"."""
    severity = severity if severity in RANK else "Unknown"
    return f"{ICONS[severity]} {severity_label(severity)}"


def fold(text: str) -> str:
    """Case- and accent-insensitive form: "Lào Cai", "LAO CAI" and "lao cai" compare equal.

    Operators type area filters on keyboards without Vietnamese input; "đ" has no
    decomposition, so it is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D").casefold()


def _sent(alert: Any) -> datetime:
    sent = getattr(alert, "sent", None)
    if not isinstance(sent, datetime):
        return _FAR_PAST
    return sent if sent.tzinfo is not None else sent.replace(tzinfo=UTC)


def is_expired(alert: Any, now: datetime) -> bool:
    expires = getattr(alert, "expires", None)
    if not isinstance(expires, datetime):
        return False
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    return expires <= now


def parse_feed_value(value: Any, now: datetime | None = None
                     ) -> tuple[list[Any], list[Any]] | None:
    """(alerts in force, problems) from a source value, or ``None`` when it is not a feed.

    Accepts what a CAP source gives (``{"alerts": [...], "problems": [...]}``) and a plain
    list of alerts. ``None`` lets a tile keep its last good picture instead of blanking on
    a malformed value. Updates and Cancels in the batch are applied (CAP rules, via the
    alert store); expired alerts leave.
    """
    problems: list[Any] = []
    if isinstance(value, dict):
        if "alerts" not in value:
            return None
        problems = value.get("problems") or []
        problems = problems if isinstance(problems, list) else []
        value = value["alerts"]
    if not isinstance(value, list):
        return None
    alerts = [a for a in value if hasattr(a, "severity") and hasattr(a, "identifier")]
    if value and not alerts:
        return None  # a list of something else: not ours to draw
    moment = now or datetime.now(UTC)
    if any(getattr(a, "msg_type", "Alert") != "Alert" for a in alerts):
        from ioc_console.data.alert_store import active_alerts

        alerts = active_alerts(alerts, clock=lambda: moment)
    return [a for a in alerts if not is_expired(a, moment)], problems


def alerts_in(value: Any) -> list[Any]:
    """The alerts in force in a CAP source value (updates and cancels applied); [] if none."""
    parsed = parse_feed_value(value)
    return parsed[0] if parsed is not None else []


@dataclass(frozen=True)
class FeedView:
    shown: list[Any]
    hidden_by_severity: dict[str, int] = field(default_factory=dict)
    """What did not fit, per severity, most severe first."""

    @property
    def hidden_total(self) -> int:
        return sum(self.hidden_by_severity.values())


def matches(alert: Any, min_severity: str = "Unknown", categories: Sequence[str] = (),
            area_contains: str | None = None) -> bool:
    """Whether a tile with these options lists the alert at all."""
    if RANK[severity_of(alert)] < RANK.get(min_severity, 0):
        return False
    if categories:
        wanted = {c.casefold() for c in categories}
        if not wanted & {str(c).casefold() for c in getattr(alert, "category", []) or []}:
            return False
    if area_contains and area_contains.strip():
        needle = fold(area_contains.strip())
        areas = getattr(alert, "area_descriptions", []) or []
        if not any(needle in fold(str(area)) for area in areas):
            return False
    return True


def order_key(alert: Any) -> tuple[int, float, str]:
    """Most severe first, then newest, then by identifier so equal alerts never swap places
    between polls (rows jumping around read as new alerts)."""
    return (-RANK[severity_of(alert)], -_sent(alert).timestamp(),
            str(getattr(alert, "identifier", "")))


def feed_view(alerts: Iterable[Any], min_severity: str = "Unknown",
              categories: Sequence[str] = (), area_contains: str | None = None,
              max_items: int = 8) -> FeedView:
    """The rows a feed tile lists and, beyond ``max_items``, how many per severity it hides."""
    kept = sorted((a for a in alerts if matches(a, min_severity, categories, area_contains)),
                  key=order_key)
    overflow = Counter(severity_of(a) for a in kept[max_items:])
    hidden = {s: overflow[s] for s in SEVERITIES if overflow[s]}
    return FeedView(kept[:max_items], hidden)


def summary_text(hidden_by_severity: dict[str, int]) -> str:
    """ "+37 more Minor", one part per severity, most severe first."""
    return "   ".join(
        _("+{n} more {severity}").format(n=n, severity=severity_word(s).capitalize())
        for s, n in hidden_by_severity.items() if n)


def local_time(moment: datetime, now: datetime | None = None) -> str:
    """HH:MM in Asia/Ho_Chi_Minh; the date is added when it is not today, so a two-day-old
    alert is not mistaken for one sent this morning."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(LOCAL_ZONE)
    today = (now or datetime.now(UTC)).astimezone(LOCAL_ZONE).date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%H:%M %d/%m")


class NewsTracker:
    """Tells which alerts are news: not seen by this tile before.

    The first batch is not news (the wall was just started: everything in it was already
    known), and an alert that leaves and comes back (a flaky feed) is not news again; only
    identifiers never seen are. An Update carries a new identifier, so an escalation sounds.
    """

    MAX_REMEMBERED = 20_000

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.primed = False

    def news(self, alerts: Iterable[Any]) -> list[Any]:
        batch = list(alerts)
        identifiers = {str(a.identifier) for a in batch}
        fresh = [a for a in batch if self.primed and str(a.identifier) not in self.seen]
        if len(self.seen) > self.MAX_REMEMBERED:
            self.seen = set()
        self.seen |= identifiers
        self.primed = True
        return fresh


def loudest(alerts: Iterable[Any]) -> str | None:
    """The severity whose sound announces this batch: the worst one, one sound per poll."""
    severities = [severity_of(a) for a in alerts]
    return max(severities, key=RANK.__getitem__) if severities else None
