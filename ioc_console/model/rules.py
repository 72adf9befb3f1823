"""Rules that turn alerts into scenario proposals or switches, without thrashing the wall.

Declared in the layout under ``rules``. A rule matches an alert by severity, urgency,
category, event text, area and source; it then proposes a scenario (the operator accepts
or rejects) or switches after a visible countdown, and may revert once every alert it
matched is acknowledged or gone. A cooldown per rule and a minimum gap between any two
rule-driven changes keep an alert flood from flipping the wall back and forth.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import Field, model_validator

from .common import Identifier, StrictModel
from .geo import bbox_ring, geometry_intersects

SEVERITY_RANK = {"Unknown": 0, "Minor": 1, "Moderate": 2, "Severe": 3, "Extreme": 4}
URGENCY = Literal["Immediate", "Expected", "Future", "Past", "Unknown"]


class AlertMatch(StrictModel):
    min_severity: Literal["Unknown", "Minor", "Moderate", "Severe", "Extreme"] = "Unknown"
    urgency: list[URGENCY] = Field(default_factory=list, description="any of; empty = any")
    categories: list[str] = Field(default_factory=list, description="any of; empty = any")
    event_contains: str | None = Field(None, description="case-insensitive text in the event")
    area_bbox: tuple[float, float, float, float] | None = Field(
        None, description="lon_min, lat_min, lon_max, lat_max the alert area must touch")
    area_polygon: list[tuple[float, float]] | None = Field(
        None, description="[[lon, lat], ...] ring the alert area must touch")
    sources: list[Identifier] = Field(default_factory=list, description="any of; empty = any")


class RuleAction(StrictModel):
    action: Literal["propose", "switch"]
    scenario: Identifier
    countdown_s: float = Field(30, ge=0, le=600, description="for switch: time to cancel")
    revert_when_cleared: bool = False


class Rule(StrictModel):
    id: Identifier
    when: AlertMatch
    then: RuleAction
    cooldown_s: float = Field(300, ge=0, description="quiet time after this rule fired")

    @model_validator(mode="after")
    def _one_area(self) -> Rule:
        if self.when.area_bbox is not None and self.when.area_polygon is not None:
            raise ValueError("give area_bbox or area_polygon, not both")
        return self


def alert_matches(match: AlertMatch, alert: Any) -> bool:
    """``alert`` is an ``ioc_console.data.alerts.Alert`` (duck-typed to keep this module light)."""
    if SEVERITY_RANK.get(alert.severity, 0) < SEVERITY_RANK[match.min_severity]:
        return False
    if match.urgency and alert.urgency not in match.urgency:
        return False
    if match.categories and not set(match.categories) & set(alert.category):
        return False
    if match.event_contains and match.event_contains.lower() not in (alert.event or "").lower():
        return False
    if match.sources and alert.source not in match.sources:
        return False
    zone = (bbox_ring(match.area_bbox) if match.area_bbox is not None
            else list(match.area_polygon) if match.area_polygon is not None else None)
    if zone is not None and not any(geometry_intersects(g, zone) for g in alert.areas):
        return False
    return True


@dataclass(frozen=True)
class Decision:
    rule: Rule
    alert: Any
    kind: Literal["propose", "switch", "revert"]

    @property
    def scenario(self) -> str:
        return self.rule.then.scenario


class RuleEngine:
    def __init__(self, rules: Iterable[Rule], min_gap_s: float = 60) -> None:
        self.rules = list(rules)
        self.min_gap = timedelta(seconds=min_gap_s)
        self._last_fired: dict[str, datetime] = {}
        self._last_change: datetime | None = None
        self._matched: dict[str, set[str]] = {}  # rule id -> alert identifiers it fired for
        self._seen: set[tuple[str, str]] = set()

    def on_alerts(self, alerts: Iterable[Any], now: datetime) -> list[Decision]:
        """Decisions for alerts not seen before; at most one per call (the strongest)."""
        candidates: list[Decision] = []
        for alert in alerts:
            for rule in self.rules:
                key = (rule.id, alert.identifier)
                if key in self._seen or not alert_matches(rule.when, alert):
                    continue
                self._seen.add(key)
                self._matched.setdefault(rule.id, set()).add(alert.identifier)
                if self._cooling(rule, now):
                    continue
                candidates.append(Decision(rule, alert, rule.then.action))
        if not candidates:
            return []
        best = max(candidates, key=lambda d: SEVERITY_RANK.get(d.alert.severity, 0))
        self._last_fired[best.rule.id] = now
        self._last_change = now
        return [best]

    def _cooling(self, rule: Rule, now: datetime) -> bool:
        last = self._last_fired.get(rule.id)
        if last is not None and now - last < timedelta(seconds=rule.cooldown_s):
            return True
        return self._last_change is not None and now - self._last_change < self.min_gap

    def reverts(self, active_ids: set[str], acknowledged_ids: set[str],
                now: datetime) -> list[Decision]:
        """Rules whose every matched alert is acknowledged or gone, and that may revert."""
        decisions = []
        for rule in self.rules:
            matched = self._matched.get(rule.id)
            if not matched or not rule.then.revert_when_cleared:
                continue
            if all(i not in active_ids or i in acknowledged_ids for i in matched):
                self._matched.pop(rule.id)
                decisions.append(Decision(rule, None, "revert"))
        return decisions
