"""GeoJSON (RFC 7946) checked enough that the map never receives garbage.

Checked: the object structure, positions (2 or 3 finite numbers, longitude in [-180, 180],
latitude in [-90, 90]), LineStrings of >= 2 positions and closed polygon rings of >= 4
positions. Not checked: ring winding (RFC 7946 §3.1.6 says parsers SHOULD NOT reject it) and
self-intersection (costly, and Leaflet draws such polygons anyway). The document is returned
as given, only wrapped into a FeatureCollection, so properties reach the tiles untouched.
"""

from __future__ import annotations

import math
from typing import Any

from .errors import ParseError
from .json_extract import parse_json

GEOMETRY_TYPES = (
    "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
    "GeometryCollection",
)
# how deep the arrays of positions are nested in each geometry type
_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2,
          "MultiPolygon": 3}


class _Invalid(Exception):
    """Internal: a problem at a JSON path inside one feature."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")


def parse_geojson(body: bytes) -> dict[str, Any]:
    """Body -> a FeatureCollection (a lone Feature or geometry is wrapped), or ParseError.

    Messages name the feature by index (and id when it has one): ``feature 3 (id 'x'):
    geometry.coordinates[0][2]: latitude 95.0 outside [-90, 90]``.
    """
    return validate_geojson(parse_json(body, expected="GeoJSON"))


def validate_geojson(doc: Any) -> dict[str, Any]:
    """The same checks on an already-decoded value."""
    if not isinstance(doc, dict) or not isinstance(doc.get("type"), str):
        raise ParseError("not GeoJSON: expected an object with a \"type\" member")
    kind = doc["type"]
    if kind == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise ParseError("FeatureCollection: \"features\" must be an array")
        for index, feature in enumerate(features):
            _check_feature_at(index, feature)
        return doc
    if kind == "Feature":
        _check_feature_at(0, doc)
        return {"type": "FeatureCollection", "features": [doc]}
    if kind in GEOMETRY_TYPES:
        try:
            _check_geometry("geometry", doc)
        except _Invalid as err:
            raise ParseError(str(err)) from None
        feature = {"type": "Feature", "geometry": doc, "properties": {}}
        return {"type": "FeatureCollection", "features": [feature]}
    raise ParseError(f"not GeoJSON: unknown type {kind!r}")


def _check_feature_at(index: int, feature: Any) -> None:
    label = f"feature {index}"
    if isinstance(feature, dict) and isinstance(feature.get("id"), str | int):
        label += f" (id {feature['id']!r})"
    try:
        _check_feature(feature)
    except _Invalid as err:
        raise ParseError(f"{label}: {err}") from None


def _check_feature(feature: Any) -> None:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise _Invalid("type", "expected an object with \"type\": \"Feature\"")
    if "geometry" not in feature:
        raise _Invalid("geometry", "missing (use null for a feature without a location)")
    if feature["geometry"] is not None:
        _check_geometry("geometry", feature["geometry"])
    properties = feature.get("properties")
    if properties is not None and not isinstance(properties, dict):
        raise _Invalid("properties", "must be an object or null")
    if "id" in feature and not isinstance(feature["id"], str | int | float):
        raise _Invalid("id", "must be a string or a number")


def _check_geometry(path: str, geometry: Any) -> None:
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        shown = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        raise _Invalid(f"{path}.type", f"{shown!r} is not a GeoJSON geometry type")
    kind = geometry["type"]
    if kind == "GeometryCollection":
        members = geometry.get("geometries")
        if not isinstance(members, list):
            raise _Invalid(f"{path}.geometries", "must be an array")
        for i, member in enumerate(members):
            _check_geometry(f"{path}.geometries[{i}]", member)
        return
    if "coordinates" not in geometry:
        raise _Invalid(f"{path}.coordinates", "missing")
    _check_coordinates(f"{path}.coordinates", kind, geometry["coordinates"], _DEPTH[kind])


def _check_coordinates(path: str, kind: str, value: Any, depth: int) -> None:
    if depth == 0:
        _check_position(path, value)
        return
    if not isinstance(value, list):
        raise _Invalid(path, "must be an array")
    for i, item in enumerate(value):
        _check_coordinates(f"{path}[{i}]", kind, item, depth - 1)
    if depth == 1 and kind in ("LineString", "MultiLineString") and len(value) < 2:
        raise _Invalid(path, f"a line needs at least 2 positions, got {len(value)}")
    if depth == 1 and kind in ("Polygon", "MultiPolygon"):
        if len(value) < 4:
            raise _Invalid(path, f"a polygon ring needs at least 4 positions, got {len(value)}")
        if value[0][:2] != value[-1][:2]:
            raise _Invalid(path, "polygon ring is not closed (first and last position differ)")


def _check_position(path: str, value: Any) -> None:
    if not isinstance(value, list) or len(value) not in (2, 3):
        raise _Invalid(path, "a position is [lon, lat] or [lon, lat, altitude]")
    for number in value:
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise _Invalid(path, f"{number!r} is not a number")
        if not math.isfinite(number):
            raise _Invalid(path, f"{number!r} is not a finite number")
    lon, lat = value[0], value[1]
    if not -90 <= lat <= 90:
        hint = " (GeoJSON is [lon, lat]: swapped?)" if -90 <= lon <= 90 else ""
        raise _Invalid(path, f"latitude {lat} outside [-90, 90]{hint}")
    if not -180 <= lon <= 180:
        raise _Invalid(path, f"longitude {lon} outside [-180, 180]")
