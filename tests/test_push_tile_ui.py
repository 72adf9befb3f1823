"""Pushing a tile to a panel and maximising it, from the operator's desk and on the wall."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from ioc_console.model.layout_file import parse_layout
from ioc_console.operations.accounts import AccountStore
from ioc_console.operations.authorization import Role
from ioc_console.operations.console_session import ConsoleSession
from ioc_console.runtime.hub import DataHub
from ioc_console.ui.operator_console import OperatorConsole
from ioc_console.ui.wall_view import WallView
from tests.layout_samples import WALL_2X1

LAYOUT = parse_layout(WALL_2X1 + """\
tiles:
  - {id: clock, type: clock, title: Clock}
  - {id: note, type: text, title: Note, options: {text: "Xin chào"}}
  - {id: camera, type: text, title: Bridge camera, options: {text: "Cầu Cốc Lếu"}}
scenarios:
  - id: normal
    name: Normal
    panels:
      p1: [{tile: clock, at: [0, 0]}, {tile: note, at: [1, 0], span: [1, 2]}]
      p2: [{tile: camera, at: [0, 0]}]
""")


def build(qtbot, tmp_path, accounts=None):
    hub = DataHub()
    session = ConsoleSession(LAYOUT, hub, tmp_path / "c.sqlite3", user="lan",
                             accounts=accounts)
    wall = WallView(LAYOUT, "en")
    wall.state = session.engine.state
    for canvas in wall.build_canvases(scale=0.25).values():
        qtbot.addWidget(canvas)
        canvas.show()
    session.engine.subscribe(wall.show)
    return session, wall


def shown(wall: WallView, canvas_id: str) -> dict[str, tuple[int, int]]:
    """The tiles a canvas shows, with their sizes."""
    return {tile: (frame.width(), frame.height())
            for tile, frame in wall.canvases[canvas_id].visible_frames().items()}


def audit_actions(session: ConsoleSession) -> list[tuple[str, str, str]]:
    session.audit.flush()
    return [(r.actor, r.action, r.target) for r in session.audit.entries()]


def test_the_desk_pushes_a_tile_onto_a_panel_and_restores_it(qtbot, tmp_path):
    session, wall = build(qtbot, tmp_path)
    desk = OperatorConsole(session, wall, DataHub(), "en")
    qtbot.addWidget(desk)
    panel = desk.push_panel
    panel.tiles.setCurrentIndex(panel.tiles.findData("camera"))
    panel.panels.setCurrentIndex(panel.panels.findData("p1"))
    canvas = wall.canvases["p1"]
    qtbot.mouseClick(panel.push_button, Qt.MouseButton.LeftButton)
    assert list(shown(wall, "p1")) == ["camera"]
    assert shown(wall, "p1")["camera"][0] > canvas.width() * 0.9  # fills the panel
    assert "Bridge camera" in panel.message.text()
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert set(shown(wall, "p1")) == {"clock", "note"}
    assert ("lan", "push-tile", "camera") in audit_actions(session)
    assert ("lan", "restore-panel", "p1") in audit_actions(session)
    desk.close()
    session.close()


def test_a_double_click_on_a_wall_tile_maximises_it_and_another_gives_the_panel_back(
        qtbot, tmp_path):
    session, wall = build(qtbot, tmp_path)
    for canvas in wall.canvases.values():
        for frame in canvas.frames.values():
            frame.double_clicked.connect(session.toggle_maximise)
    canvas = wall.canvases["p1"]
    clock = canvas.frames["clock"]
    small = clock.width()
    QTest.mouseDClick(clock, Qt.MouseButton.LeftButton)
    assert list(shown(wall, "p1")) == ["clock"] and clock.width() > small * 1.8
    assert set(shown(wall, "p2")) == {"camera"}  # the other panel is untouched
    QTest.mouseDClick(clock, Qt.MouseButton.LeftButton)
    assert set(shown(wall, "p1")) == {"clock", "note"} and clock.width() == small
    assert [a for _, a, _ in audit_actions(session)] == ["maximise-tile", "restore-panel"]
    session.close()


def test_a_viewer_cannot_push_and_the_refusal_shows_on_the_desk(qtbot, tmp_path):
    accounts = AccountStore(tmp_path / "accounts.json")
    accounts.add("hoa", Role.VIEWER, "xem-thoi-123")
    session, wall = build(qtbot, tmp_path, accounts)
    assert session.login("hoa", "xem-thoi-123").ok
    desk = OperatorConsole(session, wall, DataHub(), "en")
    qtbot.addWidget(desk)
    panel = desk.push_panel
    panel.tiles.setCurrentIndex(panel.tiles.findData("camera"))
    panel.panels.setCurrentIndex(panel.panels.findData("p1"))
    qtbot.mouseClick(panel.push_button, Qt.MouseButton.LeftButton)
    assert set(shown(wall, "p1")) == {"clock", "note"}  # nothing changed on the wall
    assert "operator" in panel.message.text()
    assert ("hoa", "denied", "camera -> p1") in audit_actions(session)
    desk.close()
    session.close()
