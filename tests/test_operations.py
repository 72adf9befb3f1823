"""Operating the wall: a rule proposes, the operator accepts, everything is audited and
survives a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime

from ioc_console.model.layout_file import parse_layout
from ioc_console.operations.audit_log import connect, read_entries, verify
from ioc_console.operations.console_session import ConsoleSession
from ioc_console.runtime.freshness import SourceState, SourceStatus
from ioc_console.runtime.hub import DataHub
from tests.layout_samples import TILES, WALL_2X1
from tests.tile_samples import alert

RIVER_BANK = [[103.945, 22.515], [103.985, 22.515], [103.995, 22.48], [103.97, 22.47],
              [103.945, 22.515]]
LAYOUT_TEXT = WALL_2X1 + """\
sources:
  - {id: cap_alerts, kind: cap, url: /api/cap/feed.atom}
""" + TILES + """\
scenarios:
  - id: normal
    name: Normal
    hotkey: F1
    panels: {p1: [{tile: a, at: [0, 0]}], p2: []}
  - id: flood
    name: Flood
    hotkey: F2
    panels: {p1: [{tile: b, at: [0, 0]}], p2: [{tile: a, at: [0, 0]}]}
rules:
  - id: river-extreme
    when: {min_severity: Extreme, area_bbox: [103.9, 22.4, 104.05, 22.55]}
    then: {action: propose, scenario: flood, revert_when_cleared: true}
"""
LAYOUT = parse_layout(LAYOUT_TEXT)


def cap_state(*alerts) -> SourceState:
    return SourceState("cap_alerts", SourceStatus.LIVE, {"alerts": list(alerts), "problems": []},
                       datetime.now(UTC))


def extreme():
    return alert("flood-1", "Extreme", areas=[{"type": "Polygon", "coordinates": [RIVER_BANK]}])


def test_an_extreme_river_alert_is_proposed_accepted_and_audited(tmp_path):
    hub = DataHub()
    session = ConsoleSession(LAYOUT, hub, tmp_path / "c.sqlite3", user="lan")
    hub.publish(cap_state(alert("rain", "Minor")))
    assert session.engine.pending is None
    hub.publish(cap_state(alert("rain", "Minor"), extreme()))
    assert session.engine.pending.scenario_id == "flood"
    session.accept_proposal()
    assert session.engine.current == "flood"
    session.acknowledge("flood-1", "đã sơ tán")
    assert session.engine.current == "normal"  # the rule reverts once its alert is handled
    session.close()
    rows = list(read_entries(connect(tmp_path / "c.sqlite3")))
    assert [(r.actor, r.action, r.target) for r in rows] == [
        ("rules", "propose", "flood"), ("lan", "accept", "flood"), ("lan", "switch", "flood"),
        ("lan", "acknowledge", "flood-1"), ("rules", "revert", "normal")]
    assert verify(connect(tmp_path / "c.sqlite3")) is None


KEEP_RUNNING = """
import sys, time
from datetime import UTC, datetime
from ioc_console.model.layout_file import parse_layout
from ioc_console.operations.console_session import ConsoleSession
from ioc_console.runtime.hub import DataHub
from tests.test_operations import LAYOUT_TEXT, cap_state
from tests.tile_samples import alert
hub = DataHub()
session = ConsoleSession(parse_layout(LAYOUT_TEXT), hub, sys.argv[1], user="lan")
hub.publish(cap_state(alert("rain", "Moderate")))
session.switch("flood", "test")
session.push_tile("a", "p1", "bridge camera to the big panel")
session.acknowledge("rain", "seen")
session.audit.flush()
print("ready", flush=True)
time.sleep(60)
"""


def test_after_sigkill_the_scenario_and_acknowledgements_come_back(tmp_path):
    db = tmp_path / "c.sqlite3"
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    process = subprocess.Popen([sys.executable, "-c", KEEP_RUNNING, str(db)], cwd=repo,
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "ready"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    hub = DataHub()
    session = ConsoleSession(LAYOUT, hub, db, user="minh")
    assert session.engine.current == "flood"
    assert dict(session.engine.state.scenario_of_panel) == {"p1": "flood", "p2": "flood"}
    assert [(p.tile, p.span) for p in session.engine.state.placements["p1"]] == [("a", (2, 2))]
    hub.publish(cap_state(alert("rain", "Moderate")))
    assert session.acknowledgements()["rain"].by == "lan"
    session.close()
    without_a = LAYOUT.model_copy(update={
        "tiles": [t for t in LAYOUT.tiles if t.id != "a"],
        "scenarios": [s.model_copy(update={"panels": {
            pid: [p for p in items if p.tile != "a"] for pid, items in s.panels.items()}})
            for s in LAYOUT.scenarios]})
    session = ConsoleSession(without_a, DataHub(), db, user="minh")  # the tile was removed
    assert not session.engine.state.overrides
    assert [p.tile for p in session.engine.state.placements["p1"]] == ["b"]
    session.close()


def test_the_operator_console_shows_the_proposal_and_accepting_switches_the_wall(
        qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from ioc_console.ui.operator_console import OperatorConsole
    from ioc_console.ui.wall_view import WallView

    hub = DataHub()
    session = ConsoleSession(LAYOUT, hub, tmp_path / "c.sqlite3", user="lan")
    wall = WallView(LAYOUT, "en")
    for canvas in wall.build_canvases(scale=0.25).values():
        qtbot.addWidget(canvas)
    session.engine.subscribe(wall.show)
    desk = OperatorConsole(session, wall, hub, "en")
    qtbot.addWidget(desk)
    desk.show()
    assert desk.scenario_buttons["normal"].isChecked() and desk.proposal.isHidden()
    hub.publish(cap_state(extreme()))
    assert desk.proposal.isVisible() and "Flood" in desk.proposal.text()
    assert desk.alerts.count() == 1
    qtbot.mouseClick(desk.accept_button, Qt.MouseButton.LeftButton)
    assert desk.scenario_buttons["flood"].isChecked()
    assert set(wall.state.scenario_of_panel.values()) == {"flood"}
    desk.refresh_miniature()
    assert not desk.miniature.pixmap().isNull()
    assert "1 connecting" in desk.health.text() or "live" in desk.health.text()
    desk.close()
    session.close()


def test_a_reloaded_layout_keeps_the_scenario_and_brings_new_rules(tmp_path):
    hub = DataHub()
    session = ConsoleSession(LAYOUT, hub, tmp_path / "c.sqlite3", user="lan")
    session.switch("flood")
    without_rules = LAYOUT.model_copy(update={"rules": []})
    session.replace_layout(without_rules)
    assert session.engine.current == "flood"
    assert set(session.engine.state.scenario_of_panel.values()) == {"flood"}
    hub.publish(cap_state(extreme()))
    assert session.engine.pending is None  # the rule was removed from the file
    session.close()


def test_on_the_wall_a_countdown_shows_and_esc_cancels_it_and_f12_freezes(qtbot, tmp_path):
    from PySide6.QtGui import QShortcut

    from ioc_console.ui.tile_binder import TileBinder
    from ioc_console.ui.wall_controls import WallControls
    from ioc_console.ui.wall_windows import WallWindows

    hub = DataHub()
    session = ConsoleSession(LAYOUT, hub, tmp_path / "c.sqlite3", user="lan")
    binder = TileBinder(hub)
    windows = WallWindows(LAYOUT, "en", simulate=True, on_frame_created=binder.bind,
                          switch=lambda sid: session.switch(sid, "hotkey"))
    windows.open()
    try:
        controls = WallControls(session, binder, lambda: windows.windows, "en")
        window = windows.windows[0]
        qtbot.waitExposed(window)
        session.engine.propose("flood", "Extreme alert", "river-extreme", countdown_s=30)
        controls.refresh()
        _frozen, countdown = controls._banners_of(window)
        assert countdown.isVisible() and "Switching to Flood in 30 s" in countdown.text()
        keys = {s.key().toString(): s for s in window.findChildren(QShortcut)}
        keys["Esc"].activated.emit()  # what Qt does on the key while the wall is active
        assert session.engine.pending is None and countdown.isHidden()
        keys["F12"].activated.emit()
        assert binder.frozen and controls.frozen_text.startswith("FROZEN")
        keys["F12"].activated.emit()
        assert not binder.frozen
    finally:
        windows.close()
        session.close()
    actions = [r.action for r in read_entries(connect(tmp_path / "c.sqlite3"))]
    assert actions == ["auto-switch-armed", "cancel-auto-switch", "freeze", "unfreeze"]
