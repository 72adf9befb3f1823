"""The chart tile: live time series with alarm lines, drawn at a bounded rate.

Data is only stored when it arrives; a timer pushes it to pyqtgraph at most ``max_fps``
times a second, so a burst of updates costs one repaint, not hundreds.
"""

from __future__ import annotations

import time
import weakref
from typing import Any

import jmespath
import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ioc_console.model.common import localize
from ioc_console.model.tiles import ChartTile
from ioc_console.model.time_series import SeriesBuffer
from ioc_console.ui import palette
from ioc_console.ui.typography import Typography

from .base import TileWidget

LOCAL_OFFSET_S = 7 * 3600  # Asia/Ho_Chi_Minh has no daylight saving


class RedrawClock(QObject):
    """One timer for every chart: charts that changed redraw in the same event-loop turn, so
    Qt paints the wall once per tick instead of once per chart at scattered moments."""

    _instance: RedrawClock | None = None

    def __init__(self) -> None:
        super().__init__()
        self.charts: weakref.WeakSet[ChartWidget] = weakref.WeakSet()
        self.timer = QTimer(self, interval=100)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    @classmethod
    def shared(cls) -> RedrawClock:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def _tick(self) -> None:
        now = time.monotonic()
        for chart in list(self.charts):
            try:
                chart.redraw_if_due(now)
            except RuntimeError:  # its C++ side is gone (the tile was closed)
                self.charts.discard(chart)


class ChartWidget(TileWidget):
    def __init__(self, tile: ChartTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        options = tile.options
        self.axis = pg.DateAxisItem(orientation="bottom", utcOffset=-LOCAL_OFFSET_S)
        self.plot = pg.PlotWidget(axisItems={"bottom": self.axis}, background=palette.TILE)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        item = self.plot.getPlotItem()
        item.setDownsampling(auto=True, mode="peak")
        item.setClipToView(True)
        self.legend = item.addLegend(offset=(10, 10)) if len(options.series) > 1 else None
        if options.y_range:
            self.plot.setYRange(*options.y_range, padding=0)
        self.buffers: dict[str, SeriesBuffer] = {}
        self.curves: dict[str, pg.PlotDataItem] = {}
        for index, series in enumerate(options.series):
            self.buffers[series.source] = SeriesBuffer(options.max_points,
                                                       options.history_s * 1000)
            color = series.color or palette.SERIES[index % len(palette.SERIES)]
            self.curves[series.source] = self.plot.plot(
                [], [], pen=pg.mkPen(color, width=3), name=localize(series.label, language),
                skipFiniteCheck=True)
        self.threshold_lines: list[pg.InfiniteLine] = []
        self._threshold_values: tuple = ()
        self._set_thresholds([(t.value, localize(t.label, language), t.color)
                              for t in options.thresholds])
        for band in options.bands:
            region = pg.LinearRegionItem((band.lower, band.upper), orientation="horizontal",
                                         movable=False, brush=pg.mkBrush(band.color + "33"))
            self.plot.addItem(region)
        self._select_thresholds = (jmespath.compile(options.thresholds_select)
                                   if options.thresholds_select else None)
        self.redraw_count = 0
        self._dirty = False
        self._interval_s = 1 / options.max_fps
        self._last_redraw = 0.0
        RedrawClock.shared().charts.add(self)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.plot)

    def receive(self, source_id: str, value: Any) -> None:
        points = value
        if isinstance(value, dict):
            points = value.get("points", [])
            first = self.tile.options.series[0].source
            if source_id == first and self._select_thresholds and not self.tile.options.thresholds:
                self._thresholds_from_data(self._select_thresholds.search(value))
        buffer = self.buffers.get(source_id)
        if buffer is not None and isinstance(points, list) and buffer.merge(points):
            self._dirty = True

    def _thresholds_from_data(self, found: Any) -> None:
        if not isinstance(found, list):
            return
        colors = [palette.ALARM[1], palette.ALARM[2], palette.ALARM[3]]
        lines = []
        for index, item in enumerate(found):
            if isinstance(item, dict) and isinstance(item.get("value"), (int, float)):
                lines.append((float(item["value"]), str(item.get("label", "")),
                              colors[min(index, len(colors) - 1)]))
        self._set_thresholds(lines)

    def _set_thresholds(self, lines: list[tuple[float, str, str]]) -> None:
        if tuple(lines) == self._threshold_values:
            return
        self._threshold_values = tuple(lines)
        for line in self.threshold_lines:
            self.plot.removeItem(line)
        self.threshold_lines = []
        for value, label, color in lines:
            dashed = pg.mkPen(color, width=2, style=Qt.PenStyle.DashLine)
            line = pg.InfiniteLine(pos=value, angle=0, movable=False, pen=dashed,
                                   label=label, labelOpts={"color": color, "position": 0.04,
                                                           "anchors": [(0, 0), (0, 0)]})
            self.plot.addItem(line)
            self.threshold_lines.append(line)
        self._apply_label_font()

    def redraw_if_due(self, now: float) -> None:
        if self._dirty and now - self._last_redraw >= self._interval_s * 0.95:
            self._last_redraw = now
            self.redraw()

    def redraw(self) -> None:
        if not self._dirty or self.frozen:
            return
        self._dirty = False
        self.redraw_count += 1
        for source_id, buffer in self.buffers.items():
            xs, ys = buffer.arrays()
            self.curves[source_id].setData(np.asarray(xs, dtype=float),
                                           np.asarray(ys, dtype=float))

    def _apply_label_font(self) -> None:
        font = QFont()
        font.setPixelSize(round(self.typography.body * 0.8))
        for line in self.threshold_lines:
            line.label.textItem.setFont(font)

    def set_typography(self, typography: Typography) -> None:
        super().set_typography(typography)
        font = QFont()
        font.setPixelSize(typography.body)  # axis numbers are read from the back row too
        for name in ("bottom", "left"):
            axis = self.plot.getAxis(name)
            axis.setTickFont(font)
            axis.setTextPen(palette.TEXT_DIM)
            axis.setStyle(tickTextOffset=6)
        self.plot.getAxis("left").setWidth(round(typography.body * 3))
        self._apply_label_font()
        unit = self.tile.options.unit
        if unit:
            self.plot.setLabel("left", unit, **{"color": palette.TEXT_DIM,
                                                "font-size": f"{font.pixelSize()}px"})


WIDGET = ChartWidget
