"""Just enough plane geometry to ask "does this alert area touch that zone?".

Coordinates are [lon, lat] as in GeoJSON. At province scale a flat plane is accurate
enough for intersection tests (we never measure areas or distances here).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Point = tuple[float, float]
Ring = Sequence[Point]


def rings_of(geometry: dict) -> list[list[Point]]:
    """Outer rings (and points as degenerate rings) of a GeoJSON geometry."""
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        return [[tuple(p[:2]) for p in coords[0]]]
    if kind == "MultiPolygon":
        return [[tuple(p[:2]) for p in polygon[0]] for polygon in coords]
    if kind == "Point":
        return [[tuple(coords[:2])]]
    if kind == "MultiPoint":
        return [[tuple(p[:2])] for p in coords]
    if kind == "LineString":
        return [[tuple(p[:2]) for p in coords]]
    if kind == "GeometryCollection":
        return [ring for g in geometry.get("geometries", []) for ring in rings_of(g)]
    return []


def bbox_ring(bbox: Sequence[float]) -> list[Point]:
    lon0, lat0, lon1, lat1 = bbox
    return [(lon0, lat0), (lon1, lat0), (lon1, lat1), (lon0, lat1), (lon0, lat0)]


def point_in_ring(point: Point, ring: Ring) -> bool:
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, list(ring[1:]) + [ring[0]], strict=True):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            inside = not inside
    return inside


def _segments(ring: Ring) -> Iterable[tuple[Point, Point]]:
    return zip(ring, list(ring[1:]) + [ring[0]], strict=True)


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _segments_cross(p: Point, q: Point, r: Point, s: Point) -> bool:
    d1, d2 = _cross(r, s, p), _cross(r, s, q)
    d3, d4 = _cross(p, q, r), _cross(p, q, s)
    return (d1 * d2 < 0) and (d3 * d4 < 0)


def _on_segment(point: Point, start: Point, end: Point, tolerance: float = 1e-9) -> bool:
    if abs(_cross(start, end, point)) > tolerance:
        return False
    return (min(start[0], end[0]) - tolerance <= point[0] <= max(start[0], end[0]) + tolerance
            and min(start[1], end[1]) - tolerance <= point[1] <= max(start[1], end[1]) + tolerance)


def point_on_ring(point: Point, ring: Ring) -> bool:
    return any(_on_segment(point, p, q) for p, q in _segments(ring))


def rings_intersect(a: Ring, b: Ring) -> bool:
    """Whether two areas overlap or touch. Touching counts: an alert drawn with exactly the
    polygon a rule names (vertices on each other's edges) must match that rule."""
    if any(point_in_ring(p, b) or point_on_ring(p, b) for p in a) \
            or any(point_in_ring(p, a) or point_on_ring(p, a) for p in b):
        return True
    if len(a) < 2 or len(b) < 2:
        return False
    return any(_segments_cross(p, q, r, s) for p, q in _segments(a) for r, s in _segments(b))


def geometry_intersects(geometry: dict, zone: Ring) -> bool:
    return any(rings_intersect(ring, zone) for ring in rings_of(geometry))
