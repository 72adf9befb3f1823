"""The normalized alert every CAP source becomes, whatever CAP version or language it came in.

Tiles, the map and the alert store work on this one shape, so a CAP 1.1 feed from one agency
and a CAP 1.2 feed from another look the same on the wall. Geometry is already GeoJSON
([lon, lat], the map's order), so nothing downstream has to remember CAP's "lat,lon".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SEVERITY_ORDER: tuple[str, ...] = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
"""CAP severities from most to least severe (the order the wall lists alerts in)."""

SEVERITY_RANK: dict[str, int] = {
    name: len(SEVERITY_ORDER) - 1 - i for i, name in enumerate(SEVERITY_ORDER)
}
"""Extreme 4, Severe 3, Moderate 2, Minor 1, Unknown 0: larger is more severe."""


def severity_rank(severity: str | None) -> int:
    """Rank of a severity name (case-insensitive); anything unknown ranks as "Unknown" (0)."""
    if not severity:
        return 0
    return SEVERITY_RANK.get(severity.strip().capitalize(), 0)

STATUSES: tuple[str, ...] = ("Actual", "Exercise", "System", "Test", "Draft")
MSG_TYPES: tuple[str, ...] = ("Alert", "Update", "Cancel", "Ack", "Error")
SCOPES: tuple[str, ...] = ("Public", "Restricted", "Private")
URGENCIES: tuple[str, ...] = ("Immediate", "Expected", "Future", "Past", "Unknown")
CERTAINTIES: tuple[str, ...] = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")
CATEGORIES: tuple[str, ...] = (
    "Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport",
    "Infra", "CBRNE", "Other",
)

Status = Literal["Actual", "Exercise", "System", "Test", "Draft"]
MsgType = Literal["Alert", "Update", "Cancel", "Ack", "Error"]
Severity = Literal["Extreme", "Severe", "Moderate", "Minor", "Unknown"]
Urgency = Literal["Immediate", "Expected", "Future", "Past", "Unknown"]
Certainty = Literal["Observed", "Likely", "Possible", "Unlikely", "Unknown"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AlertReference(_Frozen):
    """One "sender,identifier,sent" triple of a CAP ``<references>`` element.

    ``sent`` is the triple's date as text. A readable date with a zone is normalized to
    ``datetime.isoformat()`` ("Z" -> "+00:00"), so ``reference.key == alert.key`` for the
    message it names; an unreadable one is kept as written (and "" when absent). The store
    matches by sender and identifier, which CAP makes unique, so an Update or Cancel with a
    sloppy date still finds its target. A ``datetime`` (or ``None``) is accepted on input.
    """

    sender: str
    identifier: str
    sent: str = ""

    @field_validator("sent", mode="before")
    @classmethod
    def _normalize_sent(cls, value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, datetime):
            return value.isoformat()
        if isinstance(value, str):
            text = value.strip()
            try:
                parsed = datetime.fromisoformat(text)
            except ValueError:
                return text
            return parsed.isoformat() if parsed.tzinfo is not None else text
        return value

    @property
    def sent_at(self) -> datetime | None:
        """``sent`` as an aware datetime, or ``None`` when it is not a readable CAP date."""
        try:
            parsed = datetime.fromisoformat(self.sent)
        except ValueError:
            return None
        return parsed if parsed.tzinfo is not None else None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.sender, self.identifier, self.sent)


class Alert(_Frozen):
    """One CAP message, reduced to the ``<info>`` block in the operators' language.

    Messages without ``<info>`` (Cancel, Ack, Error) have ``event == ""`` and every
    enumeration at "Unknown".
    """

    identifier: str
    sender: str
    sent: datetime
    status: Status
    msg_type: MsgType
    scope: str | None = None
    references: list[AlertReference] = Field(default_factory=list)
    category: list[str] = Field(default_factory=list)
    event: str = ""
    urgency: Urgency = "Unknown"
    severity: Severity = "Unknown"
    certainty: Certainty = "Unknown"
    headline: str | None = None
    description: str | None = None
    instruction: str | None = None
    language: str | None = None
    sender_name: str | None = None
    response_types: list[str] = Field(default_factory=list)
    parameters: list[dict[str, str]] = Field(default_factory=list)
    web: str | None = None
    effective: datetime | None = None
    onset: datetime | None = None
    expires: datetime | None = None
    area_descriptions: list[str] = Field(default_factory=list)
    areas: list[dict[str, Any]] = Field(default_factory=list)
    """GeoJSON geometries ([lon, lat]); a CAP circle appears here as a polygon approximation."""
    circles: list[tuple[float, float, float]] = Field(default_factory=list)
    """CAP circles as (lon, lat, radius_km), so a map can draw a true circle."""
    geocodes: list[dict[str, str]] = Field(default_factory=list)
    """CAP geocodes ({"valueName", "value"}); they carry no geometry of their own."""
    source: str | None = None

    def __hash__(self) -> int:
        # Lists make the pydantic-generated hash fail; the key identifies a message.
        return hash(self.key)

    @property
    def key(self) -> tuple[str, str, str]:
        """(sender, identifier, sent) as CAP ``<references>`` name a message."""
        return (self.sender, self.identifier, self.sent.isoformat())

    def severity_rank(self) -> int:
        """Extreme 4, Severe 3, Moderate 2, Minor 1, Unknown 0: larger is more severe."""
        return SEVERITY_RANK[self.severity]

    def to_probe_json(self) -> dict[str, Any]:
        """The alert as the ``probe`` command prints it: JSON types only, CAP's field names."""

        def iso(value: datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "identifier": self.identifier,
            "sender": self.sender,
            "sent": self.sent.isoformat(),
            "status": self.status,
            "msgType": self.msg_type,
            "scope": self.scope,
            "references": [",".join(ref.key) for ref in self.references],
            "severity": self.severity,
            "urgency": self.urgency,
            "certainty": self.certainty,
            "category": list(self.category),
            "event": self.event,
            "language": self.language,
            "headline": self.headline,
            "description": self.description,
            "instruction": self.instruction,
            "effective": iso(self.effective),
            "onset": iso(self.onset),
            "expires": iso(self.expires),
            "areaDesc": list(self.area_descriptions),
            "areas": list(self.areas),
            "circles": [list(circle) for circle in self.circles],
            "geocodes": list(self.geocodes),
            "source": self.source,
        }
