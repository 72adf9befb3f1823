"""``/api/cameras``, ``/api/camera/<id>/snapshot.png`` and ``/api/camera/<id>/events``.

The index embeds each camera's latest detections (the camera tile draws their boxes without
a second request) and links to the picture and the event list. A camera that the flood has
cut off is ``"online": false`` and its picture and events answer 503, as a real VMS does.
"""

from __future__ import annotations

import math
from datetime import datetime

from . import hydrology, incidents, snapshots
from .places import CAMERAS, CAMERAS_BY_ID, GAUGES_BY_ID, Camera
from .simulation import LOCAL, Simulation, bucket_start, simulated

PICTURE_EVERY_S = 5.0  # a new frame every 5 simulated seconds (same bytes within one)
BOAT_CROSSING_S = 120.0


def index(sim: Simulation, t: float, base_url: str) -> dict:
    offline = incidents.offline_cameras(sim, t)
    cameras = []
    for camera in CAMERAS:
        online = camera.id not in offline
        events = incidents.camera_events(sim, camera, t) if online else []
        cameras.append({
            "id": camera.id, "name": camera.name, "lat": camera.lat, "lon": camera.lon,
            "online": online,
            "snapshot_url": f"{base_url}/api/camera/{camera.id}/snapshot.png",
            "events_url": f"{base_url}/api/camera/{camera.id}/events",
            "events": incidents.public_events(events)})
    return simulated({"cameras": cameras})


def known(camera_id: str) -> bool:
    return camera_id in CAMERAS_BY_ID


def is_online(sim: Simulation, camera_id: str, t: float) -> bool:
    return not incidents.camera_offline(sim, CAMERAS_BY_ID[camera_id], t)


def events(sim: Simulation, camera_id: str, t: float) -> dict:
    camera = CAMERAS_BY_ID[camera_id]
    found = incidents.camera_events(sim, camera, t, 10)
    return simulated({"camera": camera.id, "name": camera.name,
                      "events": incidents.public_events(found)})


def picture(sim: Simulation, camera_id: str, t: float) -> bytes:
    camera = CAMERAS_BY_ID[camera_id]
    moment = bucket_start(t, PICTURE_EVERY_S)
    return snapshots.render(scene(sim, camera, moment))


def scene(sim: Simulation, camera: Camera, t: float) -> snapshots.Scene:
    gauge = hydrology.nearest_gauge(camera.lat, camera.lon)
    level = hydrology.gauge_level(sim, GAUGES_BY_ID[gauge.id], t)
    top = gauge.alarm_levels_m[2] + 3.5  # the picture is "full" 3.5 m above alarm III
    share = (level - gauge.normal_level_m) / (top - gauge.normal_level_m)
    local = datetime.fromtimestamp(t, LOCAL)
    hours = local.hour + local.minute / 60
    daylight = max(0.0, math.sin(math.pi * (hours - 6) / 12))
    flooding = sim.episode_at(t) is not None
    return snapshots.Scene(level_share=share, phase=(t % BOAT_CROSSING_S) / BOAT_CROSSING_S,
                           daylight=daylight, muddy=share > 0.45 or flooding,
                           rain_streaks=flooding)
