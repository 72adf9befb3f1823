"""The map tile: Leaflet from local files, live updates without reloading, text kept as text."""

from __future__ import annotations

import copy
import json

import pytest

from ioc_console.ui import palette
from ioc_console.ui.map_page import leaflet_available
from ioc_console.ui.typography import Typography
from tests.test_map_features import GAUGES, RING
from tests.tile_samples import alert, make_tile

needs_leaflet = pytest.mark.skipif(not leaflet_available(),
                                   reason="run tools/fetch_map_assets.sh (bootstrap.sh does)")
LAYERS = [{"source": "geo_province", "kind": "outline"},
          {"source": "geo_gauges", "kind": "gauges"},
          {"source": "cap_alerts", "kind": "alerts"}]
VIEWS = {"flood": {"center": [22.3, 104.15], "zoom": 9.5}, "normal": {"fit_layer": "geo_province"}}


@pytest.fixture(scope="module")
def backend_layers():
    """Province and gauges as the demo backend serves them, with its flood scenario running."""
    import requests

    from ioc_console.demo_backend.server import DemoBackend

    backend = DemoBackend(port=0).start()
    try:
        requests.post(f"{backend.base_url}/api/scenario/flood", timeout=5).raise_for_status()
        yield {name: requests.get(f"{backend.base_url}/api/geo/{name}.geojson", timeout=5).json()
               for name in ("province", "gauges")}
    finally:
        backend.stop()


def evaluate(qtbot, widget, script: str):
    """Run a script in the page and return its value (objects travel as JSON)."""
    with qtbot.waitCallback(timeout=5000) as callback:
        widget.view.page().runJavaScript(f"JSON.stringify({script})", 0, callback)
    return json.loads(callback.args[0]) if callback.args[0] else None


def make_map(qtbot, **options):
    from ioc_console.widgets.map import MapWidget

    tile = make_tile("map", options={"layers": LAYERS, "views": VIEWS, **options})
    widget = MapWidget(tile, "en")
    qtbot.addWidget(widget)
    widget.loads = []
    if widget.view is not None:
        widget.view.loadFinished.connect(widget.loads.append)
    widget.resize(900, 600)
    widget.set_typography(Typography(1.0))
    return widget


@pytest.fixture
def map_widget(qtbot):
    widget = make_map(qtbot)
    widget.show()
    qtbot.waitUntil(lambda: widget.loads == [True], timeout=15000)
    return widget


# the province fills the map: all of it in view, and no zoom level more would keep it so
FITTED = ("(function(){var b = ioc.layers.geo_province.group.getBounds();"
          " return map_main.getBounds().contains(b)"
          " && map_main.getBoundsZoom(b) < map_main.getZoom() + 0.5})()")


def drawn(qtbot, widget, layer: str, fid: str):
    qtbot.waitUntil(lambda: evaluate(qtbot, widget, f"ioc.state('{layer}','{fid}')") is not None)
    return evaluate(qtbot, widget, f"ioc.state('{layer}','{fid}')")


@needs_leaflet
def test_leaflet_loads_from_local_files_and_nothing_from_the_network(qtbot, map_widget):
    assert evaluate(qtbot, map_widget, "typeof L") == "object"
    assert evaluate(qtbot, map_widget, "typeof ioc.apply") == "function"
    assert evaluate(qtbot, map_widget, "typeof map_main") == "object"  # folium's stable name
    assert map_widget.view.page().console_errors == []
    assert map_widget.view.page().guard.blocked == []


@needs_leaflet
def test_gauge_markers_are_coloured_by_alarm_level_large_and_labelled(qtbot, map_widget,
                                                                      backend_layers):
    gauges = copy.deepcopy(backend_layers["gauges"])
    gauges["features"][0]["properties"]["alarm"] = 3  # at least one red, whatever the hour
    map_widget.show_data("geo_gauges", gauges)
    for feature in gauges["features"]:
        state = drawn(qtbot, map_widget, "geo_gauges", feature["id"])
        assert state["color"] == palette.ALARM[feature["properties"]["alarm"]]
        assert state["radius"] >= 10
        assert state["label"].startswith(feature["properties"]["name"])
    label_px = evaluate(qtbot, map_widget, "getComputedStyle(document.querySelector("
                                           "'.ioc-label')).fontSize")
    assert float(label_px.removesuffix("px")) >= Typography(1.0).body


@needs_leaflet
def test_a_marker_moves_and_recolours_after_a_data_change_without_a_reload(qtbot, map_widget):
    map_widget.show_data("geo_gauges", GAUGES)
    assert drawn(qtbot, map_widget, "geo_gauges", "lao_cai")["color"] == palette.ALARM[3]
    evaluate(qtbot, map_widget, "window.__same_page = true")
    moved = copy.deepcopy(GAUGES)
    moved["features"][0]["geometry"]["coordinates"] = [104.0, 22.6]
    moved["features"][0]["properties"]["alarm"] = 1
    map_widget.show_data("geo_gauges", moved)
    qtbot.waitUntil(lambda: drawn(qtbot, map_widget, "geo_gauges", "lao_cai")["lat"] == 22.6)
    state = drawn(qtbot, map_widget, "geo_gauges", "lao_cai")
    assert (state["lon"], state["color"]) == (104.0, palette.ALARM[1])
    assert state["label"].startswith("Lào Cai")
    assert map_widget.loads == [True]  # exactly one page load: updated in place
    assert evaluate(qtbot, map_widget, "window.__same_page") is True


@needs_leaflet
def test_an_alert_headline_with_markup_shows_as_text_in_the_popup(qtbot, map_widget):
    headline = "<img src=x onerror=alert(1)>"
    hostile = alert("x", "Extreme", headline=headline,
                    areas=[{"type": "Polygon", "coordinates": [RING]}])
    map_widget.show_data("cap_alerts", {"alerts": [hostile], "problems": []})
    drawn(qtbot, map_widget, "cap_alerts", f"{hostile.sender}|x#a0")
    assert evaluate(qtbot, map_widget, f"ioc.openPopup('cap_alerts','{hostile.sender}|x#a0')")
    content = ("(function(){var c=document.querySelector('.leaflet-popup-content');"
               "return c && {text: c.textContent, strong: c.querySelector('strong').textContent,"
               " images: c.querySelectorAll('img').length,"
               " all_images: document.images.length}})()")
    popup = evaluate(qtbot, map_widget, content)
    assert popup["strong"] == headline  # literally, as text
    assert popup["images"] == 0 and popup["all_images"] == 0


@needs_leaflet
def test_a_label_with_markup_stays_text(qtbot, map_widget):
    gauges = copy.deepcopy(GAUGES)
    gauges["features"][0]["properties"]["name"] = "<b onmouseover=alert(1)>Lào Cai</b>"
    map_widget.show_data("geo_gauges", gauges)
    assert drawn(qtbot, map_widget, "geo_gauges", "lao_cai")["label"].startswith(
        "<b onmouseover=alert(1)>Lào Cai</b> 86.91 m")
    assert evaluate(qtbot, map_widget, "document.querySelectorAll('.ioc-label b').length") == 0


@needs_leaflet
def test_cap_circles_are_true_circles_with_their_radius_in_metres(qtbot, map_widget):
    item = alert("c", "Severe", circles=[(104.35, 22.10, 3.0)])
    map_widget.show_data("cap_alerts", {"alerts": [item], "problems": []})
    state = drawn(qtbot, map_widget, "cap_alerts", f"{item.sender}|c#c0")
    assert (state["lat"], state["lon"], state["radius"]) == (22.10, 104.35, 3000)
    assert state["color"] == palette.SEVERITY["Severe"]


@needs_leaflet
def test_data_sent_before_the_page_loaded_is_drawn_after(qtbot):
    widget = make_map(qtbot)
    widget.show_data("geo_gauges", GAUGES)  # the page is still loading
    widget.set_scenario("flood")
    widget.show()
    qtbot.waitUntil(lambda: widget.loads == [True], timeout=15000)
    assert evaluate(qtbot, widget, "ioc.counts()") == {"geo_gauges": 3}
    assert widget.bridge.sent == 1  # everything queued went out as one script


@needs_leaflet
def test_a_fit_asked_for_while_hidden_happens_once_the_map_is_shown(qtbot, backend_layers):
    widget = make_map(qtbot)
    widget.resize(0, 0)
    widget.show()  # shown but of no size, as a tile of a scenario not on screen
    qtbot.waitUntil(lambda: widget.loads == [True], timeout=15000)
    with qtbot.waitSignals([widget.bridge.ran, widget.bridge.ran]):
        widget.show_data("geo_province", backend_layers["province"])
        widget.set_scenario("normal")
    widget.resize(900, 600)
    qtbot.waitUntil(lambda: evaluate(qtbot, widget, FITTED))


@needs_leaflet
def test_a_crashed_page_is_rebuilt_with_the_last_data(qtbot, map_widget):
    from PySide6.QtWebEngineCore import QWebEnginePage

    map_widget.show_data("geo_gauges", GAUGES)
    drawn(qtbot, map_widget, "geo_gauges", "lao_cai")
    status = QWebEnginePage.RenderProcessTerminationStatus.CrashedTerminationStatus
    map_widget.view.page().renderProcessTerminated.emit(status, 139)
    qtbot.waitUntil(lambda: map_widget.loads == [True, True], timeout=15000)
    assert drawn(qtbot, map_widget, "geo_gauges", "lao_cai")["color"] == palette.ALARM[3]


@needs_leaflet
def test_a_bad_value_keeps_the_last_picture(qtbot, map_widget):
    map_widget.show_data("geo_gauges", GAUGES)
    drawn(qtbot, map_widget, "geo_gauges", "lao_cai")
    for bad in (None, {"error": "HTTP 500"}, "<html>", {"type": "FeatureCollection"}):
        map_widget.show_data("geo_gauges", bad)
    map_widget.show_data("unknown_source", GAUGES)
    assert evaluate(qtbot, map_widget, "ioc.counts()") == {"geo_gauges": 3}


@needs_leaflet
def test_scenario_views_centre_or_fit_a_layer(qtbot, map_widget, backend_layers):
    map_widget.show_data("geo_province", backend_layers["province"])
    map_widget.set_scenario("flood")
    qtbot.waitUntil(lambda: evaluate(qtbot, map_widget, "map_main.getZoom()") == 9.5)
    center = evaluate(qtbot, map_widget, "map_main.getCenter()")
    assert center == pytest.approx({"lat": 22.3, "lng": 104.15}, abs=1e-6)
    map_widget.set_scenario("normal")  # fit the province outline
    qtbot.waitUntil(lambda: evaluate(qtbot, map_widget, FITTED))


@needs_leaflet
def test_typography_reaches_the_page_as_css_variables(qtbot, map_widget):
    map_widget.set_typography(Typography(1.5))
    qtbot.waitUntil(lambda: evaluate(qtbot, map_widget, "getComputedStyle(document."
                                     "documentElement).getPropertyValue('--ioc-body')")
                    == f"{Typography(1.5).body}px")


@needs_leaflet
def test_the_map_is_drawn_not_blank(qtbot, map_widget, backend_layers):
    map_widget.show_data("geo_province", backend_layers["province"])
    map_widget.show_data("geo_gauges", GAUGES)
    map_widget.set_scenario("normal")

    def red_marker_visible() -> bool:
        image = map_widget.grab().toImage()

        def alarm_red(x: int, y: int) -> bool:  # palette.ALARM[3], give or take rounding
            c = image.pixelColor(x, y)
            return c.red() > 220 and c.green() < 90 and c.blue() < 90

        return any(alarm_red(x, y)
                   for x in range(0, image.width(), 3) for y in range(0, image.height(), 3))

    qtbot.waitUntil(red_marker_visible, timeout=8000)


@needs_leaflet
def test_a_big_page_is_loaded_from_a_file(qtbot, monkeypatch):
    monkeypatch.setattr("ioc_console.ui.map_page.SET_HTML_LIMIT", 100)
    widget = make_map(qtbot)
    widget.show()
    qtbot.waitUntil(lambda: widget.loads == [True], timeout=15000)
    assert widget.view.url().toLocalFile().endswith("map.html")
    assert evaluate(qtbot, widget, "typeof L") == "object"


def test_missing_leaflet_shows_a_clear_notice(qtbot, monkeypatch, tmp_path):
    monkeypatch.setenv("IOC_LEAFLET_DIR", str(tmp_path))
    widget = make_map(qtbot)
    assert widget.view is None and "fetch_map_assets.sh" in widget.notice.text()
    widget.show_data("geo_gauges", GAUGES)  # harmless
    widget.set_scenario("flood")


@pytest.fixture
def loopbacks():
    """Two HTTP servers on 127.0.0.1 answering with a tile (a 1x1 dark PNG)."""
    from tests.loopback_server import Loopback

    servers = [Loopback(), Loopback()]
    for server in servers:
        server.body, server.content_type = TILE_PNG, "image/png"
    yield servers
    for server in servers:
        server.stop()


TILE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d7"
    "63606060000000040001f61738550000000049454e44ae426082")


def try_image(qtbot, widget, url: str) -> None:
    """Make the page load an image from ``url`` and wait until that has failed."""
    evaluate(qtbot, widget, "(function(){var i = new Image(); window.__img = 'pending';"
             "i.onload = function(){window.__img = 'loaded'};"
             "i.onerror = function(){window.__img = 'failed'};"
             f"i.src = '{url}'; return 1}})()")
    qtbot.waitUntil(lambda: evaluate(qtbot, widget, "window.__img") != "pending")
    assert evaluate(qtbot, widget, "window.__img") == "failed"


@needs_leaflet
def test_without_a_tile_server_the_page_reaches_no_network(qtbot, map_widget, loopbacks):
    try_image(qtbot, map_widget, f"http://127.0.0.1:{loopbacks[0].port}/x.png")
    assert loopbacks[0].requests == []


@needs_leaflet
def test_an_offline_tile_server_is_used_when_the_layout_names_one(qtbot, loopbacks):
    tiles, elsewhere = loopbacks
    widget = make_map(qtbot, tile_url=f"http://127.0.0.1:{tiles.port}/{{z}}/{{x}}/{{y}}.png")
    widget.show()
    qtbot.waitUntil(lambda: len(tiles.requests) > 0, timeout=15000)
    assert widget.view.page().guard.blocked == []
    # the tile server, yes; anything else, no
    try_image(qtbot, widget, f"http://127.0.0.1:{elsewhere.port}/x.png")
    assert elsewhere.requests == []
    assert widget.view.page().guard.blocked == [f"http://127.0.0.1:{elsewhere.port}/x.png"]


def test_only_local_files_and_the_tile_server_may_be_fetched():
    from ioc_console.ui.map_web import allowed_url, tile_host_pattern

    assert allowed_url("file:///opt/leaflet/leaflet.js", None)
    assert allowed_url("data:text/html,x", None)
    assert not allowed_url("https://unpkg.com/leaflet.js", None)
    tiles = tile_host_pattern("http://{s}.tiles.local:8080/{z}/{x}/{y}.png")
    assert allowed_url("http://a.tiles.local:8080/9/1/2.png", tiles)
    assert not allowed_url("http://tiles.local:8080/9/1/2.png", tiles)
    assert not allowed_url("http://a.tiles.local.evil.com:8080/x", tiles)
    assert not allowed_url("https://cdn.example.com/x.js", tiles)
