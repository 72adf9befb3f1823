"""Running a briefing deck: it pages the wall on time, the keys and the desk buttons step,
pause and freeze it, and the audit trail reads like the meeting did."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ioc_console.model.layout_file import parse_layout
from ioc_console.operations.audit_log import connect, read_entries
from ioc_console.operations.authorization import PermissionDenied, Role, User
from ioc_console.operations.console_session import ConsoleSession
from ioc_console.runtime.freshness import SourceState, SourceStatus
from ioc_console.runtime.hub import DataHub
from tests.layout_samples import WALL_2X1

LAYOUT = parse_layout(WALL_2X1 + """\
sources:
  - {id: level, kind: json, url: /level}
  - {id: river, kind: json, url: /river}
tiles:
  - {id: clock, type: clock}
  - {id: title, type: text, options: {text: "Giao ban tuần"}}
  - {id: level, type: kpi, title: Water level, binding: {source: level}, options: {decimals: 2}}
  - {id: river, type: chart, title: River, options: {history_s: 86400, series: [{source: river}]}}
scenarios:
  - id: normal
    name: {vi: Thường ngày, en: Normal}
    hotkey: F1
    panels: {p1: [{tile: clock, at: [0, 0]}], p2: [{tile: level, at: [0, 0]}]}
  - id: flood
    name: {vi: Ứng phó lũ, en: Flood}
    hotkey: F2
    panels: {p1: [{tile: river, at: [0, 0], span: [2, 2]}], p2: [{tile: level, at: [0, 0]}]}
  - id: briefing
    name: {vi: Giao ban, en: Briefing}
    panels: {p1: [{tile: title, at: [0, 0], span: [1, 2]}], p2: [{tile: level, at: [0, 0]}]}
decks:
  - id: weekly
    name: {vi: Giao ban tuần, en: Weekly briefing}
    items:
      - {scenario: briefing, dwell_s: 30, caption: {vi: Mở đầu, en: Opening}}
      - {scenario: flood, dwell_s: 20, chart_range_s: 3600,
         caption: {vi: Tình hình lũ, en: The flood today}}
      - {scenario: normal, dwell_s: 10}
""")


class Clock:
    now = datetime(2024, 9, 9, 8, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def audit(path):
    return [(r.action, r.target, r.reason) for r in read_entries(connect(path))]


# --- the service, without Qt --------------------------------------------------------------

def test_the_deck_pages_the_wall_on_time_and_stopping_brings_back_the_wall_before(tmp_path):
    clock = Clock()
    session = ConsoleSession(LAYOUT, DataHub(), tmp_path / "c.sqlite3", user="lan", clock=clock)
    session.briefing.start("weekly")
    assert session.engine.current == "briefing"
    clock.advance(29)
    session.tick()
    assert session.engine.current == "briefing"
    assert session.briefing.status().time_left == "0:01"
    clock.advance(1)
    session.tick()
    status = session.briefing.status()
    assert session.engine.current == "flood" and status.position == "2 / 3"
    assert status.caption("vi") == "Tình hình lũ"
    clock.advance(20)
    session.tick()
    assert session.briefing.status().caption("en") == "Normal"  # no caption: scenario name
    clock.advance(10)
    session.tick()
    assert session.briefing.status().finished  # the last page stays up until stopped
    session.briefing.stop()
    assert session.briefing.status() is None and session.engine.current == "normal"
    session.close()
    rows = audit(tmp_path / "c.sqlite3")
    assert rows == [
        ("briefing-start", "weekly", ""),
        ("switch", "briefing", "briefing weekly item 1"),
        ("switch", "flood", "briefing weekly item 2"),
        ("switch", "normal", "briefing weekly item 3"),
        ("briefing-end", "weekly", "last item shown"),
        ("briefing-stop", "weekly", "stopped by the operator"),
    ]  # normal was showing before, and is showing: no switch back


def test_a_switch_from_outside_ends_the_briefing_so_a_timer_never_pages_an_alert_away(
        tmp_path):
    clock = Clock()
    session = ConsoleSession(LAYOUT, DataHub(), tmp_path / "c.sqlite3", user="lan", clock=clock)
    session.briefing.start("weekly")
    session.engine.propose("flood", "Extreme alert", "river", countdown_s=5)
    clock.advance(5)
    session.tick()  # the armed automatic switch runs out
    assert session.engine.current == "flood" and session.briefing.status() is None
    clock.advance(60)
    session.tick()
    assert session.engine.current == "flood"  # the deck does not come back
    session.close()
    assert ("briefing-stop", "weekly", "the wall was switched to flood") in audit(
        tmp_path / "c.sqlite3")


def test_a_restarted_console_carries_on_at_the_same_item_and_pause(tmp_path):
    clock = Clock()
    session = ConsoleSession(LAYOUT, DataHub(), tmp_path / "c.sqlite3", user="lan", clock=clock)
    session.briefing.start("weekly")
    session.briefing.next()
    clock.advance(5)
    session.briefing.pause()
    session.close()
    session = ConsoleSession(LAYOUT, DataHub(), tmp_path / "c.sqlite3", user="lan", clock=clock)
    status = session.briefing.status()
    assert (status.position, status.paused, status.time_left) == ("2 / 3", True, "0:15")
    session.briefing.resume()
    clock.advance(15)
    session.tick()
    assert session.engine.current == "normal"
    session.briefing.stop()
    assert session.engine.current == "normal"  # back to what showed before the deck
    session.close()


def test_a_viewer_may_not_run_a_briefing_and_the_refusal_is_audited(tmp_path):
    session = ConsoleSession(LAYOUT, DataHub(), tmp_path / "c.sqlite3", user="lan")
    session.account = User("guest", Role.VIEWER)
    with pytest.raises(PermissionDenied, match="run-briefing"):
        session.briefing.start("weekly")
    assert session.briefing.status() is None and session.engine.current == "normal"
    session.close()
    assert ("denied", "weekly") in [row[:2] for row in audit(tmp_path / "c.sqlite3")]


# --- on the wall and at the desk ------------------------------------------------------------

@pytest.fixture
def wall(qtbot, tmp_path):
    """A simulated wall with its keys and the operator's desk, on a fake clock."""
    from ioc_console.ui.operator_console import OperatorConsole
    from ioc_console.ui.tile_binder import TileBinder
    from ioc_console.ui.wall_controls import WallControls
    from ioc_console.ui.wall_windows import WallWindows

    clock, hub = Clock(), DataHub()
    session = ConsoleSession(LAYOUT, hub, tmp_path / "c.sqlite3", user="lan", clock=clock)
    binder = TileBinder(hub)
    windows = WallWindows(LAYOUT, "en", simulate=True, on_frame_created=binder.bind,
                          switch=lambda sid: session.switch(sid, "hotkey"))
    windows.view.state = session.engine.state
    session.engine.subscribe(windows.view.show)
    windows.open()
    controls = WallControls(session, binder, lambda: windows.windows, "en", clock=clock)
    desk = OperatorConsole(session, windows.view, hub, "en")
    desk.briefing.connect_freeze(controls.toggle_freeze, lambda: binder.frozen)
    qtbot.addWidget(desk)
    window = windows.windows[0]
    window.resize(1600, 900)
    qtbot.waitExposed(window)
    yield type("Wall", (), dict(session=session, hub=hub, clock=clock, binder=binder,
                                windows=windows, window=window, controls=controls, desk=desk,
                                db=tmp_path / "c.sqlite3"))
    desk.close()
    windows.close()
    session.close()


def panel_scenarios(wall) -> set[str]:
    return set(wall.windows.view.state.scenario_of_panel.values())


def deck_key(window, key: str):
    from PySide6.QtGui import QShortcut

    return next(s for s in window.findChildren(QShortcut) if s.key().toString() == key)


def frame(wall, tile_id):
    return next(f for v in wall.windows.view.canvases.values() for t, f in v.frames.items()
                if t == tile_id)


def test_the_deck_advances_after_its_dwell_and_every_panel_follows_in_the_same_turn(wall):
    panel = wall.desk.briefing
    assert panel.deck_picker.currentData() == "weekly"
    panel.start_button.click()
    assert panel_scenarios(wall) == {"briefing"}
    strip = wall.controls.briefing.strip_of(wall.window)
    assert strip.isVisible() and "Opening" in strip.caption.text()
    assert strip.position.text() == "1 / 3" and "0:30 left" in strip.time_left.text()
    wall.clock.advance(30)
    wall.session.tick()  # what the console's one-second timer does
    assert panel_scenarios(wall) == {"flood"}  # both panels, no event-loop turn in between
    assert strip.caption.text() == "The flood today" and strip.position.text() == "2 / 3"
    assert frame(wall, "river").content.time_range_s == 3600  # the item's chart window
    assert "2 / 3" in panel.status.text() and "0:20 left" in panel.status.text()


def test_the_deck_keys_and_the_desk_buttons_step_and_pause(wall, qtbot):
    from PySide6.QtCore import Qt

    wall.session.briefing.start("weekly")
    deck_key(wall.window, "PgDown").activated.emit()
    assert panel_scenarios(wall) == {"flood"}
    deck_key(wall.window, "Left").activated.emit()
    assert panel_scenarios(wall) == {"briefing"}
    wall.window.activateWindow()
    qtbot.waitUntil(wall.window.isActiveWindow)
    qtbot.keyClick(wall.window, Qt.Key.Key_Right)  # a real key press on the active wall
    assert panel_scenarios(wall) == {"flood"}
    qtbot.keyClick(wall.window, Qt.Key.Key_Space)
    strip = wall.controls.briefing.strip_of(wall.window)
    assert wall.session.briefing.status().paused and "PAUSED" in strip.time_left.text()
    wall.clock.advance(600)
    wall.session.tick()
    assert panel_scenarios(wall) == {"flood"}  # paused: the page stays
    panel = wall.desk.briefing
    assert panel.pause_button.text() == "Resume"
    panel.pause_button.click()
    assert not wall.session.briefing.status().paused and "0:20 left" in strip.time_left.text()
    panel.next_button.click()
    assert panel_scenarios(wall) == {"normal"}
    panel.previous_button.click()
    assert panel_scenarios(wall) == {"flood"}
    panel.stop_button.click()
    assert panel_scenarios(wall) == {"normal"} and strip.isHidden()
    assert frame(wall, "river").content.time_range_s == 86400  # the layout's window again
    rows = [(a, r) for a, _t, r in audit_after_close(wall)]
    assert ("briefing-pause", "") in rows and ("briefing-resume", "") in rows
    assert ("switch", "briefing weekly item 3") in rows and ("briefing-stop",
                                                             "stopped by the operator") in rows


def audit_after_close(wall):
    wall.session.audit.flush()
    return audit(wall.db)


def test_freeze_from_the_desk_holds_tile_data_and_the_deck_keys_still_work(wall):
    wall.hub.publish(SourceState("level", SourceStatus.LIVE, 77.5, datetime.now(UTC)))
    level = frame(wall, "level").content
    assert level.value_label.text() == "77.50"
    panel = wall.desk.briefing
    panel.start_button.click()
    panel.freeze_button.click()
    assert wall.binder.frozen and panel.freeze_button.isChecked()
    banner, _countdown = wall.controls._banners_of(wall.window)
    assert banner.isVisible() and banner.text().startswith("FROZEN")
    wall.hub.publish(SourceState("level", SourceStatus.LIVE, 80.25, datetime.now(UTC)))
    assert level.value_label.text() == "77.50"  # held while frozen
    deck_key(wall.window, "PgDown").activated.emit()
    assert panel_scenarios(wall) == {"flood"} and level.value_label.text() == "77.50"
    assert banner.isVisible()  # still frozen on the next page
    panel.freeze_button.click()  # one press back to live
    assert not wall.binder.frozen and banner.isHidden()
    assert level.value_label.text() == "80.25"
    assert [a for a, _t, _r in audit_after_close(wall) if "freeze" in a] == ["freeze",
                                                                             "unfreeze"]


def test_the_frozen_banner_reads_in_vietnamese(wall):
    from ioc_console import i18n

    i18n.set_language("vi")
    try:
        wall.controls.toggle_freeze()
        assert wall.controls.frozen_text.startswith("ĐÃ DỪNG CẬP NHẬT")
    finally:
        i18n.set_language("en")
        wall.controls.toggle_freeze()


def test_a_refusal_shows_at_the_desk_and_on_the_wall_instead_of_raising(wall, qtbot):
    wall.session.briefing.start("weekly")
    wall.session.account = User("guest", Role.VIEWER)
    panel = wall.desk.briefing
    panel.next_button.click()
    assert not panel.problem.isHidden()
    assert "guest (viewer) may not do this" in panel.problem.text()
    with qtbot.waitSignal(wall.controls.denied) as refused:  # becomes a notice on the wall
        deck_key(wall.window, "PgDown").activated.emit()
    assert "needs the operator role" in refused.args[0]
    assert panel_scenarios(wall) == {"briefing"}


def test_a_screenshot_of_the_wall_during_a_briefing(wall, tmp_path):
    wall.desk.briefing.start_button.click()
    wall.clock.advance(30)
    wall.session.tick()
    wall.controls.refresh()
    strip = wall.controls.briefing.strip_of(wall.window)
    picture = wall.window.grab()
    assert picture.save(str(tmp_path / "briefing.png"))
    # along the bottom edge, the caption 1/24 of a panel's height (45 px on a 1080 panel)
    assert strip.geometry().bottom() == wall.window.height() - 1
    assert strip.caption.font().pixelSize() == wall.window.height() // 24
    assert strip.geometry().height() < wall.window.height() / 8  # calm: the wall stays seen
