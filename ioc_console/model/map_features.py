"""What a map layer draws, computed from source values, and what changed since last time.

Pure Python: turns GeoJSON and alerts into simple feature dicts the page's script draws,
and diffs two snapshots so an update sends only what moved, appeared or left. Text from
data travels as data (JSON) and the page sets it with textContent: it is never markup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

ALARM_COLORS = {0: "#3ddc84", 1: "#ffd60a", 2: "#ff9f0a", 3: "#ff3b30"}
SEVERITY_COLORS = {"Extreme": "#d400ff", "Severe": "#ff3b30", "Moderate": "#ff9f0a",
                   "Minor": "#ffd60a", "Unknown": "#9aa7b4"}
MAX_PERMANENT_LABELS = 50  # beyond this labels show on hover: 1000 labels are unreadable anyway
POINT_RADIUS = {"gauges": 13, "cameras": 9, "shelters": 10, "reports": 8, "landslides": 11,
                "points": 8}

Feature = dict[str, Any]


@dataclass
class LayerDiff:
    upsert: list[Feature] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.upsert and not self.remove


def features_for(kind: str, value: Any, color: str = "#4aa3ff") -> dict[str, Feature]:
    if kind == "alerts":
        return _alert_features(value)
    if not isinstance(value, dict) or value.get("type") != "FeatureCollection":
        return {}
    out: dict[str, Feature] = {}
    features = value.get("features", [])
    permanent = len(features) <= MAX_PERMANENT_LABELS
    for index, feature in enumerate(features):
        if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
            continue
        props = feature.get("properties") or {}
        fid = str(feature.get("id") or props.get("id") or f"f{index}")
        geometry = feature["geometry"]
        if geometry.get("type") == "Point" and kind != "outline":
            lon, lat = geometry["coordinates"][:2]
            out[fid] = _point(kind, fid, lat, lon, props, color)
            out[fid]["permanent"] = permanent
            if not permanent and out[fid]["label"]:
                out[fid]["popup"] = [out[fid]["label"], *out[fid]["popup"][1:]]
        else:
            out[fid] = {"id": fid, "t": "shape", "geometry": geometry, "color": color,
                        "fill": 0.08 if kind == "outline" else 0.25,
                        "popup": _popup_lines(props)}
    return out


def _point(kind: str, fid: str, lat: float, lon: float, props: dict, color: str) -> Feature:
    name = str(props.get("name", ""))
    label = None
    if kind == "gauges":
        alarm = int(props.get("alarm", 0) or 0)
        color = ALARM_COLORS.get(alarm, color)
        level = props.get("level_m")
        label = f"{name} {level:.2f} m" if isinstance(level, (int, float)) else name
    elif kind == "cameras":
        color = "#3ddc84" if props.get("online", True) else "#6b7785"
    return {"id": fid, "t": "marker", "lat": lat, "lon": lon, "color": color,
            "radius": POINT_RADIUS.get(kind, 8), "label": label, "popup": _popup_lines(props)}


def _popup_lines(props: dict) -> list[str]:
    lines = []
    for key, value in props.items():
        if isinstance(value, (dict, list)) or key in {"id", "simulated", "label"}:
            continue
        lines.append(str(value) if key == "name" else f"{key}: {value}")
    return lines[:8]


def _alert_features(value: Any) -> dict[str, Feature]:
    from ioc_console.data.cap_geometry import circle_geometry
    from ioc_console.model.alert_feed_view import alerts_in

    alerts = alerts_in(value)
    out: dict[str, Feature] = {}
    for alert in alerts:
        severity = getattr(alert, "severity", "Unknown")
        color = SEVERITY_COLORS.get(severity, "#9aa7b4")
        popup = [str(getattr(alert, "headline", None) or getattr(alert, "event", "")),
                 f"{severity} · {getattr(alert, 'event', '')}"]
        circles = list(getattr(alert, "circles", []) or [])
        drawn_as_circle = [circle_geometry(*c) for c in circles]
        for index, (lon, lat, radius_km) in enumerate(circles):
            fid = f"{alert.identifier}#c{index}"
            out[fid] = {"id": fid, "t": "circle", "lat": lat, "lon": lon,
                        "radius_m": radius_km * 1000, "color": color, "popup": popup}
        for index, geometry in enumerate(getattr(alert, "areas", []) or []):
            if geometry in drawn_as_circle:
                continue
            fid = f"{alert.identifier}#a{index}"
            out[fid] = {"id": fid, "t": "shape", "geometry": geometry, "color": color,
                        "fill": 0.3, "popup": popup}
    return out


def diff(before: dict[str, Feature], after: dict[str, Feature]) -> LayerDiff:
    result = LayerDiff()
    for fid, feature in after.items():
        if before.get(fid) != feature:
            result.upsert.append(feature)
    result.remove = [fid for fid in before if fid not in after]
    return result


def js_call(function: str, *arguments: Any) -> str:
    """A script calling ``function`` with JSON arguments that cannot break out of the string.

    Each argument is JSON, then embedded as a JSON *string* and parsed in the page: quotes,
    backslashes, ``</script>`` and U+2028/2029 all arrive as the text they were.
    """
    encoded = []
    for argument in arguments:
        literal = json.dumps(json.dumps(argument)).replace("</", "<\\/")
        encoded.append(f"JSON.parse({literal})")
    return f"{function}({', '.join(encoded)});"
