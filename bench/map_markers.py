"""Benchmark: moving 1000 map markers by one JavaScript call vs re-rendering the page.

Both ways run in the same process on the same view; medians over several runs. Prints JSON.
Goal: the JavaScript update is at least 50 times faster.
Run: python bench/map_markers.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import PySide6.QtWebEngineWidgets  # noqa: E402,F401  (before the QApplication exists)
from PySide6.QtCore import QEventLoop, QTimer, QUrl  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ioc_console.model.map_features import features_for, js_call  # noqa: E402
from ioc_console.model.tiles import MapOptions  # noqa: E402
from ioc_console.ui.map_page import build_page, leaflet_dir  # noqa: E402


def gauges(count: int, shift: float) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": f"g{i}", "geometry": {"type": "Point", "coordinates": [
            103.6 + (i % 40) * 0.035 + shift, 21.4 + (i // 40) * 0.05]},
         "properties": {"name": f"Trạm {i}", "level_m": 80 + i % 7, "alarm": (i + int(shift
                                                                                    * 100)) % 4}}
        for i in range(count)]}


def wait(signal_owner, signal_name: str, timeout_ms: int = 30000) -> None:
    loop = QEventLoop()
    getattr(signal_owner, signal_name).connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def run_js(view, script: str) -> None:
    loop = QEventLoop()
    view.page().runJavaScript(script, 0, lambda _result: loop.quit())
    loop.exec()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--markers", type=int, default=1000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    from PySide6.QtWebEngineWidgets import QWebEngineView

    view = QWebEngineView()
    view.resize(1280, 720)
    view.show()
    base = QUrl.fromLocalFile(str(leaflet_dir()) + "/")
    options = MapOptions()
    view.setHtml(build_page(options), base)
    wait(view, "loadFinished")
    run_js(view, js_call("ioc.apply", [{"layer": "g", "upsert": list(
        features_for("gauges", gauges(args.markers, 0)).values()), "remove": []}]))
    js_ms = []
    for run in range(args.runs):
        batch = [{"layer": "g", "upsert": list(features_for(
            "gauges", gauges(args.markers, 0.01 * (run + 1))).values()), "remove": []}]
        started = time.perf_counter()
        run_js(view, js_call("ioc.apply", batch))
        js_ms.append((time.perf_counter() - started) * 1000)
    import folium

    reload_ms = []
    for run in range(args.runs):
        started = time.perf_counter()
        figure = folium.Map(location=list(options.center), zoom_start=options.zoom, tiles=None)
        figure.default_js = [("leaflet", "leaflet.js")]
        figure.default_css = [("leaflet_css", "leaflet.css")]
        for feature in gauges(args.markers, 0.01 * (run + 1))["features"]:
            lon, lat = feature["geometry"]["coordinates"]
            folium.CircleMarker([lat, lon], radius=10, fill=True,
                                tooltip=feature["properties"]["name"]).add_to(figure)
        html = figure.get_root().render()
        if len(html) > 1_500_000:
            path = "/tmp/ioc_bench_map.html"
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(html)
            view.load(QUrl.fromLocalFile(path))
        else:
            view.setHtml(html, base)
        wait(view, "loadFinished")
        reload_ms.append((time.perf_counter() - started) * 1000)
    view.close()
    view.deleteLater()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # before Qt exits
    app.processEvents()
    js, reload = statistics.median(js_ms), statistics.median(reload_ms)
    print(json.dumps({"benchmark": "map_markers", "markers": args.markers, "runs": args.runs,
                      "javascript_update_ms": round(js, 1),
                      "rerender_and_reload_ms": round(reload, 1),
                      "ratio": round(reload / js, 1), "goal_ratio": 50,
                      "meets_goal": reload / js >= 50}, indent=2))


if __name__ == "__main__":
    main()
