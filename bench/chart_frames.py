"""Benchmark: frame time of a 1080p panel with 12 live charts (3 x 4) fed at 5 Hz.

Why: a wall panel shows a dozen charts for days; the question is what live data costs the
GUI thread compared with the same panel standing still, and whether the redraw throttle
(``max_fps``) keeps the cost flat however fast data comes.

What is measured, offscreen, in one run:
- frame (paint) time: how long the panel takes to handle each UpdateRequest, the event in
  which Qt paints every dirty widget of the window (all charts that changed) and flushes;
- redraw time: the charts' own work when their timer fires (``setData`` + axis ranges);
- GUI-thread stalls: gaps seen by a 1 ms probe timer, worst and 99th percentile;
- baseline: the same panel with static data, each chart repainted as often as a live
  chart redraws (``max_fps``, one chart at a time, as the phased live redraws come), so
  the ratio is the price of new data: ``setData``, re-clipping, the curve's new path.
The first second of each run (layout, first paint) is left out. Prints JSON.

Run: python bench/chart_frames.py [--seconds 10] [--points 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ioc_console.widgets.chart import ChartWidget  # noqa: E402
from PySide6.QtCore import QEvent, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QGridLayout, QWidget  # noqa: E402

from ioc_console.model.tiles import ChartTile  # noqa: E402
from ioc_console.ui import palette  # noqa: E402
from ioc_console.ui.tile_frame import TileFrame  # noqa: E402
from ioc_console.ui.typography import Typography  # noqa: E402

ROWS, COLUMNS = 3, 4
UPDATE_HZ = 5
STEP_MS = 10_000  # one reading every 10 s of simulated time
WARM_UP_S = 1.0


class FramePanel(QWidget):
    """A top-level panel that times each frame it paints (its UpdateRequest events)."""

    def __init__(self) -> None:
        super().__init__()
        self.frames: list[tuple[float, float]] = []  # (when, milliseconds)

    def event(self, event: QEvent) -> bool:
        if event.type() != QEvent.Type.UpdateRequest:
            return super().event(event)
        started = time.perf_counter()
        handled = super().event(event)
        self.frames.append((started, (time.perf_counter() - started) * 1000))
        return handled


def build_panel(points: int, start_ms: int) -> tuple[FramePanel, list[ChartWidget]]:
    panel = FramePanel()
    panel.resize(1920, 1080)
    panel.setStyleSheet(f"background: {palette.BACKGROUND}; color: {palette.TEXT};")
    grid = QGridLayout(panel)
    grid.setContentsMargins(8, 8, 8, 8)
    grid.setSpacing(8)
    history = [[start_ms + i * STEP_MS, 78 + (i % 700) * 0.01] for i in range(points)]
    thresholds = [{"label": "BĐ I", "value": 80.0}, {"label": "BĐ II", "value": 82.0},
                  {"label": "BĐ III", "value": 83.5}]
    charts = []
    for index in range(ROWS * COLUMNS):
        tile = ChartTile.model_validate({
            "id": f"c{index}", "type": "chart", "title": f"Trạm {index + 1}",
            "options": {"unit": "m", "series": [{"source": "s", "select": "@",
                                                 "label": f"Trạm {index + 1}"}]}})
        chart = ChartWidget(tile, "vi")
        frame = TileFrame(chart, "vi")
        frame.set_typography(Typography(1.0))
        chart.show_data("s", {"points": history, "thresholds": thresholds, "unit": "m"})
        grid.addWidget(frame, index // COLUMNS, index % COLUMNS)
        charts.append(chart)
    return panel, charts


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def run(app: QApplication, live: bool, seconds: float, points: int) -> dict[str, Any]:
    start_ms = int(time.time() * 1000) - points * STEP_MS
    panel, charts = build_panel(points, start_ms)
    redraw_ms: list[float] = []
    for chart in charts:
        original = chart.redraw

        def timed(original=original) -> None:
            started = time.perf_counter()
            original()
            redraw_ms.append((time.perf_counter() - started) * 1000)

        chart.redraw = timed  # type: ignore[method-assign]
    panel.show()
    for chart in charts:
        chart.redraw()  # first picture, as a tile shows when its first poll lands
    ready_by = time.perf_counter() + 5
    while not panel.frames and time.perf_counter() < ready_by:  # layout and first paint
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    panel.frames.clear()
    stalls: list[tuple[float, float]] = []
    last = [time.perf_counter()]
    newest = [start_ms + (points - 1) * STEP_MS]

    def probe() -> None:
        now = time.perf_counter()
        stalls.append((now, (now - last[0]) * 1000 - 1))
        last[0] = now

    def feed() -> None:
        newest[0] += STEP_MS
        point = [[newest[0], 78 + (newest[0] // STEP_MS % 700) * 0.01]]
        for chart in charts:
            chart.show_data("s", point)

    turn = [0]

    def repaint_next() -> None:
        """Static baseline: the same repaints the live charts make, with nothing new."""
        charts[turn[0] % len(charts)].update()
        turn[0] += 1

    max_fps = charts[0].tile.options.max_fps
    probe_timer = QTimer(interval=1)
    probe_timer.timeout.connect(probe)
    work_timer = QTimer(interval=round(1000 / UPDATE_HZ) if live
                        else round(1000 / (max_fps * len(charts))))
    work_timer.timeout.connect(feed if live else repaint_next)
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    started = time.perf_counter()
    probe_timer.start()
    work_timer.start()
    last[0] = time.perf_counter()
    loop.exec()  # a real event loop: the thread sleeps when idle, as on the wall
    probe_timer.stop()
    work_timer.stop()
    panel.close()
    panel.deleteLater()
    app.processEvents()
    after = started + WARM_UP_S
    frames = [ms for when, ms in panel.frames if when >= after]
    gaps = [ms for when, ms in stalls if when >= after]
    measured_s = seconds - WARM_UP_S
    redraws = redraw_ms[len(charts):]  # leave out the first pictures
    return {
        "frames": len(frames),
        "frame_ms_median": round(statistics.median(frames), 1) if frames else None,
        "frame_ms_p95": round(percentile(frames, 0.95), 1),
        "frame_ms_max": round(max(frames, default=0.0), 1),
        "chart_redraws": len(redraws),
        "redraw_ms_median": round(statistics.median(redraws), 2) if redraws else None,
        "gui_busy_ms_per_s": round((sum(frames) + sum(redraws)) / measured_s, 1),
        "worst_stall_ms": round(max(gaps, default=0.0), 1),
        "p99_stall_ms": round(percentile(gaps, 0.99), 1),
        "probe_ticks": len(gaps),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="live run length")
    parser.add_argument("--points", type=int, default=5000, help="history per chart")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    static = run(app, False, max(3.0, args.seconds / 2), args.points)
    live = run(app, True, args.seconds, args.points)

    def ratio(key: str) -> float | None:
        if not static[key] or live[key] is None:
            return None
        return round(live[key] / static[key], 2)

    print(json.dumps({
        "benchmark": "chart_frames", "panel": "1920x1080 offscreen",
        "charts": ROWS * COLUMNS, "grid": f"{ROWS}x{COLUMNS}", "update_hz": UPDATE_HZ,
        "max_fps": ChartTile.model_validate({"id": "x", "type": "chart", "options": {
            "series": [{"source": "s"}]}}).options.max_fps,
        "points_per_chart": args.points, "seconds": args.seconds,
        "static": static, "live": live,
        "ratio_live_over_static": {"frame_median": ratio("frame_ms_median"),
                                   "frame_p95": ratio("frame_ms_p95"),
                                   "gui_busy": ratio("gui_busy_ms_per_s")},
    }, indent=2))


if __name__ == "__main__":
    main()
