"""The words of a tile's data-state badge: what an operator reads to trust a number or not.

Kept out of Qt so the rules (when a value counts as stale, how an age is written) are
tested without a display.
"""

from __future__ import annotations

from dataclasses import dataclass

from ioc_console.i18n import _


@dataclass(frozen=True)
class Badge:
    state: str  # live | stale | disconnected | error | connecting | frozen
    text: str
    tooltip: str = ""


def format_age(seconds: float) -> str:
    """'12 s ago', '3 min ago', '2 h ago', '4 days ago' (translated)."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return _("{n} s ago").format(n=seconds)
    if seconds < 3600:
        return _("{n} min ago").format(n=seconds // 60)
    if seconds < 86400:
        return _("{n} h ago").format(n=seconds // 3600)
    return _("{n} days ago").format(n=seconds // 86400)


def badge_for(status: str, age_s: float | None = None, error: str | None = None) -> Badge:
    if status == "live":
        return Badge("live", _("LIVE"))
    if status == "stale":
        age = format_age(age_s) if age_s is not None else ""
        return Badge("stale", f"{_('STALE')} · {age}" if age else _("STALE"),
                     _("No fresh data: showing the last value received {age}.").format(age=age))
    if status == "disconnected":
        age = f" · {format_age(age_s)}" if age_s is not None else ""
        return Badge("disconnected", _("DISCONNECTED") + age, error or "")
    if status == "error":
        return Badge("error", _("ERROR"), error or "")
    if status == "frozen":
        return Badge("frozen", _("FROZEN"))
    return Badge("connecting", _("NO DATA YET"))
