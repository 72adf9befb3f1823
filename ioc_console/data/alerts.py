"""The normalized alert every CAP source becomes, whatever CAP version or language it came in.

Tiles, the map and the alert store work on this one shape, so a CAP 1.1 feed from one agency
and a CAP 1.2 feed from another look the same on the wall. Geometry is already GeoJSON
([lon, lat], the map's order), so nothing downstream has to remember CAP's "lat,lon".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SEVERITY_ORDER: tuple[str, ...] = ("Unknown", "Minor", "Moderate", "Severe", "Extreme")
"""CAP severities from least to most severe; the index is :meth:`Alert.severity_rank`."""

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

    ``sent`` is ``None`` when the triple's date could not be read: the reference still names
    the message by sender and identifier, which CAP makes unique, so an Update or Cancel with
    a sloppy date still finds its target.
    """

    sender: str
    identifier: str
    sent: datetime | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.sender, self.identifier, self.sent.isoformat() if self.sent else "")


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
        return SEVERITY_ORDER.index(self.severity)

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
