"""The chart tile as the room sees it: merged history, alarm lines, local time, and a
redraw rate that stays bounded however fast data comes."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest
from ioc_console.widgets.chart import ChartWidget
from PySide6.QtCore import QEvent, QObject, QPointF, QTimer
from PySide6.QtGui import QColor, QImage, QPainter

from ioc_console.ui import palette
from ioc_console.ui.typography import Typography
from tests.tile_samples import make_tile, show_tile

T0 = int(datetime(2024, 9, 9, 13, tzinfo=UTC).timestamp() * 1000)  # 20:00 in Lào Cai
TEN_MIN = 600_000
ALARMS = [{"label": "BĐ I", "value": 80.0}, {"label": "BĐ II", "value": 82.0},
          {"label": "BĐ III", "value": 83.5}]


def river(first: int = -72, count: int = 145, level: float = 81.0) -> dict:
    """GET /api/series/river_lao_cai: 24 h of ten-minute points around T0, with alarms."""
    return {"id": "river_lao_cai", "title": "Mực nước sông Hồng tại Lào Cai", "unit": "m",
            "points": [[T0 + i * TEN_MIN, round(level + math.sin(i / 9), 2)]
                       for i in range(first, first + count)],
            "thresholds": ALARMS}


def chart(qtbot, size=(800, 450), **options) -> ChartWidget:
    options.setdefault("series", [{"source": "river", "select": "@", "label": "Lào Cai"}])
    widget = ChartWidget(make_tile("chart", options=options), "vi")
    return show_tile(widget, qtbot, size)


class PaintCounter(QObject):
    """Counts the paint events a widget really gets (what a repaint costs the wall)."""

    def __init__(self, target) -> None:
        super().__init__()
        self.count = 0
        target.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


class CallCounter:
    def __init__(self, function) -> None:
        self.function, self.count = function, 0

    def __call__(self, *args, **kwargs):
        self.count += 1
        return self.function(*args, **kwargs)


def drawn(widget: ChartWidget) -> QImage:
    widget.redraw()
    return widget.grab().toImage()


def test_polls_merge_into_a_bounded_ordered_history(qtbot):
    widget = chart(qtbot, max_points=100)
    widget.show_data("river", river(-72, 145))
    widget.show_data("river", river(60, 30))  # overlaps, and brings 17 newer points
    widget.show_data("river", [[T0 - 60 * TEN_MIN, 70.0]])  # a late straggler, old
    seconds, values = widget.buffers["river"].arrays()
    assert len(seconds) == 100
    assert seconds == sorted(seconds)
    assert seconds[-1] == (T0 + 89 * TEN_MIN) / 1000
    qtbot.waitUntil(lambda: widget.redraw_count >= 1, timeout=2000)
    xs, ys = widget.curves["river"].getData()
    assert list(xs) == seconds and list(ys) == values


def test_history_older_than_the_window_is_dropped(qtbot):
    widget = chart(qtbot, history_s=3600)
    widget.show_data("river", river(-72, 145))
    seconds, _values = widget.buffers["river"].arrays()
    assert seconds[0] >= seconds[-1] - 3600 and len(seconds) == 7


def test_alarm_levels_from_the_data_are_drawn_as_labelled_lines(qtbot):
    widget = chart(qtbot)
    widget.show_data("river", river(level=81.0))
    assert [line.value() for line in widget.threshold_lines] == [80.0, 82.0, 83.5]
    assert [line.label.textItem.toPlainText() for line in widget.threshold_lines] == [
        "BĐ I", "BĐ II", "BĐ III"]
    assert all(not line.movable for line in widget.threshold_lines)
    image = drawn(widget)
    view = widget.plot.getViewBox()
    x_middle = sum(view.viewRange()[0]) / 2
    for line, color in zip(widget.threshold_lines, (palette.ALARM[1], palette.ALARM[2]),
                           strict=False):  # the levels the value axis shows around 81 m
        row = round(widget.plot.mapFromScene(
            view.mapViewToScene(QPointF(x_middle, line.value()))).y())
        colours = {image.pixelColor(x, y).name() for x in range(100, 700)
                   for y in (row - 1, row, row + 1)}
        assert color in colours, f"no {line.label.textItem.toPlainText()} line on screen"


def test_levels_in_the_layout_win_over_those_in_the_data(qtbot):
    widget = chart(qtbot, thresholds=[{"value": 85.0, "label": "Lũ lịch sử",
                                       "color": "#ff3b30"}])
    widget.show_data("river", river())
    assert [line.value() for line in widget.threshold_lines] == [85.0]


def test_bands_are_drawn_and_cannot_be_dragged(qtbot):
    widget = chart(qtbot, bands=[{"lower": 80, "upper": 82, "label": "BĐ I-II"}])
    assert [band.getRegion() for band in widget.bands] == [(80.0, 82.0)]
    assert not widget.bands[0].movable


def test_a_burst_of_a_thousand_updates_costs_one_redraw(qtbot):
    widget = chart(qtbot, max_fps=5)
    widget.show_data("river", river())
    qtbot.waitUntil(lambda: widget.redraw_count == 1, timeout=2000)
    set_data = CallCounter(widget.curves["river"].setData)
    widget.curves["river"].setData = set_data
    qtbot.wait(50)
    paints = PaintCounter(widget.plot.viewport())
    newest = river()["points"][-1][0]
    for offset in range(1, 1001):
        widget.show_data("river", [[newest + offset * 1000, 85.0]])
    assert set_data.count == 0  # show_data only stores
    qtbot.waitUntil(lambda: set_data.count >= 1, timeout=2000)
    qtbot.wait(3 * 200)  # three more timer periods: nothing new, nothing drawn
    assert set_data.count == 1
    assert 1 <= paints.count <= 3
    assert not widget._timer.isActive()  # an idle chart costs no wake-ups


def test_a_fast_feed_is_drawn_at_most_max_fps_times_a_second(qtbot):
    widget = chart(qtbot, max_fps=10)
    newest = [T0]

    def feed() -> None:
        newest[0] += 1000
        widget.show_data("river", [[newest[0], 80 + (newest[0] // 1000) % 7]])

    feeder = QTimer(interval=1)
    feeder.timeout.connect(feed)
    feeder.start()
    qtbot.wait(800)
    feeder.stop()
    updates = len(widget.buffers["river"])
    assert updates > 40  # the feed really was several times faster than max_fps
    assert 3 <= widget.redraw_count <= 0.8 * 10 + 2


def tick_labels(widget: ChartWidget) -> list[str]:
    """The time-axis labels exactly as the axis draws them."""
    widget.redraw()
    widget.grab()
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _axis, _ticks, texts = widget.axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _rect, _flags, text in texts]


def test_time_ticks_read_local_time_in_lao_cai(qtbot):
    widget = chart(qtbot, size=(900, 400), history_s=7200)
    widget.show_data("river", river(-6, 13))  # 12:00Z to 14:00Z: 19:00 to 21:00 local
    labels = tick_labels(widget)
    assert "20:00" in labels  # the point at 13:00Z
    assert labels and all(label[:3] in ("19:", "20:", "21:") for label in labels)


def test_day_ticks_are_numbers_not_english_weekdays(qtbot):
    widget = chart(qtbot, size=(900, 400), history_s=3 * 86400)
    hourly = [[T0 + h * 3600_000, 80.0] for h in range(-30, 42)]  # 3 days around T0
    widget.show_data("river", hourly)
    labels = tick_labels(widget)
    days = [label for label in labels if "/" in label]
    assert days and set(days) <= {"09/09", "10/09", "11/09"}  # days of September 2024
    assert not any(day in label for label in labels for day in ("Mon", "Tue", "Wed"))


def test_the_chart_is_dark_fast_and_readable(qtbot):
    widget = chart(qtbot)
    item = widget.plot.getPlotItem()
    assert item.clipToViewMode() is True
    assert item.downsampleMode()[1:] == (True, "peak")
    assert widget.curves["river"].opts["skipFiniteCheck"] is True
    assert not widget.plot.renderHints() & QPainter.RenderHint.Antialiasing
    for name in ("bottom", "left"):
        assert widget.plot.getAxis(name).style["tickFont"].pixelSize() >= 24 * 0.8
    widget.show_data("river", river())
    image = drawn(widget)
    assert image.pixelColor(image.width() - 3, 3) == QColor(palette.TILE)
    curve_colour = QColor(palette.SERIES[0])
    assert any(image.pixelColor(x, y) == curve_colour
               for x in range(150, 750, 10) for y in range(0, 400, 2))


def test_a_legend_names_every_series(qtbot):
    widget = chart(qtbot, series=[{"source": "lao_cai", "label": "Lào Cai"},
                                  {"source": "yen_bai", "label": {"vi": "Yên Bái",
                                                                  "en": "Yen Bai"}}])
    assert [label.text for _sample, label in widget.legend.items] == ["Lào Cai", "Yên Bái"]
    assert widget.legend.isVisible()


def test_each_series_takes_its_own_source(qtbot):
    widget = chart(qtbot, series=[{"source": "lao_cai"}, {"source": "yen_bai"}])
    widget.show_data("lao_cai", river()["points"])
    widget.show_data("yen_bai", river(level=30.0)["points"][:10])
    widget.show_data("somewhere_else", river()["points"])
    assert (len(widget.buffers["lao_cai"]), len(widget.buffers["yen_bai"])) == (145, 10)


@pytest.mark.parametrize("bad", [None, "HTTP 503", {"error": "timeout"}, [], 42])
def test_a_failing_source_leaves_the_last_good_curve(qtbot, bad):
    widget = chart(qtbot)
    widget.show_data("river", river())
    widget.redraw()
    before = widget.curves["river"].getData()[1].tolist()
    widget.show_data("river", bad)
    widget.redraw()
    assert widget.curves["river"].getData()[1].tolist() == before
    assert len(widget.threshold_lines) == 3


def test_frozen_the_picture_stays_and_the_newest_shows_on_release(qtbot):
    widget = chart(qtbot, max_fps=20)
    widget.show_data("river", river(-72, 100))
    qtbot.waitUntil(lambda: widget.redraw_count == 1, timeout=2000)
    widget.set_frozen(True)
    widget.show_data("river", river(28, 10)["points"])  # polls with only newer points
    widget.show_data("river", river(38, 10)["points"])
    qtbot.wait(200)
    assert widget.redraw_count == 1
    assert len(widget.curves["river"].getData()[0]) == 100
    widget.set_frozen(False)
    assert len(widget.curves["river"].getData()[0]) == 120  # nothing held back was lost


def test_a_hidden_chart_does_not_redraw_until_shown(qtbot):
    widget = chart(qtbot, max_fps=20)
    widget.hide()
    widget.show_data("river", river())
    qtbot.wait(150)
    assert widget.redraw_count == 0
    widget.show()
    qtbot.waitUntil(lambda: widget.redraw_count == 1, timeout=2000)


def test_a_repaint_with_no_news_copies_the_picture_and_new_data_shows_at_once(qtbot):
    widget = chart(qtbot, max_fps=20)
    widget.show_data("river", river(-72, 100))
    qtbot.waitUntil(lambda: widget.redraw_count == 1, timeout=2000)
    before = widget.grab().toImage()
    pictures = widget.plot.pictures_drawn
    widget.plot.viewport().repaint()  # a scenario switch bringing the chart back
    assert widget.plot.pictures_drawn == pictures
    widget.show_data("river", river(28, 40, level=83.0)["points"])
    widget.redraw()
    after = widget.grab().toImage()  # no event-loop turn in between: still the news
    assert widget.plot.pictures_drawn == pictures + 1 and after != before


def test_the_value_axis_shows_the_next_alarm_level(qtbot):
    widget = chart(qtbot)
    widget.show_data("river", river(level=77.0))  # 76..78 m, BĐ I at 80 m
    widget.redraw()
    low, high = widget.plot.getViewBox().viewRange()[1]
    assert low < 76.5 and 80.0 < high < 82.0


def test_new_typography_reapplies_the_axis_font(qtbot):
    widget = chart(qtbot)
    widget.show_data("river", river())
    widget.set_typography(Typography(2.0))
    assert widget.axis.style["tickFont"].pixelSize() >= 48 * 0.8
    assert widget.plot.getAxis("left").style["tickFont"].pixelSize() >= 48 * 0.8
    assert all(line.label.textItem.font().pixelSize() >= 48 * 0.8
               for line in widget.threshold_lines)
