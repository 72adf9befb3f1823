"""Things that happen at a moment: citizens' reports and AI-camera events.

Each is generated from its time bucket alone (one report per bucket, one camera event per
camera and bucket), so "the last eight reports" are the same list for everyone who asks at
the same simulated time, and the event stream can announce each one exactly once. During a
flood replay buckets are shorter (15 simulated seconds, a quarter of a flood hour) and the
content turns to the flood.
"""

from __future__ import annotations

from collections.abc import Iterator

from .places import CAMERAS, COMMUNES, FLOOD_COMMUNES, REPORT_CATEGORIES, Camera, Place
from .simulation import Simulation, bucket_start, iso

NORMAL_REPORT_EVERY_S = 600.0
FLOOD_REPORT_EVERY_S = 15.0
CAMERA_EVENT_EVERY_S = 120.0
FLOOD_CAMERA_EVENT_EVERY_S = 15.0

EVENT_TYPES = ("red_light", "wrong_way", "no_helmet", "illegal_parking", "encroachment",
               "crowd_gathering", "congestion", "accident", "smoke_fire", "flooded_road",
               "landslide_on_road", "camera_offline")
# everyday mix, by weight (accidents and fires are rare)
_NORMAL_MIX = (("no_helmet", 30), ("red_light", 22), ("illegal_parking", 16),
               ("wrong_way", 10), ("encroachment", 8), ("congestion", 8),
               ("crowd_gathering", 4), ("accident", 1), ("smoke_fire", 1))
_RIVERSIDE = {"cam01", "cam02", "cam03", "cam04", "cam07", "cam08", "cam09"}
_BOXES = {  # where in the picture a detection of this kind usually is: [x, y, w, h]
    "flooded_road": (0.05, 0.55, 0.90, 0.40), "landslide_on_road": (0.30, 0.35, 0.45, 0.40),
    "congestion": (0.10, 0.45, 0.80, 0.35), "crowd_gathering": (0.35, 0.40, 0.30, 0.35),
}
_DETECTION_TEXTS = {  # what the operator reads next to a detection (VI / EN)
    "no_helmet": "Không đội mũ bảo hiểm / No helmet",
    "red_light": "Vượt đèn đỏ / Red-light violation",
    "illegal_parking": "Đỗ xe sai quy định / Illegal parking",
    "wrong_way": "Đi ngược chiều / Wrong-way driving",
    "encroachment": "Lấn chiếm lòng đường / Road encroachment",
    "congestion": "Ùn tắc giao thông / Congestion",
    "crowd_gathering": "Tụ tập đông người / Crowd gathering",
    "accident": "Nghi có tai nạn giao thông / Suspected accident",
    "smoke_fire": "Phát hiện khói, lửa / Smoke or fire",
    "flooded_road": "Đường bị ngập nước / Flooded road",
    "landslide_on_road": "Sạt lở đất đá ra đường / Landslide on the road",
    "camera_offline": "Mất tín hiệu camera / Camera offline",
}
_NORMAL_TEXTS = {
    "Hạ tầng giao thông": "Mặt đường hư hỏng, ổ gà gây nguy hiểm",
    "Môi trường, rác thải": "Rác thải tồn đọng chưa được thu gom",
    "Điện, chiếu sáng, nước": "Đèn chiếu sáng công cộng không hoạt động",
    "An ninh trật tự": "Tụ tập gây mất trật tự ban đêm",
    "Thủ tục hành chính": "Hỏi về tiến độ giải quyết hồ sơ đất đai",
    "Thiên tai": "Nguy cơ sạt lở taluy sau mưa",
}
_FLOOD_TEXTS = ("Nước sông Hồng tràn vào đường, ngập khoảng 40 cm",
                "Nhà dân ngập sâu, cần hỗ trợ di dời người già, trẻ em",
                "Sạt lở taluy dương, đất đá tràn ra đường",
                "Mất điện, mất liên lạc với thôn",
                "Cây đổ chắn ngang đường, xe không qua được",
                "Nước lên nhanh, cần xuồng cứu hộ")


# --- citizens' reports ---------------------------------------------------------------------
def report_moments(sim: Simulation, t: float) -> Iterator[float]:
    """Bucket starts at or before ``t``, newest first, each one report."""
    moment = t
    while True:
        step = FLOOD_REPORT_EVERY_S if sim.episode_at(moment) else NORMAL_REPORT_EVERY_S
        start = bucket_start(moment, step)
        yield start
        moment = start - 0.001


def report_at(sim: Simulation, moment: float) -> dict:
    key = int(moment)
    flooding = sim.episode_at(moment) is not None
    n = sim.noise("report", key)
    pick = int((n + 1) * 1000)
    if flooding and pick % 4 != 3:
        commune = _commune(FLOOD_COMMUNES[pick % len(FLOOD_COMMUNES)])
        category, text = "Thiên tai", _FLOOD_TEXTS[(pick // 7) % len(_FLOOD_TEXTS)]
    else:
        commune = COMMUNES[pick % len(COMMUNES)]
        category = REPORT_CATEGORIES[(pick // 13) % (len(REPORT_CATEGORIES) - 1)]
        text = _NORMAL_TEXTS[category]
    return {"id": f"PA-{key}", "time": iso(moment), "category": category,
            "commune": commune.name, "text": text + " (MÔ PHỎNG)",
            "lat": round(commune.lat + 0.012 * sim.noise("report_lat", key), 4),
            "lon": round(commune.lon + 0.012 * sim.noise("report_lon", key), 4)}


def recent_reports(sim: Simulation, t: float, count: int = 8) -> list[dict]:
    moments = report_moments(sim, t)
    return [report_at(sim, next(moments)) for _ in range(count)]


def _commune(commune_id: str) -> Place:
    return next(c for c in COMMUNES if c.id == commune_id)


# --- AI-camera events ----------------------------------------------------------------------
def camera_offline(sim: Simulation, camera: Camera, t: float) -> bool:
    hour = sim.flood_hour(t)
    return (hour is not None and camera.offline_from_flood_hour is not None
            and hour >= camera.offline_from_flood_hour)


def offline_cameras(sim: Simulation, t: float) -> set[str]:
    return {camera.id for camera in CAMERAS if camera_offline(sim, camera, t)}


def camera_events(sim: Simulation, camera: Camera, t: float, count: int = 3) -> list[dict]:
    """The camera's latest detections, newest first (none once it is offline)."""
    events: list[dict] = []
    moment = t
    offset = CAMERAS.index(camera) * 7.0  # cameras do not all fire on the same second
    while len(events) < count:
        flooding = sim.episode_at(moment) is not None
        step = FLOOD_CAMERA_EVENT_EVERY_S if flooding else CAMERA_EVENT_EVERY_S
        start = bucket_start(moment - offset % step, step) + offset % step
        if not camera_offline(sim, camera, start):
            events.append(_camera_event(sim, camera, start, flooding))
        moment = start - 0.001
    return events


def recent_camera_events(sim: Simulation, t: float, count: int = 10) -> list[dict]:
    """Province-wide detections, newest first, with a ``camera_offline`` when one goes dark."""
    events = [e for camera in CAMERAS if not camera_offline(sim, camera, t)
              for e in camera_events(sim, camera, t, 2)]
    episode = sim.episode_at(t)
    for camera in CAMERAS:
        if episode is not None and camera_offline(sim, camera, t):
            assert camera.offline_from_flood_hour is not None
            moment = episode.moment_of(camera.offline_from_flood_hour)
            events.append(_event(camera, moment, "camera_offline", (0.0, 0.0, 1.0, 1.0), 1.0))
    events.sort(key=lambda e: (e["epoch_s"], e["camera"]), reverse=True)
    return [_public(e) for e in events[:count]]


def _camera_event(sim: Simulation, camera: Camera, moment: float, flooding: bool) -> dict:
    key = f"{camera.id}:{int(moment)}"
    n = sim.noise("camera_event", key)
    if flooding and camera.id in _RIVERSIDE:
        kind = "flooded_road" if n > -0.6 else "congestion"
    elif flooding:
        kind = "landslide_on_road" if n > 0.2 else "congestion"
    else:
        kind = _weighted(_NORMAL_MIX, (n + 1) / 2)
    x = 0.1 + 0.5 * abs(sim.noise("camera_x", key))
    y = 0.35 + 0.3 * abs(sim.noise("camera_y", key))
    box = _BOXES.get(kind, (round(x, 3), round(y, 3), 0.18, 0.22))
    score = round(0.62 + 0.36 * abs(sim.noise("camera_score", key)), 2)
    return _event(camera, moment, kind, box, score)


def _event(camera: Camera, moment: float, kind: str, box: tuple[float, ...],
           score: float) -> dict:
    return {"id": f"{camera.id}-{int(moment)}", "epoch_s": moment, "time": iso(moment),
            "camera": camera.id, "camera_name": camera.name, "type": kind, "label": kind,
            "text": f"{_DETECTION_TEXTS.get(kind, kind)} — {camera.name}", "box": list(box),
            "score": score, "lat": camera.lat, "lon": camera.lon}


def _public(event: dict) -> dict:
    return {k: v for k, v in event.items() if k != "epoch_s"}


def public_events(events: list[dict]) -> list[dict]:
    return [_public(e) for e in events]


def _weighted(mix: tuple[tuple[str, int], ...], position: float) -> str:
    total = sum(weight for _, weight in mix)
    mark = position * total
    for kind, weight in mix:
        if mark < weight:
            return kind
        mark -= weight
    return mix[-1][0]

