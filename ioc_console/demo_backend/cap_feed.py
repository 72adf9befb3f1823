"""CAP 1.2 messages of the simulated province and the Atom index that lists them.

Normal operations carry one minor and one moderate advisory. The flood replay issues,
updates and cancels messages as it goes (DOMAIN.md §2.5); every one is an Exercise
(``<status>Exercise</status>``) and says MÔ PHỎNG. Times are real times (relative to now),
so a console's alert store does not treat them as long expired.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from xml.sax.saxutils import escape

from .geo_layers import circle_ring
from .simulation import LOCAL, Simulation

SENDER = "ioc-demo@laocai.invalid"
RIVER_BANK = "22.515,103.945 22.515,103.985 22.480,103.995 22.470,103.970 22.515,103.945"
NORTH_WEST = "22.75,103.55 22.75,104.10 22.30,104.10 22.30,103.55 22.75,103.55"
LAO_CAI_CITY = "22.53,103.92 22.53,104.02 22.44,104.02 22.44,103.92 22.53,103.92"


@dataclass(frozen=True)
class Message:
    identifier: str
    msg_type: str
    hour: float  # when in the flood it is issued (None-like -1 for normal operations)
    severity: str = "Minor"
    urgency: str = "Expected"
    certainty: str = "Likely"
    category: str = "Met"
    event: str = ""
    headline: str = ""
    headline_en: str = ""
    instruction: str = ""
    area: str = ""
    polygon: str | None = None
    circle: str | None = None
    references: tuple[str, ...] = field(default_factory=tuple)


def _flood_messages(seed: int) -> list[Message]:
    def ident(n: int) -> str:
        return f"VN-LCI-IOC-SIM-{seed}-F{n:02d}"

    return [
        Message(ident(1), "Alert", 0, "Minor", "Expected", "Likely", "Met",
                "Mưa lớn diện rộng (MÔ PHỎNG)", "Mưa lớn diện rộng khu vực Tây Bắc Lào Cai",
                "Widespread heavy rain over north-west Lào Cai",
                "Theo dõi tin cảnh báo, hạn chế đi lại vùng núi.",
                "Các xã phía Tây Bắc tỉnh Lào Cai", polygon=NORTH_WEST),
        Message(ident(2), "Update", 1, "Moderate", "Expected", "Likely", "Met",
                "Mưa lớn, lũ lên nhanh (MÔ PHỎNG)", "Sông Hồng tại Lào Cai vượt báo động I",
                "Red River at Lào Cai above alarm level I",
                "Chuẩn bị phương án sơ tán ven sông.", "Ven sông Hồng, TP Lào Cai",
                polygon=RIVER_BANK, references=(ident(1),)),
        Message(ident(3), "Alert", 2, "Severe", "Immediate", "Observed", "Met",
                "Lũ lớn trên sông Hồng (MÔ PHỎNG)", "Sông Hồng tại Lào Cai vượt báo động III",
                "Red River at Lào Cai above alarm level III",
                "Sơ tán dân cư ven sông Hồng.", "Ven sông Hồng, phường Lào Cai",
                polygon=RIVER_BANK),
        Message(ident(4), "Update", 4, "Extreme", "Immediate", "Observed", "Met",
                "Lũ đặc biệt lớn trên sông Hồng (MÔ PHỎNG)",
                "Sông Hồng tại Lào Cai 86,91 m, trên BĐIII 3,41 m",
                "Red River at Lào Cai 86.91 m, 3.41 m above alarm level III",
                "Sơ tán khỏi khu vực ven sông ngay lập tức.", "Ven sông Hồng, phường Lào Cai",
                polygon=RIVER_BANK, references=(ident(3),)),
        Message(ident(5), "Alert", 5, "Extreme", "Immediate", "Observed", "Geo",
                "Lũ quét, sạt lở đất (MÔ PHỎNG)", "Lũ quét vùi lấp thôn Làng Nủ, xã Phúc Khánh",
                "Debris flow buries Làng Nủ village, Phúc Khánh commune",
                "Cứu hộ khẩn cấp; cấm người dân vào khu vực sạt lở.",
                "Làng Nủ, xã Phúc Khánh (vị trí gần đúng)", circle="22.10,104.35 3"),
        Message(ident(6), "Cancel", 7, "Moderate", "Past", "Observed", "Met",
                "Mưa lớn, lũ lên nhanh (MÔ PHỎNG)", "Kết thúc cảnh báo mưa lớn",
                "Heavy-rain warning ended", "", "Các xã phía Tây Bắc tỉnh Lào Cai",
                references=(ident(2),)),
        Message(ident(7), "Cancel", 8, "Extreme", "Past", "Observed", "Met",
                "Lũ đặc biệt lớn trên sông Hồng (MÔ PHỎNG)", "Nước sông Hồng đã rút dưới BĐIII",
                "Red River back below alarm level III", "", "Ven sông Hồng, phường Lào Cai",
                references=(ident(4),)),
    ]


def _normal_messages(seed: int) -> list[Message]:
    return [
        Message(f"VN-LCI-IOC-SIM-{seed}-N01", "Alert", -1, "Minor", "Expected", "Likely", "Env",
                "Chất lượng không khí trung bình (MÔ PHỎNG)",
                "VN_AQI mức trung bình tại TP Lào Cai", "Moderate air quality in Lào Cai city",
                "Người nhạy cảm hạn chế hoạt động ngoài trời.", "TP Lào Cai",
                polygon=LAO_CAI_CITY),
        Message(f"VN-LCI-IOC-SIM-{seed}-N02", "Alert", -1, "Moderate", "Future", "Possible",
                "Met", "Mưa dông (MÔ PHỎNG)", "Khả năng mưa dông chiều tối",
                "Thunderstorms possible this evening", "Đề phòng lốc, sét, mưa đá.",
                "Sa Pa, Bát Xát", polygon=NORTH_WEST),
    ]


class CapFeed:
    def __init__(self, sim: Simulation) -> None:
        self.sim = sim

    def current(self) -> list[tuple[Message, float]]:
        """Messages issued so far, with the real time each was sent."""
        hour = self.sim.flood_hour()
        if hour is None:
            start = self.sim.started
            return [(m, start) for m in _normal_messages(self.sim.seed)]
        return [(m, self.sim.flood_moment(m.hour)) for m in _flood_messages(self.sim.seed)
                if hour >= m.hour]

    def message(self, identifier: str) -> str | None:
        for message, sent in self.current():
            if message.identifier == identifier:
                return render(message, sent, self.sent_of)
        return None

    def sent_of(self, identifier: str) -> float:
        for message, sent in self.current():
            if message.identifier == identifier:
                return sent
        return self.sim.started

    def atom(self, base_url: str) -> str:
        entries = []
        for message, sent in self.current():
            link = f"{base_url}/api/cap/{message.identifier}.xml"
            entries.append(
                f"<entry><id>{escape(link)}</id><title>{escape(message.headline)}</title>"
                f"<updated>{stamp(sent)}</updated>"
                f'<link rel="alternate" type="application/cap+xml" href="{escape(link)}"/>'
                "</entry>")
        updated = stamp(max((s for _m, s in self.current()), default=self.sim.started))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<feed xmlns="http://www.w3.org/2005/Atom">'
                "<title>Cảnh báo IOC Lào Cai (MÔ PHỎNG)</title>"
                f"<id>{escape(base_url)}/api/cap/feed.atom</id><updated>{updated}</updated>"
                + "".join(entries) + "</feed>")

    def areas(self) -> list[dict]:
        """Active alert areas as GeoJSON features (for the alert_areas layer)."""
        cancelled = {ref for m, _s in self.current() if m.msg_type == "Cancel"
                     for ref in m.references}
        replaced = {ref for m, _s in self.current() if m.msg_type == "Update"
                    for ref in m.references}
        features = []
        for message, _sent in self.current():
            if message.msg_type == "Cancel" or message.identifier in cancelled | replaced:
                continue
            if message.polygon:
                ring = [[float(p.split(",")[1]), float(p.split(",")[0])]
                        for p in message.polygon.split()]
            elif message.circle:
                centre, radius = message.circle.split()
                lat, lon = (float(x) for x in centre.split(","))
                ring = circle_ring(lat, lon, float(radius))
            else:
                continue
            features.append({"type": "Feature", "id": message.identifier,
                             "geometry": {"type": "Polygon", "coordinates": [ring]},
                             "properties": {"name": message.area, "severity": message.severity,
                                            "headline": message.headline}})
        return features


def stamp(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, LOCAL).isoformat(timespec="seconds")


def render(message: Message, sent: float, sent_of) -> str:
    references = " ".join(f"{SENDER},{ref},{stamp(sent_of(ref))}" for ref in message.references)
    expires = stamp(sent + timedelta(hours=12).total_seconds())
    area = f"<areaDesc>{escape(message.area)}</areaDesc>"
    if message.polygon:
        area += f"<polygon>{message.polygon}</polygon>"
    if message.circle:
        area += f"<circle>{message.circle}</circle>"

    def info(language: str, headline: str) -> str:
        return (f"<info><language>{language}</language><category>{message.category}</category>"
                f"<event>{escape(message.event)}</event><urgency>{message.urgency}</urgency>"
                f"<severity>{message.severity}</severity>"
                f"<certainty>{message.certainty}</certainty>"
                f"<effective>{stamp(sent)}</effective><expires>{expires}</expires>"
                f"<senderName>IOC Lào Cai (MÔ PHỎNG)</senderName>"
                f"<headline>{escape(headline)}</headline>"
                f"<instruction>{escape(message.instruction)}</instruction>"
                f"<area>{area}</area></info>")

    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">'
            f"<identifier>{message.identifier}</identifier><sender>{SENDER}</sender>"
            f"<sent>{stamp(sent)}</sent><status>Exercise</status>"
            f"<msgType>{message.msg_type}</msgType><scope>Public</scope>"
            + (f"<references>{references}</references>" if references else "")
            + info("vi-VN", message.headline) + info("en-US", message.headline_en)
            + "</alert>")
