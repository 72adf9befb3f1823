"""Map layers from source values, and updates that send only what changed (pure, no Qt)."""

from __future__ import annotations

import copy
import json
from types import SimpleNamespace

import pytest

from ioc_console.data.cap_geometry import circle_geometry
from ioc_console.model.map_features import (
    MAX_PERMANENT_LABELS,
    Colors,
    diff,
    features_for,
    js_call,
)
from ioc_console.ui import palette

COLORS = Colors(alarm=palette.ALARM, severity=palette.SEVERITY, online=palette.GOOD,
                offline=palette.TEXT_DIM, warning=palette.WARNING)


def point(fid: str, lat: float, lon: float, **properties) -> dict:
    """A feature as the demo backend writes it (ioc_console/demo_backend/geo_layers.py)."""
    return {"type": "Feature", "id": fid,
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"id": fid, **properties}}


def collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features), "simulated": True,
            "label": "MÔ PHỎNG / SIMULATED"}


PROVINCE = collection(
    {"type": "Feature", "id": "lao_cai_province", "geometry": {"type": "Polygon", "coordinates": [[
        [103.53, 22.58], [103.80, 22.82], [104.40, 22.80], [105.10, 22.05], [104.62, 21.33],
        [103.95, 21.60], [103.53, 22.58]]]},
     "properties": {"id": "lao_cai_province", "name": "Tỉnh Lào Cai — ranh giới GẦN ĐÚNG",
                    "name_en": "Lào Cai province — APPROXIMATE outline", "approximate": True,
                    "area_km2": 13256.92}},
    {"type": "Feature", "id": "red_river", "geometry": {"type": "LineString", "coordinates": [
        [103.73, 22.62], [103.96, 22.50], [104.34, 22.17], [105.20, 21.45]]},
     "properties": {"name": "Sông Hồng"}})
GAUGES = collection(
    point("lao_cai", 22.5, 103.965, name="Lào Cai", river="Hồng", level_m=86.91, alarm=3,
          alarm_levels_m={"I": 80.0, "II": 82.0, "III": 83.5}, trend_m_per_h=0.08),
    point("bao_ha", 22.17, 104.34, name="Bảo Hà", level_m=55.2, alarm=1),
    point("yen_bai", 21.705, 104.875, name="Yên Bái", level_m=29.1, alarm=0))
CAMERAS = collection(point("cam01", 22.503, 103.962, name="Bờ sông Hồng", online=True),
                     point("cam02", 22.497, 103.968, name="Cầu Cốc Lếu", online=False))
SHELTERS = collection(
    point("s1", 22.47, 103.99, name="Trường THPT số 1 Lào Cai", capacity=600, occupancy=120),
    point("s2", 22.495, 103.975, name="Nhà văn hóa P. Cốc Lếu", capacity=250, occupancy=240))
REPORTS = collection(point("PA-1", 22.31, 104.2, name="Thiên tai", category="Thiên tai",
                           commune="Bảo Yên", text="Nước ngập sâu, cần hỗ trợ sơ tán",
                           time="2026-11-25T01:03:45+07:00"))
LANDSLIDES = collection(point("ls1", 22.10, 104.35, name="Làng Nủ, xã Phúc Khánh — lũ quét"))
RING = [[103.945, 22.515], [103.985, 22.515], [103.995, 22.48], [103.945, 22.515]]


def alert(identifier: str, severity: str = "Extreme", **fields) -> SimpleNamespace:
    """An object with the attributes of ioc_console.data.alerts.Alert that the map reads."""
    values = {"identifier": identifier, "sender": "ioc-demo@laocai.invalid",
              "severity": severity, "event": "Lũ", "headline": f"{severity} {identifier}",
              "msg_type": "Alert", "areas": [], "circles": [], "area_descriptions": []}
    return SimpleNamespace(**{**values, **fields})


def test_gauges_are_large_markers_coloured_by_alarm_level_with_a_label():
    features = features_for("gauges", GAUGES, COLORS)
    lao_cai = features["lao_cai"]
    assert [features[g]["color"] for g in ("lao_cai", "bao_ha", "yen_bai")] == [
        palette.ALARM[3], palette.ALARM[1], palette.ALARM[0]]
    assert (lao_cai["t"], lao_cai["lat"], lao_cai["lon"]) == ("marker", 22.5, 103.965)
    assert lao_cai["r"] >= 10
    assert lao_cai["popup"][:2] == ["Lào Cai", "86.91 m (↗ +0.08 m/h)"]
    # the colour is not the only signal: the label names the level in words
    assert lao_cai["label"].startswith("Lào Cai 86.91 m") and "III" in lao_cai["label"]
    assert features["yen_bai"]["label"] == "Yên Bái 29.10 m"


def test_cameras_shelters_reports_and_landslides_become_markers():
    cameras = features_for("cameras", CAMERAS, COLORS)
    assert cameras["cam01"]["color"] == palette.GOOD and "hollow" not in cameras["cam01"]
    assert cameras["cam02"]["color"] == palette.TEXT_DIM and cameras["cam02"]["hollow"]
    assert cameras["cam01"]["tip"] == "Bờ sông Hồng"  # on hover, not cluttering the wall
    shelters = features_for("shelters", SHELTERS, COLORS, color="#3ddc84")
    assert shelters["s1"]["color"] == "#3ddc84" and "120 / 600" in " ".join(shelters["s1"]["popup"])
    assert shelters["s2"]["color"] == palette.WARNING  # 240 of 250: nearly full
    report = features_for("reports", REPORTS, COLORS, color="#ffd60a")["PA-1"]
    assert report["popup"] == ["Thiên tai", "Bảo Yên", "Nước ngập sâu, cần hỗ trợ sơ tán",
                               "01:03 25/11"]
    landslide = features_for("landslides", LANDSLIDES, COLORS, color="#ff9f0a")["ls1"]
    assert (landslide["lat"], landslide["lon"], landslide["color"]) == (22.10, 104.35, "#ff9f0a")
    assert landslide["tip"] == "Làng Nủ, xã Phúc Khánh — lũ quét"  # on hover: long text


def test_the_province_outline_is_drawn_as_shapes_below_everything():
    features = features_for("outline", PROVINCE, COLORS)
    assert {f["t"] for f in features.values()} == {"shape"}
    assert {f["pane"] for f in features.values()} == {"outline"}
    assert features["lao_cai_province"]["geometry"] == PROVINCE["features"][0]["geometry"]


def test_popups_of_known_kinds_show_chosen_fields_in_the_wall_language():
    from ioc_console import i18n

    outline = features_for("outline", PROVINCE, COLORS)["lao_cai_province"]
    assert outline["popup"] == ["Lào Cai province — APPROXIMATE outline"]  # no "area_km2: …"
    i18n.set_language("vi")
    try:
        outline = features_for("outline", PROVINCE, COLORS)["lao_cai_province"]
    finally:
        i18n.set_language("en")
    assert outline["popup"] == ["Tỉnh Lào Cai — ranh giới GẦN ĐÚNG"]
    # an unknown layer lists what it has: better than nothing
    towns = features_for("points", collection(point("t", 22.3, 103.8, name="Sa Pa", pop=1)),
                         COLORS)
    assert towns["t"]["popup"] == ["Sa Pa", "pop: 1"]


def test_labels_turn_to_hover_tips_when_there_are_too_many():
    many = collection(*[point(f"g{i}", 22.0, 104.0 + i / 1000, name=f"T{i}", alarm=0)
                        for i in range(MAX_PERMANENT_LABELS + 1)])
    features = features_for("gauges", many, COLORS)
    assert all("label" not in f and f["tip"] for f in features.values())


def test_values_of_the_wrong_shape_keep_the_last_picture_but_an_empty_layer_clears():
    for value in (None, {}, {"error": "timeout"}, [1, 2], {"type": "FeatureCollection"}):
        assert features_for("gauges", value, COLORS) is None
    assert features_for("alerts", None, COLORS) is None
    assert features_for("gauges", collection(), COLORS) == {}
    assert features_for("alerts", {"alerts": [], "problems": []}, COLORS) == {}


def test_geometries_reach_the_page_with_their_geometry_members_only():
    polygon = {"type": "Polygon", "coordinates": [RING], "__proto__": {"type": "Point"},
               "crs": {"type": "name"}}
    value = collection({"type": "Feature", "id": "p", "geometry": polygon, "properties": {}})
    assert features_for("lines", value, COLORS)["p"]["geometry"] == {
        "type": "Polygon", "coordinates": [RING]}


def test_broken_features_are_skipped_and_the_rest_drawn():
    value = collection(point("ok", 22.0, 104.0, name="ok"),
                       {"type": "Feature", "id": "nan", "properties": {},
                        "geometry": {"type": "Point", "coordinates": [float("nan"), 22.0]}},
                       {"type": "Feature", "id": "none", "geometry": None},
                       {"type": "Feature", "id": "odd", "geometry": {"type": "Circle"}},
                       "not a feature")
    assert list(features_for("points", value, COLORS)) == ["ok"]


def test_a_diff_names_what_appeared_changed_or_left():
    before = features_for("gauges", GAUGES, COLORS)
    moved = copy.deepcopy(GAUGES)
    moved["features"][0]["geometry"]["coordinates"] = [103.97, 22.51]
    del moved["features"][1]
    moved["features"].append(point("new", 22.0, 104.0, name="Mới", level_m=1.0, alarm=0))
    change = diff(before, features_for("gauges", moved, COLORS))
    assert [f["id"] for f in change.added] == ["new"]
    assert [f["id"] for f in change.changed] == ["lao_cai"]
    assert change.removed == ["bao_ha"]
    assert change.operation("g") == {"layer": "g", "upsert": [*change.added, *change.changed],
                                     "remove": ["bao_ha"]}
    assert diff(before, copy.deepcopy(before)).empty


def test_alert_polygons_stay_lon_lat_and_circles_are_true_circles():
    circle = (104.35, 22.10, 3.0)
    item = alert("a", "Severe", areas=[{"type": "Polygon", "coordinates": [RING]},
                                       circle_geometry(*circle)], circles=[circle])
    features = features_for("alerts", {"alerts": [item], "problems": []}, COLORS)
    shapes = [f for f in features.values() if f["t"] == "shape"]
    circles = [f for f in features.values() if f["t"] == "circle"]
    # the polygon approximation of the circle is not drawn a second time
    assert len(shapes) == 1 and len(circles) == 1
    assert shapes[0]["geometry"]["coordinates"][0][0] == [103.945, 22.515]  # [lon, lat]
    assert (circles[0]["lat"], circles[0]["lon"], circles[0]["radius_m"]) == (22.10, 104.35, 3000)
    assert {f["color"] for f in features.values()} == {palette.SEVERITY["Severe"]}


def test_alerts_as_dicts_and_as_pydantic_alerts_alike():
    as_dict = {"identifier": "d", "severity": "Minor", "headline": "h", "event": "e",
               "areas": [{"type": "Polygon", "coordinates": [RING]}], "circles": []}
    features = features_for("alerts", {"alerts": [as_dict]}, COLORS)
    assert [f["popup"][0] for f in features.values()] == ["h"]
    from tests.tile_samples import alert as pydantic_alert

    real = pydantic_alert("p", "Extreme", circles=[(104.35, 22.1, 2.0)])
    features = features_for("alerts", {"alerts": [real], "problems": []}, COLORS)
    assert [f["t"] for f in features.values()] == ["circle"]


def test_the_most_severe_alert_is_drawn_last_so_it_ends_on_top():
    areas = [{"type": "Polygon", "coordinates": [RING]}]
    value = [alert("x", "Extreme", areas=areas), alert("m", "Minor", areas=areas)]
    assert [f["z"] for f in features_for("alerts", value, COLORS).values()] == [1, 4]


HOSTILE = ['</script><script>alert(1)</script>', "<img src=x onerror=alert(1)>",
           "a\u2028b\u2029c", "quote \" and ' and `${x}` and \\", "<!-- <script>", "\x00"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_travels_as_data_that_cannot_end_the_script(text):
    script = js_call("ioc.apply", [{"popup": [text]}], text)
    assert script.isascii()
    for dangerous in ("</", "<!--", "\u2028", "\u2029", "<script", "<img"):
        assert dangerous not in script
    # what the page's JSON.parse sees: JS string literal == JSON string literal here
    arguments = script[len("ioc.apply("):-1]
    first, second = arguments.split(",JSON.parse(")
    assert json.loads(json.loads(first[len("JSON.parse("):-1])) == [{"popup": [text]}]
    assert json.loads(json.loads(second[:-1])) == text


def test_hostile_alert_text_stays_plain_text_in_the_feature():
    headline = "<img src=x onerror=alert(1)>"
    item = alert("x", headline=headline, areas=[{"type": "Polygon", "coordinates": [RING]}])
    feature = next(iter(features_for("alerts", [item], COLORS).values()))
    assert feature["popup"][0] == headline  # unchanged: the page shows it with textContent


def test_numbers_json_cannot_carry_are_refused_before_they_reach_the_page():
    with pytest.raises(ValueError):
        js_call("ioc.apply", [{"lat": float("nan")}])


@pytest.fixture(scope="module")
def demo_layers():
    """Every map layer of the demo backend, in the flood scenario (alarms, landslides, CAP)."""
    import requests

    from ioc_console.data.cap import parse_cap_index, parse_cap_message
    from ioc_console.demo_backend.server import DemoBackend

    backend = DemoBackend(port=0).start()
    try:
        requests.post(f"{backend.base_url}/api/scenario/flood", timeout=5).raise_for_status()
        layers = {name: requests.get(f"{backend.base_url}/api/geo/{name}.geojson",
                                     timeout=5).json()
                  for name in ("province", "gauges", "cameras", "shelters", "reports")}
        feed = requests.get(f"{backend.base_url}/api/cap/feed.atom", timeout=5).content
        layers["alerts"] = [parse_cap_message(requests.get(link, timeout=5).content)
                            for link in parse_cap_index(feed, backend.base_url)]
    finally:
        backend.stop()
    return layers


@pytest.mark.parametrize("name,kind", [("province", "outline"), ("gauges", "gauges"),
                                       ("cameras", "cameras"), ("shelters", "shelters"),
                                       ("reports", "reports")])
def test_every_demo_backend_layer_becomes_drawable_features(demo_layers, name, kind):
    value = demo_layers[name]
    features = features_for(kind, value, COLORS)
    assert len(features) == len(value["features"]) > 0
    for feature in features.values():
        json.loads(js_call("f", feature)[len("f(JSON.parse("):-2])  # JSON-safe
        assert feature["popup"] and all(isinstance(line, str) for line in feature["popup"])
    if kind == "gauges":
        for raw in value["features"]:
            alarm = raw["properties"]["alarm"]
            assert features[raw["id"]]["color"] == palette.ALARM[alarm]


def test_the_demo_backends_cap_feed_becomes_alert_areas(demo_layers):
    features = features_for("alerts", {"alerts": demo_layers["alerts"], "problems": []}, COLORS)
    assert features, "the flood scenario issues alerts with areas"
    for feature in features.values():
        if feature["t"] == "shape":
            lon, lat = feature["geometry"]["coordinates"][0][0]
            assert 103 < lon < 106 and 21 < lat < 23.5  # [lon, lat], inside the province
