"""Benchmark: frame time of a 1080p panel with 12 live charts (3x4) updating at 5 Hz.

Each chart gets a new point 5 times a second; the charts redraw at most at their own max_fps.
Measured offscreen: paint time of the panel per frame, and the worst GUI-thread stall seen
by a 1 ms probe timer. Baseline in the same run: the same panel with static data.
Prints JSON. Run: python bench/chart_frames.py [--seconds 8]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ioc_console.widgets.chart import ChartWidget  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QGridLayout, QWidget  # noqa: E402

from ioc_console.model.tiles import ChartTile  # noqa: E402
from ioc_console.ui.typography import Typography  # noqa: E402


def run(app: QApplication, live: bool, seconds: float) -> dict:
    panel = QWidget()
    panel.resize(1920, 1080)
    grid = QGridLayout(panel)
    charts = []
    start_ms = int(time.time() * 1000) - 3600_000
    history = [[start_ms + i * 10_000, 80 + (i % 50) * 0.05] for i in range(360)]
    for index in range(12):
        tile = ChartTile.model_validate({"id": f"c{index}", "type": "chart", "options": {
            "series": [{"source": "s"}],
            "thresholds": [{"value": 80}, {"value": 82}, {"value": 83.5}]}})
        chart = ChartWidget(tile, "vi")
        chart.set_typography(Typography(1.0))
        chart.show_data("s", history)
        grid.addWidget(chart, index // 4, index % 4)
        charts.append(chart)
    panel.show()
    app.processEvents()
    frames: list[float] = []
    stalls: list[float] = []
    last = [time.perf_counter()]
    counter = [len(history)]

    def probe() -> None:
        now = time.perf_counter()
        stalls.append((now - last[0]) * 1000 - 1)
        last[0] = now

    def feed() -> None:
        if not live:
            return
        counter[0] += 1
        point = [[start_ms + counter[0] * 10_000, 80 + (counter[0] % 50) * 0.05]]
        for chart in charts:
            chart.show_data("s", point)

    def frame() -> None:
        # grab() renders the panel and every chart in it now: the cost of one frame. The
        # probe does not count it as a stall (it is the measurement, not the wall's work).
        started = time.perf_counter()
        panel.grab()
        frames.append((time.perf_counter() - started) * 1000)
        last[0] = time.perf_counter()

    probe_timer, feed_timer, frame_timer = QTimer(interval=1), QTimer(interval=200), QTimer(
        interval=1000)
    probe_timer.timeout.connect(probe)
    feed_timer.timeout.connect(feed)
    frame_timer.timeout.connect(frame)
    for timer in (probe_timer, feed_timer, frame_timer):
        timer.start()
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        app.processEvents()
    for timer in (probe_timer, feed_timer, frame_timer):
        timer.stop()
    redraws = sum(c.redraw_count for c in charts)
    panel.close()
    frames = frames[1:]  # the first frame lays the grid out
    return {"frame_ms_median": round(statistics.median(frames), 1),
            "frame_ms_p95": round(statistics.quantiles(frames, n=20)[18], 1),
            "worst_stall_ms": round(max(stalls[len(stalls) // 8:]), 1),  # after the layout
            "probe_ticks": len(stalls),
            "p99_stall_ms": round(sorted(stalls)[int(len(stalls) * 0.99)], 1),
            "chart_redraws": redraws,
            "frames": len(frames)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    static = run(app, False, args.seconds / 2)
    live = run(app, True, args.seconds)
    print(json.dumps({"benchmark": "chart_frames", "charts": 12, "update_hz": 5,
                      "static": static, "live": live,
                      "ratio_live_over_static_median": round(
                          live["frame_ms_median"] / static["frame_ms_median"], 2)}, indent=2))


if __name__ == "__main__":
    main()
