"""Benchmark: moving 1000 map markers by one batched JavaScript call vs re-rendering the page.

Both ways run in the same process, on views of the same size, with the same markers, every
marker moved and recoloured on every run (the worst case: a real poll changes a few):

- ``javascript_call_ms``: the batched update as one prepared ``runJavaScript`` call, until
  its callback (the page has run it);
- ``javascript_update_ms``: the whole ``MapWidget.show_data`` path: feature extraction, diff,
  JSON encoding and that call, until its callback;
- ``rerender_and_reload_ms``: the naive way, folium renders a page with the markers and the
  view loads it (``setHtml``, or a file above 1.5 MB) until ``loadFinished``.

Prints JSON with medians over several runs: ``ratio`` = reload / call (what the goal of >= 50
is about), and ``ratio_end_to_end`` = reload / update, the more conservative figure.
Run: python bench/map_markers.py [--runs 7] [--markers 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import PySide6.QtWebEngineWidgets  # noqa: E402,F401  (before the QApplication exists)
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer, QUrl  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ioc_console.model.map_features import diff, features_for, js_call  # noqa: E402
from ioc_console.model.tiles import MapTile  # noqa: E402
from ioc_console.ui.map_page import COLORS, SET_HTML_LIMIT, base_url, leaflet_dir  # noqa: E402
from ioc_console.ui.typography import Typography  # noqa: E402


def gauges(count: int, shift: float) -> dict:
    """``count`` gauges on a grid over the province, moved by ``shift`` degrees per run."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": f"g{i}",
         "geometry": {"type": "Point", "coordinates": [103.6 + (i % 40) * 0.035 + shift,
                                                       21.4 + (i // 40) * 0.05]},
         "properties": {"name": f"Trạm {i}", "level_m": 80 + i % 7,
                        "alarm": (i + round(shift * 100)) % 4}}
        for i in range(count)]}


def wait_for(signal, timeout_ms: int = 30000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def idle(ms: int = 200) -> None:
    """Let the page paint between runs, as it would between polls seconds apart."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def settle(page) -> None:
    """Return once the page has run every script sent before (scripts run in order)."""
    loop = QEventLoop()
    page.runJavaScript("0", 0, lambda _result: loop.quit())
    loop.exec()


def run_timed(page, script: str) -> float:
    """Milliseconds from ``runJavaScript`` to its callback."""
    loop = QEventLoop()
    started = time.perf_counter()
    page.runJavaScript(script, 0, lambda _result: loop.quit())
    loop.exec()
    return (time.perf_counter() - started) * 1000


def time_javascript(markers: int, runs: int) -> tuple[list[float], list[float]]:
    from ioc_console.widgets.map import MapWidget  # widgets/ is installed as ioc_console.widgets

    tile = MapTile(id="bench", type="map",
                   options={"layers": [{"source": "g", "kind": "gauges"}]})
    widget = MapWidget(tile, "en")
    widget.resize(1280, 720)
    widget.set_typography(Typography(1.0))
    widget.show()
    wait_for(widget.view.loadFinished)
    for warm_up in range(3):  # creates the markers, then lets V8 compile the update path
        widget.show_data("g", gauges(markers, -0.01 * warm_up))
        settle(widget.view.page())
    page = widget.view.page()
    calls, updates = [], []
    for run in range(runs):
        # the call alone: the script is prepared first, exactly as show_data would
        features = features_for("gauges", gauges(markers, 0.01 * (run + 1)), COLORS)
        script = js_call("ioc.apply", [diff(widget.drawn["g"], features).operation("g")])
        widget.drawn["g"] = features
        idle()
        calls.append(run_timed(page, script))
        # the whole path, moving the markers back
        value = gauges(markers, -0.01 * (run + 1))
        idle()
        loop = QEventLoop()
        widget.bridge.ran.connect(loop.quit)
        started = time.perf_counter()
        widget.show_data("g", value)
        loop.exec()
        updates.append((time.perf_counter() - started) * 1000)
        widget.bridge.ran.disconnect(loop.quit)
    counts = {}
    loop = QEventLoop()
    widget.view.page().runJavaScript(
        "JSON.stringify(ioc.counts())", 0,
        lambda result: (counts.update(json.loads(result)), loop.quit()))
    loop.exec()
    assert counts == {"g": markers}, counts
    assert widget.load_count == 1, "the JavaScript path must never reload the page"
    widget.close()
    widget.deleteLater()
    return calls, updates


def time_reload(markers: int, runs: int) -> tuple[list[float], int]:
    import folium
    from PySide6.QtWebEngineWidgets import QWebEngineView

    view = QWebEngineView()
    view.resize(1280, 720)
    view.show()
    base = base_url(leaflet_dir())
    timings, size = [], 0
    with tempfile.TemporaryDirectory() as folder:
        for run in range(runs):
            idle()
            started = time.perf_counter()
            figure = folium.Map(location=[22.06, 104.35], zoom_start=9, tiles=None)
            figure.default_js = [("leaflet", "leaflet.js")]
            figure.default_css = [("leaflet_css", "leaflet.css")]
            for feature in gauges(markers, 0.01 * (run + 1))["features"]:
                lon, lat = feature["geometry"]["coordinates"]
                folium.CircleMarker([lat, lon], radius=13, fill=True,
                                    tooltip=feature["properties"]["name"]).add_to(figure)
            html = figure.get_root().render()
            size = len(html.encode("utf-8"))
            if size > SET_HTML_LIMIT:
                page = Path(folder) / f"map{run}.html"
                page.write_text(html.replace(
                    "<head>", f'<head><base href="{base.toString()}">', 1), encoding="utf-8")
                view.load(QUrl.fromLocalFile(str(page)))
            else:
                view.setHtml(html, base)
            wait_for(view.loadFinished)
            timings.append((time.perf_counter() - started) * 1000)
    view.close()
    view.deleteLater()
    return timings, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--markers", type=int, default=1000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    call_ms, update_ms = time_javascript(args.markers, args.runs)
    reload_ms, html_bytes = time_reload(args.markers, args.runs)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # pages before Qt
    app.processEvents()
    call, update = statistics.median(call_ms), statistics.median(update_ms)
    reload = statistics.median(reload_ms)
    print(json.dumps({
        "benchmark": "map_markers", "markers": args.markers, "runs": args.runs,
        "javascript_call_ms": round(call, 1), "javascript_call_max_ms": round(max(call_ms), 1),
        "javascript_update_ms": round(update, 1),
        "javascript_update_max_ms": round(max(update_ms), 1),
        "rerender_and_reload_ms": round(reload, 1), "rerender_html_bytes": html_bytes,
        "ratio": round(reload / call, 1), "ratio_end_to_end": round(reload / update, 1),
        "goal_ratio": 50, "meets_goal": reload / call >= 50,
        "load_average_1min": round(os.getloadavg()[0], 2), "cpus": os.cpu_count(),
    }, indent=2))


if __name__ == "__main__":
    main()
