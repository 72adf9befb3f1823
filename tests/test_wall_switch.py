"""A scenario switch takes tiles off the wall and brings others on, and what is off the wall
can be neither seen nor costs anything; the frames look the same whatever the switch did."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit

from ioc_console.model.layout import Layout
from ioc_console.ui import palette
from ioc_console.ui.theme import FRAME_BORDERS
from ioc_console.ui.wall_view import WallView

POINTS = [[1725886800000 + i * 600_000, 80 + i * 0.1] for i in range(30)]


def two_scenario_layout() -> Layout:
    """One panel; scenario "a" shows a chart and a ticker, scenario "b" a clock and a map."""
    return Layout.model_validate({
        "name": "switch",
        "wall": {"panels": [{"id": "p1", "position": {"row": 0, "column": 0},
                             "grid": {"rows": 1, "columns": 2}}]},
        "sources": [{"id": "river", "kind": "json", "url": "http://127.0.0.1:9/river"}],
        "tiles": [
            {"id": "level", "type": "chart", "title": "River",
             "options": {"series": [{"source": "river"}]}},
            {"id": "news", "type": "ticker"},
            {"id": "time", "type": "clock"},
            {"id": "town", "type": "map"},
        ],
        "scenarios": [
            {"id": "a", "name": "A", "panels": {"p1": [{"tile": "level", "at": [0, 0]},
                                                       {"tile": "news", "at": [0, 1]}]}},
            {"id": "b", "name": "B", "panels": {"p1": [{"tile": "time", "at": [0, 0]},
                                                       {"tile": "town", "at": [0, 1]}]}},
        ]})


def wall_showing(qtbot, scenario: str) -> WallView:
    wall = WallView(two_scenario_layout(), "en", scenario)
    canvas = wall.build_canvases(scale=0.5)["p1"]
    qtbot.addWidget(canvas)
    canvas.show()
    qtbot.waitExposed(canvas)
    return wall


@pytest.fixture
def wall(qtbot):
    return wall_showing(qtbot, "a")


def on_screen(wall: WallView) -> set[str]:
    """The tiles a person in the room sees: visible, and inside their canvas."""
    return {tile_id for canvas in wall.canvases.values()
            for tile_id, frame in canvas.frames.items()
            if frame.isVisible() and canvas.rect().intersects(frame.geometry())}


def test_the_tiles_of_the_other_scenario_are_off_the_screen_and_come_back(wall):
    assert on_screen(wall) == {"level", "news"}
    wall.switch("b")
    assert on_screen(wall) == {"time", "town"}
    assert set(wall.canvases["p1"].visible_frames()) == {"time", "town"}
    wall.switch("a")
    assert on_screen(wall) == {"level", "news"}


def test_a_chart_off_the_wall_draws_nothing_and_draws_the_news_when_back(wall, qtbot):
    chart = wall.canvases["p1"].frames["level"].content
    qtbot.waitUntil(lambda: not chart._timer.isActive())
    wall.switch("b")
    drawn = chart.redraw_count
    chart.show_data("river", {"points": POINTS})
    assert not chart._timer.isActive() and chart.redraw_count == drawn
    wall.switch("a")
    qtbot.waitUntil(lambda: chart.redraw_count == drawn + 1)
    x, _y = chart.curves["river"].getData()
    assert len(x) == len(POINTS)


def test_a_ticker_off_the_wall_stops_scrolling_and_scrolls_again_when_back(wall):
    ticker = wall.canvases["p1"].frames["news"].content
    ticker.show_data("news", [{"headline": "Mưa lớn ở Lào Cai"}])
    assert ticker._timer.isActive()
    wall.switch("b")
    assert not ticker._timer.isActive()
    wall.switch("a")
    assert ticker._timer.isActive()


def test_a_map_off_the_wall_is_hidden_so_its_browser_engine_rests(wall):
    wall.switch("b")
    town = wall.canvases["p1"].frames["town"]
    assert town.isVisible()
    wall.switch("a")
    assert town.isHidden()


def pixel(image, x: int, y: int) -> str:
    return QColor(image.pixel(x, y)).name()


@pytest.mark.parametrize("state", ["live", "stale", "error"])
def test_a_frame_is_a_rounded_tile_with_its_state_on_the_border_after_switches(wall, state):
    wall.switch("b")
    wall.switch("a")
    frame = wall.canvases["p1"].frames["level"]
    frame.setProperty("dataState", state)
    image = frame.grab().toImage()
    border = FRAME_BORDERS.get(state, (palette.GRID_LINE, False))[0]
    assert pixel(image, 0, 0) == palette.BACKGROUND  # outside the rounded corner
    assert pixel(image, frame.width() // 2, frame.height() - 4) == palette.TILE
    along_the_top = {pixel(image, x, 0) for x in range(10, frame.width() - 10)}
    if FRAME_BORDERS.get(state, ("", False))[1]:  # dashed: border and gaps
        assert along_the_top == {QColor(border).name(), palette.BACKGROUND}
    else:
        assert along_the_top == {QColor(border).name()}


def test_a_parked_chart_is_painted_ahead_so_the_first_switch_to_it_only_copies(qtbot):
    wall = wall_showing(qtbot, "b")
    canvas = wall.canvases["p1"]
    plot = canvas.frames["level"].content.plot
    qtbot.waitUntil(lambda: plot.picture is not None)  # drawn off the wall after start-up
    drawn = plot.pictures_drawn
    wall.switch("a")
    canvas.repaint()
    assert plot.pictures_drawn == drawn
    assert "level" in on_screen(wall)


def test_a_parked_chart_whose_scene_changes_draws_its_picture_again_unseen(qtbot):
    wall = wall_showing(qtbot, "b")
    plot = wall.canvases["p1"].frames["level"].content.plot
    qtbot.waitUntil(lambda: plot.picture is not None)
    drawn = plot.pictures_drawn
    plot.getPlotItem().setTitle("changed")  # a change pyqtgraph makes in its own scene
    qtbot.waitUntil(lambda: plot.pictures_drawn > drawn and plot.picture is not None)


def test_typing_does_not_go_into_a_tile_the_switch_took_off_the_wall(wall):
    canvas = wall.canvases["p1"]
    comment = QLineEdit(canvas.frames["level"])  # as an alert's acknowledgement comment
    comment.show()
    comment.setFocus()
    assert canvas.window().focusWidget() is comment
    wall.switch("b")
    assert canvas.window().focusWidget() is not comment
