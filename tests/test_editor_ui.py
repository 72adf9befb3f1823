"""The layout editor as a technician uses it: drag, resize, undo, save, the generated forms."""

from __future__ import annotations

import shutil

import pytest
from ioc_console.widgets import widget_class
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox

from ioc_console.editor.document import LayoutDocument
from ioc_console.editor.edits import remove_placement
from ioc_console.model.layout_file import load_layout
from ioc_console.operations.authorization import Role, User
from ioc_console.operations.console_session import ConsoleSession
from ioc_console.operations.layout_service import LayoutService
from ioc_console.ui.editor.editor_window import LayoutEditor
from ioc_console.ui.editor.grid_view import HANDLE
from tests.conftest import LAYOUTS


@pytest.fixture
def layout_file(tmp_path):
    path = tmp_path / "wall.yaml"
    shutil.copy(LAYOUTS / "lao_cai_2x2.yaml", path)
    return path


@pytest.fixture
def editor(qtbot, tmp_path, layout_file):
    document = LayoutDocument.open(layout_file)
    document.apply(remove_placement(document, "normal", "on_time"))  # every cell is taken
    session = ConsoleSession(document.layout, None, tmp_path / "c.sqlite3", user="kien")
    session.account = User("kien", Role.TECHNICIAN)
    window = LayoutEditor(document, LayoutService(session), "en")
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    session.close()


def placement(editor, tile_id):
    for panel, placements in editor.document.layout.scenario("normal").panels.items():
        for item in placements:
            if item.tile == tile_id:
                return panel, item.at, item.span
    return None


def drag(editor, start: QPointF, end: QPointF) -> None:
    """A real press-move-release on the grid's viewport."""
    view = editor.grid
    viewport = view.viewport()
    begin, finish = view.mapFromScene(start), view.mapFromScene(end)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, begin)
    middle = (begin + finish) / 2
    QTest.mouseMove(viewport, middle)
    QTest.mouseMove(viewport, finish)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       finish)


def tile_center(editor, tile_id) -> QPointF:
    return editor.grid.tiles[tile_id].rect().center()


def test_drag_a_tile_to_a_free_cell_then_undo_and_redo(editor):
    assert placement(editor, "clock") == ("p1", (0, 0), (1, 1))
    drag(editor, tile_center(editor, "clock"), editor.grid.cell_center("p1", (0, 3)))
    assert placement(editor, "clock") == ("p1", (0, 3), (1, 1))
    assert editor.grid.tiles["clock"].rect().contains(editor.grid.cell_center("p1", (0, 3)))
    editor.undo_action.trigger()
    assert placement(editor, "clock") == ("p1", (0, 0), (1, 1))
    assert editor.grid.tiles["clock"].rect().contains(editor.grid.cell_center("p1", (0, 0)))
    editor.redo_action.trigger()
    assert placement(editor, "clock") == ("p1", (0, 3), (1, 1))


def test_ctrl_z_and_ctrl_shift_z_undo_and_redo(editor, qtbot):
    drag(editor, tile_center(editor, "clock"), editor.grid.cell_center("p1", (0, 3)))
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    QTest.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert placement(editor, "clock") == ("p1", (0, 0), (1, 1))
    QTest.keyClick(editor, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert placement(editor, "clock") == ("p1", (0, 3), (1, 1))


def test_resize_a_tile_from_its_corner(editor):
    corner = editor.grid.tiles["budget"].rect().bottomRight() - QPointF(HANDLE / 2, HANDLE / 2)
    target = editor.grid.cell_center("p1", (0, 3)) + QPointF(10, 10)
    drag(editor, corner, target)
    assert placement(editor, "budget") == ("p1", (0, 2), (1, 2))
    rect = editor.grid.tiles["budget"].rect()
    assert rect.contains(editor.grid.cell_center("p1", (0, 3)))


def test_dragging_onto_an_occupied_cell_is_refused_and_springs_back(editor):
    before = editor.document.text()
    home = QPointF(tile_center(editor, "clock"))
    drag(editor, home, editor.grid.cell_center("p1", (0, 1)))
    assert placement(editor, "clock") == ("p1", (0, 0), (1, 1))
    assert "overlap tile 'grdp'" in editor.message.text()
    assert editor.grid.tiles["clock"].rect().center() == home
    assert editor.document.text() == before
    assert not editor.undo_stack.canUndo() or editor.undo_stack.count() == 0


def test_save_then_reload_gives_the_same_layout_with_comments(editor, layout_file):
    drag(editor, tile_center(editor, "clock"), editor.grid.cell_center("p1", (0, 3)))
    editor.save_action.trigger()
    assert "Saved to" in editor.message.text()
    text = layout_file.read_text(encoding="utf-8")
    assert "# Lào Cai IOC: a 2x2 wall" in text
    assert "p1:   # socio-economic and public administration" in text
    assert load_layout(layout_file) == editor.document.layout
    assert LayoutDocument.open(layout_file).layout == editor.document.layout
    session = editor.service.session  # the save is audited with the technician and the edit
    session.audit.flush()
    saved = [r for r in session.audit.entries() if r.action == "layout-save"]
    assert [r.actor for r in saved] == ["kien"]
    assert len(saved[0].details["edits"]) == 1 and "clock" in saved[0].details["edits"][0]


def test_the_palette_adds_a_tile_on_the_first_free_cell(editor):
    editor.palette.types.setCurrentItem(
        editor.palette.types.findItems("gauge", Qt.MatchFlag.MatchExactly)[0])
    QTest.mouseClick(editor.palette.add_button, Qt.MouseButton.LeftButton)
    assert placement(editor, "gauge_1") == ("p1", (0, 3), (1, 1))
    assert editor.properties.heading.text() == "gauge_1  ·  gauge"


def test_an_invalid_value_is_shown_inline_and_not_applied(editor):
    drag(editor, tile_center(editor, "grdp"), tile_center(editor, "grdp"))  # select by click
    center = editor.properties.form.inputs["target"]
    center.setText("lots")
    center.editingFinished.emit()
    error = editor.properties.form.errors["target"]
    assert not error.isHidden() and "target" in error.text()
    assert editor.document.layout.tile("grdp").options.target == 8.5


def grid_panels(editor) -> list[str]:
    """The panels the grid view draws, in wall order."""
    return sorted((p.id for block in editor.grid.blocks for p in block.grid.panels),
                  key=lambda pid: int(pid[1:]))


def test_add_panel_shows_it_at_once_and_ctrl_z_takes_it_away(editor, qtbot):
    editor.tabs.setCurrentWidget(editor.wall_form)
    QTest.mouseClick(editor.wall_form.add_right, Qt.MouseButton.LeftButton)
    assert grid_panels(editor) == ["p1", "p2", "p3", "p4", "p5"]
    assert editor.wall_form.panel.currentText() == "p5"  # ready for its screen
    p2 = editor.grid.cell_center("p2", (0, 0))
    assert editor.grid.cell_center("p5", (0, 0)).x() > p2.x()  # right of the last column
    QTest.mouseClick(editor.wall_form.add_below, Qt.MouseButton.LeftButton)
    assert grid_panels(editor) == ["p1", "p2", "p3", "p4", "p5", "p6"]
    p5, p6 = (editor.grid.cell_center(pid, (0, 0)) for pid in ("p5", "p6"))
    assert (p6.x(), p6.y() > p5.y()) == (p5.x(), True)  # fills the gap under p5 first
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    QTest.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert grid_panels(editor) == ["p1", "p2", "p3", "p4", "p5"]
    editor.undo_action.trigger()
    assert grid_panels(editor) == ["p1", "p2", "p3", "p4"]
    assert [editor.wall_form.panel.itemText(i) for i in range(editor.wall_form.panel.count())] \
        == ["p1", "p2", "p3", "p4"]
    editor.redo_action.trigger()
    assert grid_panels(editor) == ["p1", "p2", "p3", "p4", "p5"]


def test_added_and_removed_panels_are_saved_and_reload_equal(editor, layout_file):
    editor.tabs.setCurrentWidget(editor.wall_form)
    QTest.mouseClick(editor.wall_form.add_right, Qt.MouseButton.LeftButton)
    editor.wall_form.panel.setCurrentText("p2")
    QTest.mouseClick(editor.wall_form.remove, Qt.MouseButton.LeftButton)
    assert grid_panels(editor) == ["p1", "p3", "p4", "p5"]
    assert "province_map" not in editor.grid.tiles  # it was on p2 in this scenario
    editor.save_action.trigger()
    assert "Saved to" in editor.message.text()
    reloaded = load_layout(layout_file)
    assert reloaded == editor.document.layout
    assert [p.id for p in reloaded.wall.panels] == ["p1", "p3", "p4", "p5"]
    assert all("p2" not in scenario.panels for scenario in reloaded.scenarios)


def test_removing_the_last_panel_is_refused_in_the_message_line(editor):
    editor.tabs.setCurrentWidget(editor.wall_form)
    for panel_id in ("p1", "p2", "p3"):
        editor.wall_form.panel.setCurrentText(panel_id)
        QTest.mouseClick(editor.wall_form.remove, Qt.MouseButton.LeftButton)
    assert grid_panels(editor) == ["p4"]
    before = editor.document.text()
    QTest.mouseClick(editor.wall_form.remove, Qt.MouseButton.LeftButton)
    assert "Refused:" in editor.message.text() and "last panel" in editor.message.text()
    assert editor.document.text() == before
    assert grid_panels(editor) == ["p4"] and editor.undo_stack.count() == 3


# --- one generated-form test per tile type --------------------------------------------------
OPTION_CHANGES = {
    "chart": ("unit", "mm"),
    "kpi": ("decimals", 2),
    "gauge": ("maximum", 50.0),
    "bar": ("top_n", 3),
    "table": ("top_n", 7),
    "map": ("zoom", 11.0),
    "alert-feed": ("min_severity", "Severe"),
    "camera": ("refresh_s", 10.0),
    "ticker": ("text_key", "event"),
    "clock": ("show_seconds", False),
    "text": ("text", "Hello wall"),
    "image": ("fit", "cover"),
}


def set_input(widget, value) -> None:
    if isinstance(widget, QCheckBox):
        widget.setChecked(value)
    elif isinstance(widget, QComboBox):
        widget.setCurrentText(value)
    elif isinstance(widget, QSpinBox | QDoubleSpinBox):
        widget.setValue(value)
    else:
        assert isinstance(widget, QLineEdit)
        widget.setText(str(value))
        widget.editingFinished.emit()


@pytest.mark.parametrize("tile_type", list(OPTION_CHANGES))
def test_changing_an_option_in_the_generated_form_changes_the_tile(editor, tile_type):
    editor.palette.types.setCurrentRow(list(OPTION_CHANGES).index(tile_type))
    editor.palette.add_button.click()
    tile_id = f"{tile_type.replace('-', '_')}_1"
    drag(editor, tile_center(editor, tile_id), tile_center(editor, tile_id))  # click selects
    assert editor.properties.heading.text() == f"{tile_id}  ·  {tile_type}"
    name, value = OPTION_CHANGES[tile_type]
    set_input(editor.properties.form.inputs[name], value)
    tile = editor.document.layout.tile(tile_id)
    assert getattr(tile.options, name) == value
    written = str(value).lower() if isinstance(value, bool) else str(value)
    assert f"{name}: {written}" in editor.document.text()  # what Save will write
    if tile_type == "map":
        return  # the map widget is a web view: not opened in the editor's tests
    widget = widget_class(tile_type)(tile, "en")
    try:
        assert getattr(widget.tile.options, name) == value
        if tile_type == "clock":
            widget.refresh()
            assert widget.time_label.text().count(":") == 1  # HH:MM, no seconds
        if tile_type == "text":
            assert "Hello wall" in widget.label.text()
    finally:
        widget.deleteLater()
