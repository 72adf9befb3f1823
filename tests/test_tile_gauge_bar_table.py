"""Gauge, bar and table tiles as the room sees them: numbers always written, rankings in
order, tables sortable with severity in words."""

from __future__ import annotations

import numpy as np
import pytest
from ioc_console.widgets.bar import BarWidget
from ioc_console.widgets.gauge import GaugeWidget
from ioc_console.widgets.table import TableWidget
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

from ioc_console.ui import palette
from ioc_console.ui.typography import Typography
from tests.tile_samples import make_tile, show_tile

INDEX_766 = [  # GET /api/kpi/index766 -> components
    {"key": "cong_khai", "name": "Công khai, minh bạch", "max": 18, "score": 15.34},
    {"key": "tien_do", "name": "Tiến độ giải quyết", "max": 20, "score": 19.14},
    {"key": "dvc_truc_tuyen", "name": "Dịch vụ công trực tuyến", "max": 22, "score": 15.41},
    {"key": "hai_long", "name": "Mức độ hài lòng", "max": 18, "score": 17.97},
    {"key": "so_hoa", "name": "Số hóa hồ sơ", "max": 22, "score": 11.1}]
BY_DEPARTMENT = [  # GET /api/kpi/public_admin -> by_department
    {"name": "Sở Xây dựng", "received": 812, "overdue": 12},
    {"name": "Sở Tài nguyên và Môi trường", "received": 430, "overdue": 15},
    {"name": "Sở Y tế", "received": 220, "overdue": 30},
    {"name": "Sở Tư pháp", "received": 95, "overdue": None},
    {"name": "Sở Tài chính", "received": 61, "overdue": 3}]
STATIONS = [
    {"name": "Yên Bái", "level": 35.32, "severity": "Severe"},
    {"name": "Lào Cai", "level": 86.91, "severity": "Extreme"},
    {"name": "Bảo Hà", "level": 56.1, "severity": "Moderate"},
    {"name": "Đồng Tâm", "level": 1234.5, "severity": "Minor"},
    {"name": "Bắc Hà", "level": None, "severity": "Unknown"}]


def shown(widget, qtbot, size=(640, 400)):
    return show_tile(widget, qtbot, size)


def pixels(widget) -> np.ndarray:
    """The widget as drawn: one 0xAARRGGBB number per pixel, rows first."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)
    raw = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.sizeInBytes() // 4)
    return raw.reshape(image.height(), image.bytesPerLine() // 4)[:, : image.width()]


# --- gauge ------------------------------------------------------------------------------


def test_a_share_of_maximum_is_a_bar_with_its_number(qtbot):
    tile = make_tile("gauge", options={"unit": "%", "decimals": 1})
    widget = shown(GaugeWidget(tile, "vi"), qtbot, (600, 200))
    widget.show_data("s", 49.3)
    assert widget.texts() == ["49,3 %"]
    image = widget.grab().toImage()
    bar_row = next(y for y in range(image.height() - 1, 0, -1)
                   if image.pixelColor(300, y).name() in (palette.ACCENT, palette.GRID_LINE))
    assert image.pixelColor(round(600 * 0.45), bar_row).name() == palette.ACCENT  # filled
    assert image.pixelColor(round(600 * 0.55), bar_row).name() == palette.GRID_LINE  # not


def test_list_mode_draws_the_five_766_components_with_score_over_maximum(qtbot):
    tile = make_tile("gauge", options={"decimals": 2, "unit": ""})
    widget = shown(GaugeWidget(tile, "vi"), qtbot, (640, 500))
    widget.show_data("s", INDEX_766)
    assert [item.label for item in widget.items] == [c["name"] for c in INDEX_766]
    assert widget.texts() == ["15,34 / 18", "19,14 / 20", "15,41 / 22", "17,97 / 18",
                              "11,10 / 22"]
    image = widget.grab().toImage()
    rows = [y for y in range(image.height()) if image.pixelColor(5, y).name() == palette.ACCENT]
    bands = [y for i, y in enumerate(rows) if i == 0 or rows[i - 1] != y - 1]
    assert len(bands) == 5  # one filled bar per component


def test_a_gauge_threshold_colours_the_bar_and_the_number_stays(qtbot):
    tile = make_tile("gauge", options={"thresholds": [{"value": 80, "color": "#3ddc84"}]})
    widget = shown(GaugeWidget(tile, "vi"), qtbot, (600, 200))
    widget.show_data("s", 90.0)
    assert widget.fill_color(widget.items[0]) == "#3ddc84"
    widget.show_data("s", 40.0)
    assert widget.fill_color(widget.items[0]) == palette.DANGER  # short of every level
    for junk in (None, "n/a", [], [{"name": "x"}]):
        widget.show_data("s", junk)
    assert widget.texts() == ["40,0 %"]


def test_a_frozen_gauge_shows_the_newest_value_on_release(qtbot):
    widget = shown(GaugeWidget(make_tile("gauge"), "vi"), qtbot)
    widget.show_data("s", 10.0)
    widget.set_frozen(True)
    widget.show_data("s", 20.0)
    widget.show_data("s", 30.0)
    assert widget.texts() == ["10,0 %"]
    widget.set_frozen(False)
    assert widget.texts() == ["30,0 %"]


# --- bar --------------------------------------------------------------------------------


def test_bars_rank_the_top_n_longest_first_with_values_written(qtbot):
    tile = make_tile("bar", options={"value_key": "overdue", "top_n": 3, "color": "#ff9f0a"})
    widget = shown(BarWidget(tile, "vi"), qtbot, (700, 240))
    widget.show_data("s", BY_DEPARTMENT)
    assert widget.rows == [("Sở Y tế", 30.0), ("Sở Tài nguyên và Môi trường", 15.0),
                           ("Sở Xây dựng", 12.0)]
    assert widget.value_texts() == ["30", "15", "12"]
    widths = [int(w) for w in (pixels(widget) == QColor("#ff9f0a").rgb()).sum(axis=1)]
    lengths = [w for i, w in enumerate(widths) if w and (i == 0 or widths[i - 1] != w)]
    assert len(lengths) == 3  # three bars, top to bottom
    assert lengths[0] > lengths[1] > lengths[2] > 0
    assert lengths[1] / lengths[0] == pytest.approx(15 / 30, abs=0.03)


def test_bar_values_use_vietnamese_numbers_and_labels_use_body_text(qtbot):
    tile = make_tile("bar", options={"value_key": "received", "unit": "hồ sơ"})
    widget = shown(BarWidget(tile, "vi"), qtbot)
    widget.show_data("s", [{"name": "Sở Xây dựng", "received": 1812},
                           {"name": "Sở Y tế", "received": 2.5}])
    assert widget.value_texts() == ["1.812 hồ sơ", "2,5 hồ sơ"]
    assert widget.typography.body >= 24


def test_an_empty_ranking_says_so_and_junk_keeps_the_last_bars(qtbot):
    widget = shown(BarWidget(make_tile("bar", options={"value_key": "overdue"}), "vi"), qtbot)
    widget.show_data("s", BY_DEPARTMENT)
    widget.show_data("s", None)
    widget.show_data("s", {"error": "timeout"})
    assert len(widget.rows) == 4
    widget.show_data("s", [])
    assert widget.rows == [] and widget.has_data
    assert palette.TEXT_DIM in {widget.grab().toImage().pixelColor(x, y).name()
                                for x in range(300, 340) for y in range(180, 220)}


# --- table ------------------------------------------------------------------------------


def table(qtbot, **options) -> TableWidget:
    options.setdefault("columns", [{"key": "name", "title": {"vi": "Trạm", "en": "Station"}},
                                   {"key": "level", "align": "right", "decimals": 2},
                                   {"key": "severity", "title": "Mức"}])
    options.setdefault("severity_key", "severity")
    return shown(TableWidget(make_tile("table", options=options), "vi"), qtbot, (700, 320))


def names(widget: TableWidget) -> list[str]:
    return [widget.model.text(row, 0) for row in range(widget.model.rowCount())]


def click_header(qtbot, widget: TableWidget, section: int) -> None:
    header = widget.view.horizontalHeader()
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def test_the_table_shows_the_top_n_of_the_layouts_ranking(qtbot):
    widget = table(qtbot, sort_by="level", top_n=3)
    widget.show_data("s", STATIONS)
    assert names(widget) == ["Đồng Tâm", "Lào Cai", "Bảo Hà"]
    assert [widget.model.text(r, 1) for r in range(3)] == ["1.234,50", "86,91", "56,10"]
    assert widget.model.headerData(0, Qt.Orientation.Horizontal) == "Trạm"


def test_a_header_click_sorts_the_shown_rows_both_ways(qtbot):
    widget = table(qtbot, sort_by="level", top_n=4)
    widget.show_data("s", STATIONS)
    click_header(qtbot, widget, 0)
    first = names(widget)
    click_header(qtbot, widget, 0)
    second = names(widget)
    assert sorted([first, second]) == [["Bảo Hà", "Đồng Tâm", "Lào Cai", "Yên Bái"],
                                       ["Yên Bái", "Lào Cai", "Đồng Tâm", "Bảo Hà"]]
    widget.show_data("s", STATIONS)  # a new poll keeps the reader's chosen order
    assert names(widget) == second


def test_sorting_by_severity_follows_severity_not_the_alphabet(qtbot):
    widget = table(qtbot, sort_by="severity")
    widget.show_data("s", STATIONS)
    assert [widget.model.text(r, 2) for r in range(5)] == [
        "Extreme", "Severe", "Moderate", "Minor", "Unknown"]


def test_severity_is_written_as_a_word_in_its_colour(qtbot):
    widget = table(qtbot, sort_by="level")
    widget.show_data("s", STATIONS)
    model = widget.model
    row = names(widget).index("Lào Cai")
    index = model.index(row, 2)
    assert model.data(index) == "Extreme"
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) == QColor(palette.SEVERITY["Extreme"])
    assert model.data(index, Qt.ItemDataRole.DecorationRole) == QColor(palette.SEVERITY["Extreme"])
    rect = widget.view.visualRect(index)
    origin = widget.view.viewport().mapTo(widget, rect.topLeft())
    image = widget.grab().toImage()
    cell = {image.pixelColor(origin.x() + x, origin.y() + y).name()
            for x in range(rect.width()) for y in range(rect.height())}
    assert palette.SEVERITY["Extreme"] in cell


def test_table_text_and_rows_follow_the_typography(qtbot):
    widget = table(qtbot)
    widget.set_typography(Typography(1.5))
    assert widget.view.font().pixelSize() == Typography(1.5).body
    assert widget.view.verticalHeader().defaultSectionSize() >= Typography(1.5).body * 1.5


def test_the_table_keeps_its_rows_when_the_source_fails(qtbot):
    widget = table(qtbot)
    widget.show_data("s", STATIONS)
    widget.show_data("s", None)
    widget.show_data("s", "HTTP 500")
    assert widget.model.rowCount() == 5
    widget.show_data("s", [])  # an empty list is data: no rows
    assert widget.model.rowCount() == 0
