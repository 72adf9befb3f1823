"""CAP ``<polygon>`` and ``<circle>`` text -> GeoJSON geometry.

CAP writes points as "lat,lon" (WGS 84); GeoJSON and the map want [lon, lat]. Getting that
swap wrong puts Lào Cai's flood zone in the Indian Ocean, so it happens in exactly one place.
"""

from __future__ import annotations

import math
import re
from typing import Any

from .errors import ParseError

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG); error against WGS 84 < 0.5 % for alert-sized circles."""

CIRCLE_VERTICES = 32

_COMMA = re.compile(r"\s*,\s*")


def _point(text: str, what: str) -> tuple[float, float]:
    """"lat,lon" -> (lon, lat), range-checked."""
    parts = text.split(",")
    if len(parts) != 2:
        raise ParseError(f"{what}: '{text}' is not a 'lat,lon' pair")
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise ParseError(f"{what}: '{text}' is not a 'lat,lon' pair of numbers") from None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ParseError(f"{what}: '{text}' is not a finite position")
    if not -90 <= lat <= 90:
        hint = " (CAP writes lat,lon: are they swapped?)" if -90 <= lon <= 90 else ""
        raise ParseError(f"{what}: latitude {lat} outside [-90, 90]{hint}")
    if not -180 <= lon <= 180:
        raise ParseError(f"{what}: longitude {lon} outside [-180, 180]")
    return lon, lat


def parse_polygon(text: str) -> dict[str, Any]:
    """"lat,lon lat,lon ..." -> GeoJSON Polygon; an unclosed ring is closed.

    CAP requires at least four pairs with the first equal to the last; a ring that needs
    closing is closed rather than refused (senders forget), but fewer than three distinct
    corners cannot enclose an area and is refused.
    """
    pairs = _COMMA.sub(",", text.strip()).split()
    ring = [list(_point(pair, "polygon")) for pair in pairs]
    if ring and ring[0] != ring[-1]:
        ring.append(list(ring[0]))
    if len(ring) < 4:
        raise ParseError(
            f"polygon needs at least 4 points (a closed ring of 3 corners), got {len(pairs)}"
        )
    return {"type": "Polygon", "coordinates": [ring]}


def parse_circle(text: str) -> tuple[float, float, float]:
    """"lat,lon radius_km" -> (lon, lat, radius_km)."""
    parts = _COMMA.sub(",", text.strip()).split()
    if len(parts) != 2:
        raise ParseError(f"circle: '{text.strip()}' is not 'lat,lon radius'")
    lon, lat = _point(parts[0], "circle")
    try:
        radius = float(parts[1])
    except ValueError:
        raise ParseError(f"circle: radius '{parts[1]}' is not a number") from None
    if not math.isfinite(radius) or radius < 0:
        raise ParseError(f"circle: radius {parts[1]} must be a number of km >= 0")
    return lon, lat, radius


def circle_geometry(
    lon: float, lat: float, radius_km: float, vertices: int = CIRCLE_VERTICES
) -> dict[str, Any]:
    """A GeoJSON Polygon approximating the circle; a Point when the radius is 0.

    Each vertex is the great-circle destination from the centre at ``radius_km`` on a
    spherical Earth, so the east-west extent shrinks with cos(lat) as it should (a circle
    drawn with equal degree offsets would be an ellipse 8 % too wide at Lào Cai's 22.5° N).
    """
    if radius_km == 0:
        return {"type": "Point", "coordinates": [lon, lat]}
    distance = radius_km / EARTH_RADIUS_KM
    phi1, lambda1 = math.radians(lat), math.radians(lon)
    ring: list[list[float]] = []
    for i in range(vertices):
        bearing = -2 * math.pi * i / vertices  # counter-clockwise, RFC 7946's winding
        phi2 = math.asin(
            math.sin(phi1) * math.cos(distance)
            + math.cos(phi1) * math.sin(distance) * math.cos(bearing)
        )
        lambda2 = lambda1 + math.atan2(
            math.sin(bearing) * math.sin(distance) * math.cos(phi1),
            math.cos(distance) - math.sin(phi1) * math.sin(phi2),
        )
        lon2 = (math.degrees(lambda2) + 540) % 360 - 180
        ring.append([round(lon2, 7), round(math.degrees(phi2), 7)])
    ring.append(list(ring[0]))
    return {"type": "Polygon", "coordinates": [ring]}


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance; used by tests and by anyone checking a point against a circle."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))
