"""The chart tile: live time series with alarm lines and bands, drawn at a bounded rate.

Data is only stored when it arrives (a bounded ring buffer per series); a timer pushes it
to pyqtgraph at most ``max_fps`` times a second and only when something changed, so a
burst of a thousand updates costs one repaint, not a thousand. pyqtgraph is used the fast
way: ``setData`` on numpy arrays, peak downsampling at one bin per pixel, clipping to the
view, no finite check (the buffer only holds finite numbers), no antialiasing. Measured
offscreen (bench/chart_frames.py), three more things matter as much:
- the grid is opaque, major ticks only, under the curves: pyqtgraph's alpha-blended grid
  with minor ticks cost ~8 ms of a ~9 ms repaint;
- the axes move in steps, not at every redraw: a range change re-lays both axes (~5 ms);
- each chart redraws at its own phase, so twelve charts fed by one poll make twelve small
  repaints, not one 80 ms stall.
"""

from __future__ import annotations

import math
import zlib
from datetime import datetime, timedelta, timezone
from typing import Any

import jmespath
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QFont, QPainter, QPixmap, QPixmapCache
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QVBoxLayout, QWidget

from ioc_console.model.chart_scale import settle, time_window, value_range
from ioc_console.model.common import localize
from ioc_console.model.kpi_logic import ThresholdLevel
from ioc_console.model.ring_buffer import TimeSeriesRing
from ioc_console.model.tile_values import as_number
from ioc_console.model.tiles import ChartTile
from ioc_console.ui import palette
from ioc_console.ui.typography import Typography

from .base import TileWidget

# pyqtgraph counts the offset in seconds west of UTC; Asia/Ho_Chi_Minh is +07:00, no DST
LOCAL_UTC_OFFSET = -7 * 3600
_LOCAL_ZONE = timezone(timedelta(hours=7))
# pyqtgraph writes weekday and month names in English; numbers read in both languages
_NUMERIC_FORMATS = {"%a %d": "%d/%m", "%d": "%d/%m", "%b": "%m/%Y"}
# alarm levels given by the data (BĐ I, II, III) take the alarm colours in order
_DATA_LEVEL_COLORS = (palette.ALARM[1], palette.ALARM[2], palette.ALARM[3])


class LocalTimeAxis(pg.DateAxisItem):
    """Time axis in +07:00 whose day and month ticks are written as numbers (25/11)."""

    def __init__(self) -> None:
        super().__init__(orientation="bottom", utcOffset=LOCAL_UTC_OFFSET)

    def tickStrings(self, values: list[float], scale: float,  # noqa: N802
                    spacing: float) -> list[str]:
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        pattern = _NUMERIC_FORMATS.get(spec.format) if spec is not None else None
        if pattern is None:
            return super().tickStrings(values, scale, spacing)
        return [datetime.fromtimestamp(v, _LOCAL_ZONE).strftime(pattern) for v in values]


PIXMAP_CACHE_KB = 256 * 1024


class PicturePlotWidget(pg.PlotWidget):
    """A plot that repaints from a picture of itself, redrawn only after its scene changed.

    A chart is repainted far more often than it changes: every scenario switch that brings
    it back, every tile moved over it. Copying the picture costs a fraction of pyqtgraph's
    paint (~0.2 ms of Python per chart), and the wall has no mouse to zoom it with.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.picture: QPixmap | None = None
        self.pictures_drawn = 0
        self._ahead_pending = False
        self.scene().changed.connect(self._scene_changed)

    def invalidate(self) -> None:
        """Draw the picture again at the next paint. The chart calls this for each change
        it makes; the scene's ``changed`` signal, which comes one event-loop turn later,
        catches anything pyqtgraph changes by itself."""
        if self.picture is None:
            return
        self.picture = None
        self.viewport().update()
        if self.isVisible() and self.viewport().visibleRegion().isEmpty() \
                and not self._ahead_pending:
            # parked off the wall, so no paint will come: draw the picture a turn later,
            # and the switch that brings the chart back only copies it
            self._ahead_pending = True
            QTimer.singleShot(0, self, self._draw_ahead)

    def _scene_changed(self, _regions: Any) -> None:
        self.invalidate()

    def _draw_ahead(self) -> None:
        self._ahead_pending = False
        if self.picture is None:
            self._draw_picture()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.picture = None

    def paintEvent(self, event: Any) -> None:  # noqa: N802
        if self.picture is None:
            self._draw_picture()
        QPainter(self.viewport()).drawPixmap(0, 0, self.picture)

    def _draw_picture(self) -> None:
        viewport = self.viewport()
        ratio = viewport.devicePixelRatioF()
        picture = QPixmap(viewport.size() * ratio)
        picture.setDevicePixelRatio(ratio)
        painter = QPainter(picture)
        self.render(painter, QRectF(viewport.rect()), viewport.rect())
        painter.end()
        self.picture = picture
        self.pictures_drawn += 1


class ChartWidget(TileWidget):
    """Several series, each from its own source, on a local-time axis."""

    def __init__(self, tile: ChartTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        # The cached axes live in Qt's pixmap cache, 10 MB by default: a dozen charts on a
        # 4K wall overflow it, and every scenario switch then redraws their tick text.
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), PIXMAP_CACHE_KB))
        options = tile.options
        self.axis = LocalTimeAxis()
        self.plot = PicturePlotWidget(axisItems={"bottom": self.axis},
                                      background=palette.TILE)
        self.plot.setAntialiasing(False)
        # the background is one colour: filling it writes the pixels once, where the
        # cached background pixmap (pyqtgraph's default) is read and written
        self.plot.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        item = self.plot.getPlotItem()
        item.setDownsampling(auto=True, mode="peak")
        item.setClipToView(True)
        item.disableAutoRange()
        for name in ("bottom", "left"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(palette.GRID_LINE))
            axis.setTextPen(pg.mkPen(palette.TEXT_DIM))
            axis.setGrid(255)  # opaque: blending a grid over the plot is the costly part
            axis.setZValue(-1)  # so the opaque grid lies under the curves, not over them
            # the axis with its grid and tick text is the costly part of a chart's paint
            # (~1 ms of text per axis); cached as a pixmap it is redrawn only when the
            # range moves, so showing a chart again after a scenario switch is a blit
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # major ticks only, except on the time axis whose major level is whole days
        self.plot.getAxis("left").setStyle(maxTickLevel=0)
        self.axis.setStyle(maxTickLevel=1)
        self.legend = item.addLegend(offset=(8, 8), labelTextColor=palette.TEXT,
                                     brush=pg.mkBrush(palette.BACKGROUND + "c0"),
                                     pen=pg.mkPen(palette.GRID_LINE))
        self.buffers: dict[str, TimeSeriesRing] = {}
        self.curves: dict[str, pg.PlotDataItem] = {}
        several = len(options.series) > 1
        for index, series in enumerate(options.series):
            self.buffers[series.source] = TimeSeriesRing(options.max_points,
                                                         options.history_s * 1000)
            color = series.color or palette.SERIES[index % len(palette.SERIES)]
            name = localize(series.label, language) or (series.source if several else "")
            curve = self.plot.plot([], [], pen=pg.mkPen(color, width=3), name=name or None,
                                   skipFiniteCheck=True)
            # pyqtgraph's default keeps ~5 samples per pixel, which "peak" mode (a min and
            # a max per bin) barely reduces; one bin per pixel keeps every extreme visible
            # and draws 2 points per pixel instead of 10
            curve.opts["autoDownsampleFactor"] = 1.0
            self.curves[series.source] = curve
        self.legend.setVisible(bool(self.legend.items))
        self.bands: list[pg.LinearRegionItem] = []
        for band in options.bands:
            self._add_band(band.lower, band.upper, band.color, localize(band.label, language))
        self.threshold_lines: list[pg.InfiniteLine] = []
        self._levels: tuple[ThresholdLevel, ...] = ()
        self._set_thresholds([ThresholdLevel(t.value, t.color, localize(t.label, language))
                              for t in options.thresholds])
        self._first_source = options.series[0].source
        self._select_thresholds = (jmespath.compile(options.thresholds_select)
                                   if options.thresholds_select and not options.thresholds
                                   else None)
        self._unit = options.unit
        self.redraw_count = 0
        self._range_s: float | None = None  # a briefing's time window, else the layout's
        self._dirty = False
        self._y_fitted = False  # the value axis still shows pyqtgraph's default range
        self._interval_ms = max(1, round(1000 / options.max_fps))
        # a fixed phase per tile, so charts fed by the same poll do not all repaint in the
        # same event-loop turn (12 charts at once is an ~80 ms stall; spread, ~7 ms each)
        self._phase_ms = zlib.crc32(tile.id.encode()) % self._interval_ms
        self._timer = QTimer(self, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.plot)
        self.set_typography(self.typography)

    # --- data in -------------------------------------------------------------------------

    def show_data(self, source_id: str, value: Any) -> None:
        """Merge now, even while frozen: a poll may carry only the newest points, and
        holding back just the latest poll (as simpler tiles do) would lose the others."""
        self.receive(source_id, value)

    def show_value(self, value: Any) -> None:
        """A single value without a source: it belongs to the first series."""
        self.receive(self._first_source, value)

    def receive(self, source_id: str, value: Any) -> None:
        buffer = self.buffers.get(source_id)
        if buffer is None:
            return
        points = value
        if isinstance(value, dict):  # the whole payload: points plus thresholds and unit
            if source_id == self._first_source:
                self._take_payload_extras(value)
            points = value.get("points")
        if isinstance(points, list) and buffer.merge(points):
            self._dirty = True
            self._schedule()

    def _take_payload_extras(self, payload: dict) -> None:
        if self._select_thresholds is not None:
            found = self._select_thresholds.search(payload)
            if isinstance(found, list):
                self._set_thresholds(_levels_from_data(found))
        unit = payload.get("unit")
        if not self.tile.options.unit and isinstance(unit, str) and unit != self._unit:
            self._unit = unit
            self._apply_unit()

    # --- redraw at a bounded rate ----------------------------------------------------------

    def _schedule(self) -> None:
        if not self.frozen and self.is_showing() and not self._timer.isActive():
            self._timer.start(self._interval_ms + self._phase_ms)

    def _tick(self) -> None:
        """One timer tick: push the data if it changed; stop the timer when idle, frozen or
        hidden (a chart in a scenario that is not showing costs nothing)."""
        if not self._dirty or self.frozen or not self.is_showing():
            self._timer.stop()
            return
        if self._timer.interval() != self._interval_ms:
            self._timer.setInterval(self._interval_ms)  # after the phased first tick
        self.redraw()

    def redraw(self) -> None:
        """Push every series to its curve and fit the axes (one ``setData`` per series)."""
        if not self._dirty:
            return
        self._dirty = False
        self.redraw_count += 1
        self._fit_axes()  # first: clipping and downsampling then work on the new range once
        for source_id, buffer in self.buffers.items():
            seconds, values = buffer.columns()
            self.curves[source_id].setData(seconds, values, skipFiniteCheck=True)
        self.plot.invalidate()

    def _fit_axes(self) -> None:
        held = [b for b in self.buffers.values() if len(b)]
        if not held:
            return
        newest = max(b.newest_ms or 0.0 for b in held) / 1000
        view = self.plot.getViewBox()
        (x0, x1), current_y = view.viewRange()
        window = time_window(newest, self.time_range_s)
        if (x0, x1) != window:
            self.plot.setXRange(*window, padding=0)
        fixed = self.tile.options.y_range
        spans = [span for b in held if (span := b.value_span()) is not None]
        lows, highs = zip(*spans, strict=True)
        wanted = fixed or value_range((min(lows), max(highs)),
                                      [level.value for level in self._levels])
        if wanted is None:
            return
        shown = (current_y[0], current_y[1]) if self._y_fitted else None
        target = wanted if fixed else settle(shown, wanted)
        if target != shown:
            self.plot.setYRange(*target, padding=0)
        self._y_fitted = True

    @property
    def time_range_s(self) -> float:
        return self._range_s or self.tile.options.history_s

    def set_time_range(self, seconds: float | None) -> None:
        """Show the last ``seconds`` (a briefing item's range) or, with None, the layout's
        window. Only narrower than ``history_s``: older points are not kept. While frozen
        the new window shows on release, with the data."""
        seconds = min(seconds, self.tile.options.history_s) if seconds else None
        if seconds == self._range_s:
            return
        self._range_s = seconds
        self._dirty = True
        if not self.frozen:
            self.redraw()

    def set_frozen(self, frozen: bool) -> None:
        """Frozen: the picture stays; data keeps merging; on release the newest shows at
        once."""
        self.frozen = frozen
        if frozen:
            self._timer.stop()
        elif self._dirty:
            self.redraw()

    def showing_changed(self) -> None:
        """Redraw only what can be seen; data arriving meanwhile is merged, and drawn once
        when the chart is back on the wall."""
        if not self.is_showing():
            self._timer.stop()
        elif self._dirty:
            self._schedule()

    # --- thresholds and bands --------------------------------------------------------------

    def _set_thresholds(self, levels: list[ThresholdLevel]) -> None:
        if tuple(levels) == self._levels:
            return
        self._levels = tuple(levels)
        for line in self.threshold_lines:
            self.plot.removeItem(line)
        self.threshold_lines = []
        for level in levels:
            dashed = pg.mkPen(level.color, width=2, style=Qt.PenStyle.DashLine)
            line = pg.InfiniteLine(pos=level.value, angle=0, movable=False, pen=dashed,
                                   label=level.label or None,
                                   labelOpts={"color": level.color, "position": 0.98,
                                              "anchors": [(1, 1), (1, 1)],
                                              "fill": pg.mkBrush(palette.TILE)})  # opaque: cheap
            self.plot.addItem(line, ignoreBounds=True)
            self.threshold_lines.append(line)
        self._apply_label_fonts()
        if any(len(b) for b in self.buffers.values()):
            self._fit_axes()
        self.plot.invalidate()

    def _add_band(self, lower: float, upper: float, color: str, label: str) -> None:
        region = pg.LinearRegionItem((lower, upper), orientation="horizontal", movable=False,
                                     brush=pg.mkBrush(color + "33"),
                                     pen=pg.mkPen(color + "80"))
        region.setZValue(-10)  # behind the curves
        if label:
            pg.InfLineLabel(region.lines[1], text=label, position=0.5,
                            anchors=[(0.5, 0), (0.5, 0)], color=color)
        self.plot.addItem(region, ignoreBounds=True)
        self.bands.append(region)

    # --- sizes -------------------------------------------------------------------------------

    def _small_px(self) -> int:
        """Axis and label text: at least 0.8 of body text, read from the back row."""
        return math.ceil(self.typography.body * 0.8)

    def _apply_label_fonts(self) -> None:
        font = QFont()
        font.setPixelSize(self._small_px())
        font.setWeight(QFont.Weight.DemiBold)
        for line in self.threshold_lines:
            if line.label is not None:
                line.label.textItem.setFont(font)
        for region in self.bands:
            for child in region.lines[1].childItems():
                if isinstance(child, pg.InfLineLabel):
                    child.textItem.setFont(font)

    def _apply_unit(self) -> None:
        if self._unit:
            self.plot.setLabel("left", self._unit, **{"color": palette.TEXT_DIM,
                                                      "font-size": f"{self._small_px()}px"})
            self.plot.invalidate()

    def set_typography(self, typography: Typography) -> None:
        super().set_typography(typography)
        font = QFont()
        font.setPixelSize(self._small_px())
        for name in ("bottom", "left"):
            axis = self.plot.getAxis(name)
            axis.setTickFont(font)
            axis.setStyle(tickTextOffset=typography.px(6), tickLength=typography.px(6))
        self.plot.getAxis("left").setWidth(round(self._small_px() * 3.6))
        self.axis.setHeight(round(self._small_px() * 1.5 + typography.px(12)))
        for curve in self.curves.values():
            color = pg.mkPen(curve.opts["pen"]).color()
            curve.setPen(pg.mkPen(color, width=max(2, typography.px(3))))
        self.legend.setLabelTextSize(f"{self._small_px()}px")
        for _sample, label in self.legend.items:
            label.setText(label.text)  # the new size applies when the text is set again
        self._apply_label_fonts()
        self._apply_unit()
        self.plot.invalidate()


def _levels_from_data(found: list) -> list[ThresholdLevel]:
    """Alarm levels sent with the series ([{label, value}]), coloured I, II, III in order."""
    levels = []
    for item in found:
        if not isinstance(item, dict):
            continue
        value = as_number(item.get("value"))
        if value is None:
            continue
        color = item.get("color")
        if not (isinstance(color, str) and len(color) == 7 and color.startswith("#")):
            color = _DATA_LEVEL_COLORS[min(len(levels), len(_DATA_LEVEL_COLORS) - 1)]
        levels.append(ThresholdLevel(value, color, str(item.get("label") or "")))
    return levels


WIDGET = ChartWidget
