"""Map layers from source values, and updates that send only what changed."""

from __future__ import annotations

import json

from ioc_console.model.map_features import diff, features_for, js_call
from tests.tile_samples import alert

GAUGES = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "id": "lao_cai", "geometry": {"type": "Point",
                                                      "coordinates": [103.965, 22.5]},
     "properties": {"name": "Lào Cai", "level_m": 86.91, "alarm": 3}},
    {"type": "Feature", "id": "yen_bai", "geometry": {"type": "Point",
                                                      "coordinates": [104.875, 21.705]},
     "properties": {"name": "Yên Bái", "level_m": 29.1, "alarm": 0}}]}


def test_gauges_become_markers_coloured_by_alarm_level_with_a_label():
    features = features_for("gauges", GAUGES)
    assert features["lao_cai"]["color"] == "#ff3b30" and features["yen_bai"]["color"] == "#3ddc84"
    assert (features["lao_cai"]["lat"], features["lao_cai"]["lon"]) == (22.5, 103.965)
    assert features["lao_cai"]["label"] == "Lào Cai 86.91 m"


def test_a_diff_names_only_what_moved_appeared_or_left():
    before = features_for("gauges", GAUGES)
    moved = json.loads(json.dumps(GAUGES))
    moved["features"][0]["geometry"]["coordinates"] = [103.97, 22.51]
    del moved["features"][1]
    change = diff(before, features_for("gauges", moved))
    assert [f["id"] for f in change.upsert] == ["lao_cai"] and change.remove == ["yen_bai"]
    assert diff(before, before).empty


def test_alert_circles_are_true_circles_and_polygons_stay_lon_lat():
    ring = [[103.945, 22.515], [103.985, 22.515], [103.995, 22.48], [103.945, 22.515]]
    item = alert("a", "Extreme", areas=[{"type": "Polygon", "coordinates": [ring]}],
                 circles=[(104.35, 22.10, 3.0)])
    features = features_for("alerts", {"alerts": [item], "problems": []})
    kinds = sorted(f["t"] for f in features.values())
    assert kinds == ["circle", "shape"]
    circle = next(f for f in features.values() if f["t"] == "circle")
    assert (circle["lat"], circle["lon"], circle["radius_m"]) == (22.10, 104.35, 3000.0)


def test_hostile_text_is_carried_as_data_that_cannot_end_the_script():
    hostile = '</script><img src=x onerror=alert(1)>"\'\u2028\\'
    script = js_call("ioc.apply", [{"popup": [hostile]}])
    assert "</script>" not in script and "\u2028" not in script
    inner = script[len("ioc.apply(JSON.parse("):-len("));")]
    assert json.loads(json.loads(inner)) == [{"popup": [hostile]}]
