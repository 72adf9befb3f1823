"""The map tile: Leaflet from local files, live updates without reloading, text kept as text."""

from __future__ import annotations

import json

import pytest

from ioc_console.ui.map_page import leaflet_available
from ioc_console.ui.typography import Typography
from tests.test_map_features import GAUGES
from tests.tile_samples import alert, make_tile

pytestmark = pytest.mark.skipif(not leaflet_available(),
                                reason="run tools/fetch_map_assets.sh (bootstrap.sh does)")


def evaluate(qtbot, widget, script):
    """Run a script in the page and return its value (objects travel as JSON)."""
    with qtbot.waitCallback(timeout=5000) as callback:
        widget.view.page().runJavaScript(f"JSON.stringify({script})", 0, callback)
    return json.loads(callback.args[0]) if callback.args[0] else None


@pytest.fixture
def map_widget(qtbot):
    from ioc_console.widgets.map import MapWidget

    tile = make_tile("map", options={"layers": [{"source": "gauges", "kind": "gauges"},
                                                {"source": "alerts", "kind": "alerts"}]})
    widget = MapWidget(tile, "vi")
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.set_typography(Typography(1.0))
    with qtbot.waitSignal(widget.view.loadFinished, timeout=15000):
        widget.show()
    return widget


def test_leaflet_loads_from_local_files(qtbot, map_widget):
    assert evaluate(qtbot, map_widget, "typeof L") == "object"


def test_a_marker_moves_after_a_data_change_without_a_reload(qtbot, map_widget):
    map_widget.show_data("gauges", GAUGES)
    qtbot.waitUntil(lambda: evaluate(qtbot, map_widget,
                                     "ioc.markerState('gauges','lao_cai')") is not None)
    state = evaluate(qtbot, map_widget, "ioc.markerState('gauges','lao_cai')")
    assert state["color"] == "#ff3b30"
    moved = json.loads(json.dumps(GAUGES))
    moved["features"][0]["geometry"]["coordinates"] = [104.0, 22.6]
    moved["features"][0]["properties"]["alarm"] = 1
    map_widget.show_data("gauges", moved)
    qtbot.waitUntil(lambda: evaluate(qtbot, map_widget,
                                     "ioc.markerState('gauges','lao_cai')")["lat"] == 22.6)
    state = evaluate(qtbot, map_widget, "ioc.markerState('gauges','lao_cai')")
    assert (state["lon"], state["color"]) == (104.0, "#ffd60a")
    assert map_widget.load_count == 1  # updated in place, never reloaded


def test_an_alert_headline_with_markup_shows_as_text_in_the_popup(qtbot, map_widget):
    ring = [[103.945, 22.515], [103.985, 22.515], [103.995, 22.48], [103.945, 22.515]]
    hostile = alert("x", "Extreme", headline="<img src=x onerror=alert(1)>",
                    areas=[{"type": "Polygon", "coordinates": [ring]}])
    map_widget.show_data("alerts", {"alerts": [hostile], "problems": []})
    qtbot.waitUntil(lambda: evaluate(qtbot, map_widget, "ioc.popupText('alerts','x#a0')")
                    is not None)
    popup = evaluate(qtbot, map_widget, "ioc.popupText('alerts','x#a0')")
    assert "<img src=x onerror=alert(1)>" in popup["text"] and popup["images"] == 0


def test_the_map_is_drawn(qtbot, map_widget):
    map_widget.show_data("gauges", GAUGES)
    map_widget.set_scenario("any")

    def red_marker_visible() -> bool:
        image = map_widget.grab().toImage()
        def reddish(c) -> bool:  # the alarm III red, give or take the renderer's rounding
            return c.red() > 220 and c.green() < 80 and c.blue() < 80

        return any(reddish(image.pixelColor(x, y))
                   for x in range(0, image.width(), 4) for y in range(0, image.height(), 4))

    qtbot.waitUntil(red_marker_visible, timeout=8000)
