"""CAP 1.2 messages of the simulated province and the Atom index that lists them.

Normal operations carry two advisories (air quality, thunderstorms), re-issued every six
simulated hours as Updates of the previous issue so they never silently expire. The flood
replay issues, escalates and cancels messages on the story's timeline (DOMAIN.md §2.5) and,
when a replay is ended early, cancels whatever it left in force (an "all clear"), because a
message that just disappears from a feed is not cancelled for a console that saw it.

Every message is ``<status>Exercise</status>`` and says MÔ PHỎNG in its event and headline.
Polygons are "lat,lon" pairs and circles "lat,lon radius_km", as CAP wants (the opposite of
GeoJSON). Messages are a pure function of the simulation state and time: identifiers are
built from the flood episode's start, so a second replay issues new messages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from .simulation import FloodEpisode, Simulation, bucket_start, iso

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"
SENDER = "ioc-demo@laocai.invalid"
SENDER_NAME = "IOC Lào Cai — Ban Chỉ huy PCTT&TKCN (MÔ PHỎNG / SIMULATED)"
ADVISORY_PERIOD_S = 6 * 3600.0
VALID_S = 12 * 3600.0
FEED_WINDOW_S = 24 * 3600.0
SIM_MARK_VI = " (MÔ PHỎNG)"
SIM_MARK_EN = " (MÔ PHỎNG / SIMULATED)"

# Areas, "lat,lon" (DOMAIN.md §3a for the river bank in Lào Cai ward)
RIVER_BANK_LAO_CAI = "22.515,103.945 22.515,103.985 22.480,103.995 22.470,103.970 22.515,103.945"
RIVER_BANK_BAO_HA = "22.200,104.300 22.200,104.370 22.150,104.370 22.150,104.300 22.200,104.300"
NORTH_WEST = "22.800,103.550 22.800,104.100 22.300,104.100 22.300,103.550 22.800,103.550"
LAO_CAI_WARDS = "22.530,103.920 22.530,104.030 22.430,104.030 22.430,103.920 22.530,103.920"
LANG_NU_CIRCLE = "22.10,104.35 3"


@dataclass(frozen=True)
class Area:
    description: str
    polygon: str | None = None
    circle: str | None = None


@dataclass(frozen=True)
class Template:
    """One message of a story: what it says, and when (flood hour) it is sent."""

    key: str
    msg_type: str
    hour: float
    severity: str
    urgency: str
    certainty: str
    category: str
    response: str
    event_vi: str
    event_en: str
    headline_vi: str
    headline_en: str
    instruction_vi: str
    instruction_en: str
    areas: tuple[Area, ...]
    references: tuple[str, ...] = ()  # keys of earlier templates of the same story
    parameters: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CapMessage:
    identifier: str
    sent: float
    template: Template
    references: tuple[tuple[str, float], ...] = ()  # (identifier, sent)

    @property
    def expires(self) -> float:
        return self.sent + VALID_S

    def summary(self, base_url: str) -> dict:
        """What the SSE ``alert`` event says about this message."""
        return {"id": self.identifier, "msgType": self.template.msg_type,
                "severity": self.template.severity, "urgency": self.template.urgency,
                "certainty": self.template.certainty,
                "event": self.template.event_vi + SIM_MARK_VI,
                "headline": self.template.headline_vi + SIM_MARK_VI, "sent": iso(self.sent),
                "references": [identifier for identifier, _ in self.references],
                "url": f"{base_url}/api/cap/{self.identifier}.xml"}


RAIN_EVENT = ("Mưa lớn diện rộng", "Widespread heavy rain")
RIVER_EVENT = ("Lũ lớn trên sông Hồng", "Major flood on the Red River")
EXTREME_EVENT = ("Lũ đặc biệt lớn trên sông Hồng", "Exceptional flood on the Red River")
DEBRIS_EVENT = ("Lũ quét, sạt lở đất", "Flash flood and debris flow")
LAO_CAI_BANK = Area("Ven sông Hồng, phường Lào Cai (Cốc Lếu, Kim Tân, Phố Mới)",
                    RIVER_BANK_LAO_CAI)
BAO_HA_BANK = Area("Ven sông Hồng, xã Bảo Hà", RIVER_BANK_BAO_HA)

FLOOD_STORY: tuple[Template, ...] = (
    Template("F01", "Alert", 0, "Minor", "Expected", "Likely", "Met", "Monitor", *RAIN_EVENT,
             "Mưa lớn diện rộng ở vùng núi phía Tây Bắc, 20-40 mm/giờ",
             "Widespread heavy rain in the north-west mountains, 20-40 mm/h",
             "Theo dõi tin cảnh báo, hạn chế đi lại ở vùng núi.",
             "Follow warnings, avoid travel in the mountains.",
             (Area("Bát Xát, Sa Pa, phường Lào Cai", NORTH_WEST),)),
    Template("F02", "Update", 1, "Moderate", "Expected", "Likely", "Met", "Prepare",
             *RAIN_EVENT, "Sông Hồng tại Lào Cai vượt báo động I (80,0 m), lũ lên nhanh",
             "Red River at Lào Cai above alarm level I (80.0 m), rising fast",
             "Chuẩn bị phương án sơ tán dân cư ven sông.",
             "Prepare to evacuate riverside homes.", (LAO_CAI_BANK, Area(
                 "Bát Xát, Sa Pa, phường Lào Cai", NORTH_WEST)), ("F01",),
             (("waterLevel_m", "80.30"),)),
    Template("F03", "Alert", 2, "Severe", "Immediate", "Observed", "Met", "Evacuate",
             *RIVER_EVENT, "Sông Hồng tại Lào Cai vượt báo động III (83,5 m)",
             "Red River at Lào Cai above alarm level III (83.5 m)",
             "Sơ tán dân cư ven sông Hồng đến các điểm sơ tán.",
             "Evacuate riverside homes to the shelters.", (LAO_CAI_BANK,), (),
             (("waterLevel_m", "83.80"),)),
    Template("F04", "Update", 4, "Extreme", "Immediate", "Observed", "Met", "Evacuate",
             *EXTREME_EVENT, "Sông Hồng tại Lào Cai 86,91 m, trên BĐIII 3,41 m, vượt lũ lịch sử",
             "Red River at Lào Cai 86.91 m, 3.41 m above alarm III, above the 1971 record",
             "Sơ tán khỏi khu vực ven sông ngay lập tức.",
             "Leave the riverside areas immediately.", (LAO_CAI_BANK, BAO_HA_BANK), ("F03",),
             (("waterLevel_m", "86.91"),)),
    Template("F05", "Alert", 5, "Extreme", "Immediate", "Observed", "Geo", "Evacuate",
             *DEBRIS_EVENT, "Lũ quét vùi lấp thôn Làng Nủ, xã Phúc Khánh",
             "Debris flow buries Làng Nủ village, Phúc Khánh commune",
             "Cứu hộ khẩn cấp; không vào khu vực sạt lở; sơ tán các hộ ven suối.",
             "Emergency rescue; keep out of the slide; evacuate homes along streams.",
             (Area("Làng Nủ, xã Phúc Khánh (vị trí gần đúng)", circle=LANG_NU_CIRCLE),)),
    Template("F06", "Cancel", 7, "Moderate", "Past", "Observed", "Met", "AllClear",
             *RAIN_EVENT, "Kết thúc cảnh báo mưa lớn", "Heavy-rain warning ended", "", "",
             (Area("Bát Xát, Sa Pa, phường Lào Cai", NORTH_WEST),), ("F02",)),
    Template("F07", "Cancel", 8, "Extreme", "Past", "Observed", "Met", "AllClear",
             *EXTREME_EVENT, "Nước sông Hồng tại Lào Cai đã xuống dưới báo động III",
             "Red River at Lào Cai back below alarm level III",
             "Người dân chỉ trở về nhà khi có thông báo của chính quyền.",
             "Return home only when the authorities say so.", (LAO_CAI_BANK,), ("F04",)),
)
ADVISORIES: tuple[Template, ...] = (
    Template("N01", "Update", 0, "Minor", "Expected", "Likely", "Env", "Monitor",
             "Chất lượng không khí mức trung bình", "Moderate air quality",
             "VN_AQI mức trung bình tại các phường trung tâm Lào Cai",
             "Moderate VN_AQI in central Lào Cai wards",
             "Người nhạy cảm hạn chế hoạt động mạnh ngoài trời.",
             "Sensitive people should limit strenuous outdoor activity.",
             (Area("Phường Lào Cai, Cốc Lếu, Cam Đường", LAO_CAI_WARDS),)),
    Template("N02", "Update", 0, "Moderate", "Future", "Possible", "Met", "Prepare",
             "Mưa dông, nguy cơ lũ quét vùng núi", "Thunderstorms, flash-flood risk",
             "Khả năng mưa dông chiều tối, nguy cơ lũ quét, sạt lở vùng núi",
             "Evening thunderstorms possible; flash-flood and landslide risk in the mountains",
             "Đề phòng lốc, sét, mưa đá; không qua ngầm, tràn khi nước lên.",
             "Beware of squalls, lightning and hail; do not cross flooded fords.",
             (Area("Bát Xát, Sa Pa, phường Lào Cai", NORTH_WEST),)),
)


def messages(sim: Simulation, t: float) -> list[CapMessage]:
    """Every message in the feed at simulated time ``t``, newest first."""
    found = _advisories(t)
    for episode in sim.episodes:
        found.extend(_story(episode, t))
    recent = [m for m in found if t - FEED_WINDOW_S < m.sent <= t]
    return sorted(recent, key=lambda m: (m.sent, m.identifier), reverse=True)


def find(sim: Simulation, t: float, identifier: str) -> CapMessage | None:
    return next((m for m in messages(sim, t) if m.identifier == identifier), None)


def in_force(sim: Simulation, t: float) -> list[CapMessage]:
    """Messages not superseded, cancelled or expired at ``t`` (CAP Update/Cancel rules)."""
    feed = messages(sim, t)
    closed = {ref for m in feed if m.template.msg_type in ("Update", "Cancel")
              for ref, _sent in m.references}
    return [m for m in feed if m.template.msg_type != "Cancel"
            and m.identifier not in closed and m.expires > t]


def _advisories(t: float) -> list[CapMessage]:
    issued = bucket_start(t, ADVISORY_PERIOD_S)
    previous = issued - ADVISORY_PERIOD_S
    return [CapMessage(_identifier(issued, template.key), issued, template,
                       ((_identifier(previous, template.key), previous),))
            for template in ADVISORIES]


def _story(episode: FloodEpisode, t: float) -> list[CapMessage]:
    until = t if episode.end is None else min(t, episode.end)
    issued: dict[str, CapMessage] = {}
    for template in FLOOD_STORY:
        sent = episode.moment_of(template.hour)
        if sent > until:
            continue
        references = tuple((issued[key].identifier, issued[key].sent)
                           for key in template.references if key in issued)
        issued[template.key] = CapMessage(_identifier(episode.start, template.key), sent,
                                          template, references)
    found = list(issued.values())
    if episode.end is not None and episode.end <= t:
        found.extend(_all_clear(found, episode))
    return found


def _all_clear(found: list[CapMessage], episode: FloodEpisode) -> list[CapMessage]:
    """Cancels for what an ended replay left in force."""
    assert episode.end is not None
    closed = {ref for m in found if m.template.msg_type in ("Update", "Cancel")
              for ref, _sent in m.references}
    cancels = []
    for message in found:
        if message.template.msg_type == "Cancel" or message.identifier in closed:
            continue
        original = message.template
        template = Template(
            f"X{original.key}", "Cancel", episode.hour_at(episode.end), original.severity,
            "Past", "Observed", original.category, "AllClear", original.event_vi,
            original.event_en, "Kết thúc diễn tập: " + original.headline_vi,
            "Exercise ended: " + original.headline_en, "", "", original.areas,
            (original.key,))
        cancels.append(CapMessage(_identifier(episode.start, template.key), episode.end,
                                  template, ((message.identifier, message.sent),)))
    return cancels


def _identifier(start: float, key: str) -> str:
    return f"VN-LCI-IOC-SIM-{FloodEpisode(start).tag}-{key}"


# --- documents -----------------------------------------------------------------------------
def cap_xml(message: CapMessage) -> bytes:
    """The full CAP 1.2 document, a ``vi-VN`` info block first and an ``en-US`` one second."""
    alert = ET.Element(f"{{{CAP_NS}}}alert")
    template = message.template
    for name, text in (("identifier", message.identifier), ("sender", SENDER),
                       ("sent", iso(message.sent)), ("status", "Exercise"),
                       ("msgType", template.msg_type), ("scope", "Public")):
        _add(alert, name, text)
    _add(alert, "note", "MÔ PHỎNG / SIMULATED — dựa trên số liệu công khai về bão Yagi 9/2024; "
                        "không phải dữ liệu vận hành.")
    if message.references:
        _add(alert, "references", " ".join(f"{SENDER},{identifier},{iso(sent)}"
                                          for identifier, sent in message.references))
    for language in ("vi-VN", "en-US"):
        _info(alert, message, language)
    ET.indent(alert)
    return ET.tostring(alert, encoding="UTF-8", xml_declaration=True, default_namespace=CAP_NS)


def _info(alert: ET.Element, message: CapMessage, language: str) -> None:
    template = message.template
    vietnamese = language == "vi-VN"
    info = _add(alert, "info")
    _add(info, "language", language)
    _add(info, "category", template.category)
    _add(info, "event", (template.event_vi + SIM_MARK_VI) if vietnamese
         else (template.event_en + SIM_MARK_EN))
    _add(info, "responseType", template.response)
    for name in ("urgency", "severity", "certainty"):
        _add(info, name, getattr(template, name))
    _add(info, "effective", iso(message.sent))
    _add(info, "expires", iso(message.expires))
    _add(info, "senderName", SENDER_NAME)
    _add(info, "headline", (template.headline_vi + SIM_MARK_VI) if vietnamese
         else (template.headline_en + SIM_MARK_EN))
    instruction = template.instruction_vi if vietnamese else template.instruction_en
    if instruction:
        _add(info, "instruction", instruction)
    for name, value in template.parameters:
        parameter = _add(info, "parameter")
        _add(parameter, "valueName", name)
        _add(parameter, "value", value)
    for area in template.areas:
        element = _add(info, "area")
        _add(element, "areaDesc", area.description)
        if area.polygon:
            _add(element, "polygon", area.polygon)
        if area.circle:
            _add(element, "circle", area.circle)


def _add(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{CAP_NS}}}{name}")
    if text is not None:
        element.text = text
    return element


def atom(sim: Simulation, t: float, base_url: str) -> bytes:
    """The index: one entry per message, each linking to its full CAP document."""
    feed_messages = messages(sim, t)

    def add(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, name, attrs)
        if text is not None:
            element.text = text
        return element

    # plain names under an explicit xmlns: Atom's attributes (rel, href) are unqualified,
    # which ElementTree's default_namespace option refuses
    feed = ET.Element("feed", xmlns=ATOM_NS)
    add(feed, "id", f"{base_url}/api/cap/feed.atom")
    add(feed, "title", "Cảnh báo CAP — IOC Lào Cai (MÔ PHỎNG / SIMULATED)")
    add(feed, "updated", iso(max((m.sent for m in feed_messages), default=bucket_start(
        t, ADVISORY_PERIOD_S))))
    author = add(feed, "author")
    add(author, "name", SENDER_NAME)
    add(feed, "link", rel="self", href=f"{base_url}/api/cap/feed.atom")
    for message in feed_messages:
        link = f"{base_url}/api/cap/{message.identifier}.xml"
        entry = add(feed, "entry")
        add(entry, "id", f"urn:cap:{SENDER}:{message.identifier}")
        add(entry, "title", message.template.headline_vi + SIM_MARK_VI)
        add(entry, "updated", iso(message.sent))
        add(entry, "summary", f"{message.template.msg_type} — {message.template.severity} / "
                              f"{message.template.urgency} / {message.template.certainty}")
        add(entry, "link", rel="alternate", type="application/cap+xml", href=link)
    ET.indent(feed)
    return ET.tostring(feed, encoding="UTF-8", xml_declaration=True)


# --- the same areas as GeoJSON -------------------------------------------------------------
def area_features(sim: Simulation, t: float) -> list[dict]:
    """Areas of the messages in force as GeoJSON polygons ([lon, lat], counter-clockwise)."""
    features = []
    for message in in_force(sim, t):
        for index, area in enumerate(message.template.areas):
            ring = _ring(area)
            if ring is None:
                continue
            features.append({
                "type": "Feature", "id": f"{message.identifier}-{index}",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {"identifier": message.identifier, "name": area.description,
                               "severity": message.template.severity,
                               "urgency": message.template.urgency,
                               "msgType": message.template.msg_type,
                               "event": message.template.event_vi + SIM_MARK_VI,
                               "headline": message.template.headline_vi + SIM_MARK_VI,
                               "sent": iso(message.sent), "expires": iso(message.expires)}})
    return features


def _ring(area: Area) -> list[list[float]] | None:
    if area.polygon:
        ring = [[float(lon), float(lat)] for lat, lon in
                (pair.split(",") for pair in area.polygon.split())]
        return ring if _signed_area(ring) > 0 else ring[::-1]
    if area.circle:
        centre, radius = area.circle.split()
        lat, lon = (float(x) for x in centre.split(","))
        return circle_ring(lat, lon, float(radius))
    return None


def circle_ring(lat: float, lon: float, radius_km: float, vertices: int = 32) -> list:
    """A circle as a closed counter-clockwise ring of [lon, lat] points."""
    ring = []
    for k in range(vertices + 1):
        angle = 2 * math.pi * (k % vertices) / vertices
        ring.append([round(lon + radius_km / (111.32 * math.cos(math.radians(lat)))
                           * math.cos(angle), 5),
                     round(lat + radius_km / 110.57 * math.sin(angle), 5)])
    return ring


def _signed_area(ring: list[list[float]]) -> float:
    """Shoelace: positive for a counter-clockwise ring."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))
