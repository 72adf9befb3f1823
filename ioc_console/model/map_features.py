"""What a map layer draws, computed from source values, and what changed since last time.

Pure Python, no Qt: turns GeoJSON FeatureCollections and CAP alerts into small feature dicts
that the page's script (``resources/map/ioc_map.js``) draws, and diffs two snapshots so an
update sends only what appeared, changed or left. Keeping this here means the rules (colours,
labels, which text goes where, how data is embedded in a script) are tested without a browser.

Text from data only ever travels as JSON and the page sets it with ``textContent``: a feature
dict never contains markup, and :func:`js_call` embeds JSON so that nothing can end the script.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ioc_console.i18n import _, current_language

Feature = dict[str, Any]
Snapshot = dict[str, Feature]

MAX_PERMANENT_LABELS = 50
"""Beyond this many points a layer's labels show on hover only: 1000 labels are unreadable."""

RADIUS = {"gauges": 13, "landslides": 12, "shelters": 11, "cameras": 10, "reports": 10,
          "points": 9, "outline": 7, "lines": 7, "alerts": 8}
"""Marker radius in px on a 1080p panel (scaled by the page with the typography factor).
Gauges carry the alarm level, the most important thing on the map: they are the largest."""

LABELLED_KINDS = frozenset({"gauges", "points"})
"""Kinds whose points carry a permanent label; the others show their name on hover and in the
popup: eight shelter names or six landslide descriptions would bury the gauges' labels."""

SHAPE_PANES = {"outline": "outline", "alerts": "areas"}
MARKER_PANES = {"gauges": "gauges", "landslides": "priority"}
"""Where a kind is drawn; bottom to top: outline, shapes, areas, markers, priority, gauges.
Gauges go on top: nothing next to the Lào Cai gauge may hide its alarm colour."""

ROMAN = {1: "I", 2: "II", 3: "III"}
SEVERITY_RANK = {"Unknown": 0, "Minor": 1, "Moderate": 2, "Severe": 3, "Extreme": 4}
GEOMETRY_TYPES = frozenset({"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                            "MultiPolygon", "GeometryCollection"})
SHELTER_FULL = 0.9
"""A shelter at 90 % of its capacity is drawn in the warning colour (its popup gives numbers)."""
_SKIPPED_PROPERTIES = frozenset({"id", "name", "simulated", "label"})


@dataclass(frozen=True)
class Colors:
    """The colours features are drawn in. The UI passes its palette: the model may not import
    ``ioc_console.ui``, and one palette for charts, gauges and the map keeps them consistent."""

    alarm: Mapping[int, str]
    severity: Mapping[str, str]
    online: str
    offline: str
    warning: str


@dataclass
class LayerDiff:
    """What to send for one layer: features to add or replace, and ids to remove."""

    added: list[Feature] = field(default_factory=list)
    changed: list[Feature] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def upsert(self) -> list[Feature]:
        return [*self.added, *self.changed]

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def operation(self, layer: str) -> dict[str, Any]:
        """The page's ``ioc.apply`` operation for this layer."""
        return {"layer": layer, "upsert": self.upsert, "remove": self.removed}


def diff(before: Snapshot, after: Snapshot) -> LayerDiff:
    """Added, changed and removed features by id, in the order of ``after`` (draw order)."""
    result = LayerDiff()
    for fid, feature in after.items():
        old = before.get(fid)
        if old is None:
            result.added.append(feature)
        elif old != feature:
            result.changed.append(feature)
    result.removed = [fid for fid in before if fid not in after]
    return result


def features_for(kind: str, value: Any, colors: Colors,
                 color: str = "#4aa3ff") -> Snapshot | None:
    """The features of one layer, by id; ``None`` when ``value`` is not this kind's shape.

    ``None`` (not an empty dict) matters: an empty FeatureCollection clears a layer, but a value
    of the wrong shape must leave the last good picture on the wall rather than wipe it.
    GeoJSON arrives parsed from JSON, so plain ``dict``/``list`` checks suffice (and are fast:
    this runs for every marker on every poll).
    """
    if kind == "alerts":
        return alert_features(value, colors)
    if not isinstance(value, dict) or value.get("type") != "FeatureCollection":
        return None
    raw = value.get("features")
    if not isinstance(raw, list):
        return None
    points = sum(1 for f in raw if _geometry_type(f) == "Point")
    permanent = kind in LABELLED_KINDS and points <= MAX_PERMANENT_LABELS
    words = _Words()
    out: Snapshot = {}
    for index, item in enumerate(raw):
        geometry = item.get("geometry") if isinstance(item, dict) else None
        if not _valid_geometry(geometry):
            continue  # one broken feature must not cost the others
        props = item.get("properties")
        props = props if isinstance(props, dict) else {}
        fid = str(item.get("id") or props.get("id") or f"f{index}")
        if fid in out:
            fid = _unique(out, fid)
        if geometry["type"] == "Point":
            out[fid] = point_feature(kind, fid, geometry, props, colors, color, permanent, words)
        else:
            out[fid] = shape_feature(kind, fid, _clean_geometry(geometry), props, colors, color)
    return out


class _Words:
    """The translated phrases of one extraction, looked up once rather than per marker."""

    def __init__(self) -> None:
        self.alarm = _("alarm {level}")  # vi: "BĐ {level}", as on the river gauge boards
        self.offline = _("CAMERA OFFLINE")
        self.people = _("{occupancy} / {capacity} people")
        self.name_key = f"name_{current_language()}"  # "name_en" on an English wall


CURATED_KINDS = frozenset({"gauges", "cameras", "shelters", "reports", "landslides", "outline"})
"""Kinds whose popups show chosen fields only. Other kinds list their remaining properties as
"key: value": for an unknown layer that is better than nothing, for a known one it is noise
("approximate: True", "area_km2: 13256.92" next to the province's name)."""


def point_feature(kind: str, fid: str, geometry: dict[str, Any], props: dict[str, Any],
                  colors: Colors, color: str, permanent: bool,
                  words: _Words | None = None) -> Feature:
    words = words or _Words()
    lon, lat = geometry["coordinates"][:2]
    name = _text(props.get(words.name_key) or props.get("name", ""))
    label = name
    hollow = False
    popup = [name] if name else []
    if kind == "gauges":
        alarm = _alarm(props.get("alarm"))
        color = colors.alarm.get(alarm, color)
        level, trend = props.get("level_m"), props.get("trend_m_per_h")
        if _is_number(level):
            label = f"{name} {level:.2f} m"
            popup.append(f"{level:.2f} m" + (f" ({_trend(trend)})" if _is_number(trend) else ""))
        if alarm:
            # the colour is never the only signal: the label names the alarm level too
            alarm_text = words.alarm.format(level=ROMAN[alarm])
            label = f"{label} · {alarm_text}"
            popup.append(alarm_text)
    elif kind == "cameras":
        online = props.get("online", True) is not False
        color = colors.online if online else colors.offline
        hollow = not online
        if not online:
            popup.append(words.offline)
    elif kind == "shelters":
        capacity, occupancy = props.get("capacity"), props.get("occupancy")
        if _is_number(capacity) and _is_number(occupancy):
            popup.append(words.people.format(occupancy=int(occupancy), capacity=int(capacity)))
            if capacity > 0 and occupancy / capacity >= SHELTER_FULL:
                color = colors.warning
    elif kind == "reports":
        # citizens' words: shown as they wrote them (as text), without a "text:" prefix
        popup += [_text(props[k]) for k in ("commune", "text") if props.get(k)]
        if props.get("time"):
            popup.append(_local_time(props["time"]))
    elif kind not in CURATED_KINDS:
        popup += _other_lines(props)
    feature: Feature = {"id": fid, "t": "marker", "lat": lat, "lon": lon, "color": color,
                        "r": RADIUS.get(kind, 9), "pane": MARKER_PANES.get(kind, "markers"),
                        "popup": popup[:8]}
    if hollow:
        feature["hollow"] = True
    if label:
        feature["label" if permanent else "tip"] = label
    return feature


def shape_feature(kind: str, fid: str, geometry: dict[str, Any], props: dict[str, Any],
                  colors: Colors, color: str) -> Feature:
    severity = props.get("severity")
    if isinstance(severity, str) and severity in colors.severity:
        color = colors.severity[severity]
    outline = kind == "outline"
    name = _text(props.get(f"name_{current_language()}") or props.get("name", ""))
    lines = [name] if name else []
    if kind not in CURATED_KINDS:
        lines += _other_lines(props)
    return {"id": fid, "t": "shape", "geometry": geometry, "color": color,
            "weight": 2 if outline else 3, "fill": 0.06 if outline else 0.25,
            "pane": SHAPE_PANES.get(kind, "shapes"), "popup": lines[:8]}


def alert_features(value: Any, colors: Colors) -> Snapshot | None:
    """CAP alert areas: polygons as GeoJSON ([lon, lat]) and circles as true circles.

    A CAP circle is also in ``areas`` as a polygon approximation (for consumers that cannot
    draw circles); it is drawn once, as the circle. Most severe alerts come last so the page
    draws them on top.
    """
    items = value.get("alerts") if isinstance(value, Mapping) else value
    if not isinstance(items, list):
        return None
    objects = [a for a in items if not isinstance(a, Mapping)]
    if objects:
        from ioc_console.model.alert_feed_view import alerts_in

        # updates replace, cancels remove: the map shows what the alert feed shows
        objects = alerts_in({"alerts": objects})
    dicts = [a for a in items if isinstance(a, Mapping) and a.get("msg_type") != "Cancel"]
    alerts = sorted([*objects, *dicts],
                    key=lambda a: SEVERITY_RANK.get(str(_field(a, "severity", "")), 0))
    out: Snapshot = {}
    for alert in alerts:
        out.update(_one_alert(alert, colors))
    return out


def _one_alert(alert: Any, colors: Colors) -> Snapshot:
    from ioc_console.data.cap_geometry import circle_geometry

    severity = str(_field(alert, "severity", "Unknown") or "Unknown")
    color = colors.severity.get(severity, colors.severity.get("Unknown", "#9aa7b4"))
    event = _text(_field(alert, "event", ""))
    headline = _text(_field(alert, "headline", None) or event)
    sender = _field(alert, "sender", None)
    ident = _text(_field(alert, "identifier", ""))
    key = f"{sender}|{ident}" if sender else ident
    popup = [headline, f"{_(severity.upper())} · {event}" if event else _(severity.upper())]
    popup += [_text(d) for d in (_field(alert, "area_descriptions", None) or [])][:3]
    rank = SEVERITY_RANK.get(severity, 0)
    out: Snapshot = {}
    circles = [c for c in (_field(alert, "circles", None) or []) if _valid_circle(c)]
    for index, (lon, lat, radius_km) in enumerate(circles):
        fid = f"{key}#c{index}"
        out[fid] = {"id": fid, "t": "circle", "lat": lat, "lon": lon,
                    "radius_m": radius_km * 1000.0, "color": color, "z": rank, "pane": "areas",
                    "popup": popup}
    as_polygons = [circle_geometry(*c) for c in circles]
    for index, geometry in enumerate(_field(alert, "areas", None) or []):
        if not _valid_geometry(geometry) or geometry in as_polygons:
            continue
        geometry = _clean_geometry(geometry)
        fid = f"{key}#a{index}"
        out[fid] = {"id": fid, "t": "shape", "geometry": geometry, "color": color,
                    "weight": 3, "fill": 0.25, "z": rank, "pane": "areas", "popup": popup}
    return out


def js_call(function: str, *arguments: Any) -> str:
    """A script calling ``function`` with JSON arguments that cannot break out of the string.

    Each argument becomes JSON, then that JSON is embedded as a JS string literal and parsed in
    the page with ``JSON.parse``: quotes, backslashes, ``</script>``, ``<!--`` and U+2028/U+2029
    all arrive as the text they were, and the script is plain ASCII. ``JSON.parse`` rather than
    an object literal also keeps a ``"__proto__"`` key in data an ordinary property (a literal
    would swap the object's prototype). NaN or infinity raise ``ValueError`` here rather than a
    ``SyntaxError`` in the page that would drop the whole batch.
    """
    encoded = []
    for argument in arguments:
        literal = json.dumps(json.dumps(argument, allow_nan=False, separators=(",", ":")))
        literal = literal.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        encoded.append(f"JSON.parse({literal})")
    return f"{function}({','.join(encoded)})"


# --- helpers ------------------------------------------------------------------------------------


def _field(item: Any, name: str, default: Any) -> Any:
    """An alert field from a pydantic Alert, a simple object or a dict alike."""
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def _geometry_type(item: Any) -> str | None:
    geometry = item.get("geometry") if isinstance(item, dict) else None
    return geometry.get("type") if isinstance(geometry, dict) else None


def _valid_geometry(geometry: Any) -> bool:
    """A GeoJSON geometry the page can draw: known type, finite numbers only."""
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        return False
    if geometry["type"] == "GeometryCollection":
        parts = geometry.get("geometries")
        return isinstance(parts, list) and all(_valid_geometry(p) for p in parts)
    coordinates = geometry.get("coordinates")
    if geometry["type"] == "Point":
        return (isinstance(coordinates, (list, tuple)) and len(coordinates) >= 2
                and _is_number(coordinates[0]) and _is_number(coordinates[1])
                and -90 <= coordinates[1] <= 90)
    return isinstance(coordinates, (list, tuple)) and _finite_nested(coordinates)


def _clean_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    """Only the members a geometry needs: less to send, and no stray keys (``__proto__``,
    ``crs``, megabytes of ``properties`` some exporters put on geometries) reach the page."""
    if geometry["type"] == "GeometryCollection":
        return {"type": "GeometryCollection",
                "geometries": [_clean_geometry(g) for g in geometry["geometries"]]}
    return {"type": geometry["type"], "coordinates": geometry["coordinates"]}


def _finite_nested(values: Any) -> bool:
    if isinstance(values, (list, tuple)):
        return all(_finite_nested(v) for v in values)
    return _is_number(values)


def _valid_circle(circle: Any) -> bool:
    return (isinstance(circle, (list, tuple)) and len(circle) == 3
            and all(_is_number(c) for c in circle) and circle[2] >= 0)


def _is_number(value: Any) -> bool:
    """A finite int or float (not a bool, which JSON data should not use for numbers)."""
    kind = type(value)
    return (kind is float and math.isfinite(value)) or kind is int


def _alarm(value: Any) -> int:
    try:
        level = int(value)
    except (TypeError, ValueError, OverflowError):
        return 0
    return min(3, max(0, level))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _unique(taken: Snapshot, fid: str) -> str:
    candidate, n = fid, 1
    while candidate in taken:
        n += 1
        candidate = f"{fid}#{n}"
    return candidate


def _other_lines(props: dict[str, Any]) -> list[str]:
    """Remaining properties as "key: value" lines (scalars only; nested data is not for a wall).
    The name is not among them: callers put it first, in bold."""
    return [f"{key}: {_text(value)}" for key, value in props.items()
            if key not in _SKIPPED_PROPERTIES and not key.startswith("name_")
            and not isinstance(value, (dict, list))]


def _trend(metres_per_hour: float) -> str:
    """"↗ +0.08 m/h": an arrow and a unit read the same in Vietnamese and English."""
    arrow = "↗" if metres_per_hour > 0 else "↘" if metres_per_hour < 0 else "→"
    return f"{arrow} {metres_per_hour:+.2f} m/h"


def _local_time(value: Any) -> str:
    """An ISO time as "01:03 25/11" in the offset it was given in (the province's, +07:00)."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return _text(value)
    return f"{moment:%H:%M %d/%m}"
