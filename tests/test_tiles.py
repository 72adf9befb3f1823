"""Each tile type shows its data as a reader in the room would see it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from ioc_console.widgets import registered_types, widget_class
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

from ioc_console import i18n
from ioc_console.model.tiles import TILE_TYPES
from tests.tile_samples import alert, make_tile, show_tile

SERIES = {"id": "river_lao_cai", "unit": "m",
          "points": [[1725886800000 + i * 600_000, 80 + i * 0.1] for i in range(60)],
          "thresholds": [{"label": "BĐ I", "value": 80.0}, {"label": "BĐ II", "value": 82.0},
                         {"label": "BĐ III", "value": 83.5}]}


def shown(widget, qtbot, size=(800, 450)):
    return show_tile(widget, qtbot, size)


def test_every_tile_type_of_the_schema_has_a_widget():
    assert set(registered_types()) == set(TILE_TYPES)
    for tile_type in TILE_TYPES:
        assert widget_class(tile_type) is not None


def test_kpi_shows_vietnamese_numbers_and_an_arrow_with_a_sign(qtbot):
    tile = make_tile("kpi", options={"decimals": 1, "unit": "%",
                                      "thresholds": [{"value": 99, "color": "#3ddc84"}]})
    widget = shown(widget_class("kpi")(tile, "vi"), qtbot)
    widget.show_data("s", 1234.5)
    assert widget.value_label.text() == "1.234,5"
    widget.show_data("s", 1230.0)
    assert widget.change_label.text() == "▼ −4,5"
    assert widget.value_label.font().pixelSize() >= 24
    assert "#3ddc84" in widget.value_label.styleSheet()
    widget.show_data("s", "garbage")
    assert widget.value_label.text() == "1.230,0"  # the last good value stays


def test_gauge_lists_the_766_components_with_score_over_maximum(qtbot):
    tile = make_tile("gauge", options={"decimals": 2})
    widget = shown(widget_class("gauge")(tile, "vi"), qtbot)
    widget.show_data("s", [{"name": "Công khai", "score": 15.34, "max": 18},
                           {"name": "Tiến độ", "score": 19.14, "max": 20},
                           {"name": "DVC trực tuyến", "score": 15.41, "max": 22},
                           {"name": "Hài lòng", "score": 17.97, "max": 18},
                           {"name": "Số hóa", "score": 11.1, "max": 22}])
    assert widget.texts() == ["15,34 / 18", "19,14 / 20", "15,41 / 22", "17,97 / 18",
                              "11,10 / 22"]
    assert not widget.grab().toImage().isNull()


def test_bar_ranks_the_top_n(qtbot):
    tile = make_tile("bar", options={"value_key": "overdue", "top_n": 2})
    widget = shown(widget_class("bar")(tile, "vi"), qtbot)
    widget.show_data("s", [{"name": "Sở Xây dựng", "overdue": 12}, {"name": "Sở Y tế",
                           "overdue": 30}, {"name": "Sở Tài chính", "overdue": 3}])
    assert widget.rows == [("Sở Y tế", 30.0), ("Sở Xây dựng", 12.0)]


def test_table_sorts_by_a_header_click_and_colours_severity_with_its_word(qtbot):
    tile = make_tile("table", options={
        "columns": [{"key": "name"}, {"key": "level", "decimals": 2}, {"key": "severity"}],
        "sort_by": "level", "severity_key": "severity"})
    widget = shown(widget_class("table")(tile, "vi"), qtbot)
    widget.show_data("s", [{"name": "Lào Cai", "level": 86.91, "severity": "Extreme"},
                           {"name": "Yên Bái", "level": 35.32, "severity": "Severe"}])
    model = widget.model
    assert [model.text(r, 0) for r in range(2)] == ["Lào Cai", "Yên Bái"]
    assert model.text(0, 1) == "86,91" and model.text(0, 2) == "Extreme"
    header = widget.view.horizontalHeader()

    def click_name_header():
        x = header.sectionViewportPosition(0) + header.sectionSize(0) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(x, header.height() // 2))

    click_name_header()
    first = [model.text(r, 0) for r in range(2)]
    click_name_header()
    second = [model.text(r, 0) for r in range(2)]
    assert sorted([first, second]) == [["Lào Cai", "Yên Bái"], ["Yên Bái", "Lào Cai"]]


def test_chart_draws_alarm_lines_and_throttles_redraws(qtbot):
    tile = make_tile("chart", options={"series": [{"source": "s", "select": "@"}],
                                        "max_fps": 5, "max_points": 50})
    widget = shown(widget_class("chart")(tile, "vi"), qtbot)
    for offset in range(1000):
        payload = dict(SERIES, points=[[SERIES["points"][-1][0] + offset * 1000, 85.0]])
        widget.show_data("s", payload if offset else SERIES)
    assert [line.value() for line in widget.threshold_lines] == [80.0, 82.0, 83.5]
    assert [line.label.textItem.toPlainText() for line in widget.threshold_lines] == [
        "BĐ I", "BĐ II", "BĐ III"]
    qtbot.waitUntil(lambda: widget.redraw_count >= 1, timeout=2000)
    assert widget.redraw_count <= 2  # 1000 updates, one or two repaints
    assert len(widget.buffers["s"]) == 50
    xs, _ys = widget.buffers["s"].arrays()
    assert xs == sorted(xs)
    # axis labels are local time (+07:00): 2024-09-09T13:00Z reads 20:00
    stamp = datetime(2024, 9, 9, 13, tzinfo=UTC).timestamp()
    widget.plot.setXRange(stamp - 3 * 3600, stamp + 3 * 3600, padding=0)
    widget.axis.tickSpacing(stamp - 3 * 3600, stamp + 3 * 3600, 800)  # picks the zoom level
    spec = next(s for s in widget.axis.zoomLevel.tickSpecs if "%H:%M" in (s.format or ""))
    assert widget.axis.tickStrings([stamp], 1, spec.spacing)[0].startswith("20:00")


def test_ticker_scrolls_and_stops_when_frozen(qtbot):
    widget = shown(widget_class("ticker")(make_tile("ticker"), "vi"), qtbot, (600, 60))
    widget.show_data("s", [{"headline": "Sông Hồng 86,91 m"}, {"headline": "Sơ tán ven sông"}])
    start = widget.offset
    qtbot.waitUntil(lambda: widget.offset != start, timeout=2000)
    widget.set_frozen(True)
    frozen_at = widget.offset
    qtbot.wait(200)
    assert widget.offset == frozen_at


def test_image_loads_a_file(qtbot, tmp_path):
    picture = QImage(64, 32, QImage.Format.Format_RGB32)
    picture.fill(QColor("#ff0000"))
    path = tmp_path / "logo.png"
    picture.save(str(path))
    widget = shown(widget_class("image")(make_tile("image", options={"url": str(path)}), "vi"),
                   qtbot, (200, 100))
    qtbot.waitUntil(lambda: not widget.image.isNull(), timeout=3000)
    assert widget.grab().toImage().pixelColor(100, 50).name() == "#ff0000"


@pytest.fixture
def english():
    i18n.set_language("en")
    yield


@pytest.fixture
def vietnamese():
    i18n.set_language("vi")
    yield
    i18n.set_language("en")


def test_alert_feed_orders_summarises_and_never_renders_markup(qtbot, english):
    tile = make_tile("alert-feed", options={"max_items": 2})
    widget = shown(widget_class("alert-feed")(tile, "en"), qtbot, (600, 700))
    hostile = alert("x1", "Extreme", headline="<img src=x onerror=alert(1)>")
    alerts = [alert("m1", "Minor"), hostile, alert("m2", "Minor"), alert("s1", "Severe"),
              alert("m3", "Minor")]
    widget.show_data("s", {"alerts": alerts, "problems": []})
    assert [a.identifier for a in widget.visible_alerts()] == ["x1", "s1"]
    assert widget.summary.text() == "+3 more Minor"
    row = widget.rows[0]
    assert row.headline.text() == "<img src=x onerror=alert(1)>"
    assert row.headline.textFormat() == Qt.TextFormat.PlainText
    assert "EXTREME" in row.badge.text()


def test_alert_feed_sound_and_flash_only_for_new_alerts(qtbot):
    widget = shown(widget_class("alert-feed")(make_tile("alert-feed"), "vi"), qtbot)
    widget.show_data("s", [alert("a", "Severe")])
    assert widget.played == [] and not widget.flashing  # what was there at start is not news
    widget.show_data("s", [alert("a", "Severe"), alert("b", "Moderate")])
    assert widget.played == ["Moderate"]
    widget.show_data("s", [alert("a", "Severe"), alert("b", "Moderate")])
    assert widget.played == ["Moderate"]
    widget.show_data("s", [alert("a", "Severe"), alert("c", "Extreme")])
    assert widget.played[-1] == "Extreme" and widget.flashing


def test_alert_feed_acknowledge_asks_with_a_comment_and_shows_who(qtbot, english):
    from ioc_console.data.alert_store import Acknowledgement

    widget = shown(widget_class("alert-feed")(make_tile("alert-feed"), "en"), qtbot, (600, 500))
    widget.show_data("s", [alert("a", "Severe")])
    row = widget.rows[0]
    qtbot.mouseClick(row.ack_button, Qt.MouseButton.LeftButton)
    assert row.comment.isVisible()
    row.comment.setText("đã sơ tán")  # QTest can only type ASCII
    with qtbot.waitSignal(widget.acknowledge_requested) as request:
        qtbot.keyClick(row.comment, Qt.Key.Key_Return)
    assert request.args == ["a", "đã sơ tán"]
    ack = Acknowledgement("a", "lan", "đã sơ tán", datetime(2024, 9, 9, 13, 5, tzinfo=UTC))
    widget.set_acknowledgements({"a": ack})
    assert widget.rows[0].ack_label.text() == "✓ acknowledged by lan at 20:05"


def test_camera_draws_ai_boxes_where_the_event_is_and_goes_offline(qtbot, tmp_path):
    picture = QImage(640, 360, QImage.Format.Format_RGB32)
    picture.fill(QColor("#204060"))
    path = tmp_path / "snap.png"
    picture.save(str(path))
    tile = make_tile("camera", options={"snapshot_url": str(path), "refresh_s": 60})
    widget = shown(widget_class("camera")(tile, "vi"), qtbot, (640, 360))
    qtbot.waitUntil(lambda: not widget.image.isNull(), timeout=3000)
    widget.show_data("s", [{"box": [0.5, 0.5, 0.25, 0.25], "label": "flooded_road",
                            "score": 0.9}])
    image = widget.grab().toImage()
    assert image.pixelColor(320, 225).name() == "#f2b233"  # left edge of the box
    assert image.pixelColor(400, 225).name() == "#204060"  # inside: the picture shows
    widget._failed("HTTP 503")
    assert widget.offline
    dimmed = widget.grab().toImage().pixelColor(50, 50)
    assert dimmed.blue() < 0x60  # the last picture stays, dimmed


def test_text_and_clock_render_vietnamese(qtbot, vietnamese):
    widget = shown(widget_class("text")(make_tile("text", options={
        "text": {"vi": "Sơ tán khỏi khu vực ven sông", "en": "Evacuate"}}), "vi"), qtbot)
    assert widget.label.text() == "Sơ tán khỏi khu vực ven sông"
    clock = shown(widget_class("clock")(make_tile("clock"), "vi"), qtbot)
    assert clock.date_label.text().startswith("Thứ ")


def test_alert_feed_applies_updates_and_cancels_of_the_feed(qtbot):
    from ioc_console.data.alerts import AlertReference

    widget = shown(widget_class("alert-feed")(make_tile("alert-feed"), "vi"), qtbot, (600, 700))
    first = alert("a1", "Severe")
    update = alert("a2", "Extreme", minutes=5, msg_type="Update", references=[
        AlertReference(sender=first.sender, identifier="a1", sent=first.sent)])
    rain = alert("r1", "Minor")
    cancel = alert("r2", "Minor", minutes=6, msg_type="Cancel", references=[
        AlertReference(sender=rain.sender, identifier="r1", sent=rain.sent)])
    widget.show_data("s", {"alerts": [first, rain, update, cancel], "problems": []})
    assert [a.identifier for a in widget.visible_alerts()] == ["a2"]


def test_a_long_title_on_a_narrow_tile_ends_in_an_ellipsis_and_keeps_the_whole_in_its_tooltip(
        qtbot):
    from ioc_console.ui.tile_frame import TileFrame

    title = "Hồ sơ tiếp nhận hôm nay trên Cổng dịch vụ công"
    tile = make_tile("text", title=title, options={"text": "2"})
    frame = TileFrame(widget_class("text")(tile, "vi"), "vi")
    qtbot.addWidget(frame)
    frame.resize(220, 140)
    frame.show()
    qtbot.waitExposed(frame)
    assert frame.title.text().endswith("…") and frame.title.toolTip() == title
    frame.resize(900, 140)
    qtbot.waitUntil(lambda: frame.title.text() == title)
