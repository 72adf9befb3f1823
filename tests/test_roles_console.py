"""Roles at the operator console: refusals in the service layer, audited with the user's name;
login, logout and the idle lock; the wall keeps running whoever is (not) logged in."""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ioc_console.cli import main
from ioc_console.model.layout_file import parse_layout
from ioc_console.operations.accounts import AccountStore
from ioc_console.operations.authorization import PermissionDenied, Role, User
from ioc_console.operations.console_session import ConsoleSession
from ioc_console.operations.layout_service import LayoutService
from ioc_console.operations.sign_in import NOBODY
from ioc_console.runtime.freshness import SourceState, SourceStatus
from ioc_console.runtime.hub import DataHub
from tests.layout_samples import WALL_2X1
from tests.test_operations import LAYOUT, cap_state, extreme

PASSWORDS = {"lan": "lan-operator-pw", "hoa": "hoa-viewer-pw", "tuan": "tuan-technician-pw"}

KPI_LAYOUT = parse_layout(WALL_2X1 + """\
sources:
  - {id: socio, kind: json, url: /api/kpi/socio_economic}
tiles:
  - {id: clock, type: clock}
  - id: grdp
    type: kpi
    binding: {source: socio, select: grdp_growth_pct}
    options: {decimals: 1}
scenarios:
  - id: normal
    name: Normal
    panels: {p1: [{tile: grdp, at: [0, 0]}], p2: [{tile: clock, at: [0, 0]}]}
  - id: flood
    name: Flood
    panels: {p1: [{tile: clock, at: [0, 0]}], p2: [{tile: grdp, at: [0, 0]}]}
""")


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2024, 9, 9, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def accounts(tmp_path) -> AccountStore:
    store = AccountStore(tmp_path / "accounts.json")
    store.add("lan", Role.OPERATOR, PASSWORDS["lan"])
    store.add("hoa", Role.VIEWER, PASSWORDS["hoa"])
    store.add("tuan", Role.TECHNICIAN, PASSWORDS["tuan"])
    return store


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def session(tmp_path, accounts, clock):
    session = ConsoleSession(LAYOUT, DataHub(), tmp_path / "c.sqlite3", user="os-user",
                             clock=clock, accounts=accounts)
    yield session
    session.close()


def rows(session: ConsoleSession) -> list[tuple[str, str, str]]:
    session.audit.flush()
    return [(r.actor, r.action, r.target) for r in session.audit.entries()]


def log_in(session: ConsoleSession, name: str) -> None:
    assert session.login(name, PASSWORDS[name]).ok


# --- the service layer --------------------------------------------------------------------
def test_with_accounts_the_console_starts_as_a_viewer_that_can_only_watch(session):
    assert not session.open_mode and session.account == NOBODY and not session.logged_in
    with pytest.raises(PermissionDenied, match="needs operator"):
        session.switch("flood", "hotkey")
    assert session.engine.current == "normal"
    assert rows(session) == [("(not logged in)", "denied", "flood")]


def test_without_accounts_the_desk_is_open_and_says_so(tmp_path):
    empty = AccountStore(tmp_path / "none.json")
    session = ConsoleSession(LAYOUT, DataHub(), tmp_path / "c.sqlite3", user="minh",
                             accounts=empty)
    assert session.open_mode and session.account == User("minh", Role.ADMIN)
    session.switch("flood")
    session.lock()  # nobody to lock out: it stays open
    assert session.account.role == Role.ADMIN
    assert rows(session) == [("minh", "switch", "flood")]
    session.close()


def test_a_viewer_cannot_acknowledge_and_the_refusal_is_audited_with_her_name(session):
    session._on_source(cap_state(extreme()))
    log_in(session, "hoa")
    with pytest.raises(PermissionDenied) as denial:
        session.acknowledge("flood-1", "seen")
    assert "hoa (viewer) may not acknowledge flood-1" in str(denial.value)
    assert session.acknowledgements() == {}
    session.audit.flush()
    denied = [r for r in session.audit.entries() if r.action == "denied"]
    assert [(r.actor, r.target, list(r.details.values())) for r in denied] == [
        ("hoa", "flood-1", ["acknowledge"])]
    log_in(session, "lan")
    session.acknowledge("flood-1", "evacuating")
    assert session.acknowledgements()["flood-1"].by == "lan"


class EditedLayout:
    def __init__(self) -> None:
        self.layout = LAYOUT
        self.saved_to: list[Path] = []

    def save(self, path=None) -> Path:
        self.saved_to.append(Path(path))
        return Path(path)


def test_an_operator_calling_save_layout_is_refused_and_audited(session, tmp_path):
    log_in(session, "lan")
    service, document = LayoutService(session), EditedLayout()
    target = tmp_path / "wall.yaml"
    with pytest.raises(PermissionDenied, match="needs technician"):
        service.save(document, target)
    assert document.saved_to == []
    assert ("lan", "denied", str(target)) in rows(session)
    log_in(session, "tuan")
    service.save(document, target)
    assert document.saved_to == [target]
    assert ("tuan", "layout-save", str(target)) in rows(session)


def test_rules_act_on_their_own_while_nobody_is_logged_in(session, clock):
    session.engine.propose("flood", "Extreme alert", "river-extreme", countdown_s=30)
    with pytest.raises(PermissionDenied):
        session.reject_proposal("cancelled on the wall")  # Esc with nobody at the desk
    clock.advance(31)
    session.tick()
    assert session.engine.current == "flood"
    assert ("rules", "switch", "flood") in rows(session)
    assert ("(not logged in)", "denied", "flood") in rows(session)


def test_starting_with_a_scenario_is_the_launchers_choice(session):
    session.start_with("flood")
    assert session.engine.current == "flood"
    assert rows(session) == [("os-user", "switch", "flood")]


def test_logins_failures_logouts_and_locks_are_audited_with_the_names(session):
    assert not session.login("lan", "not-her-password").ok
    log_in(session, "lan")
    assert session.account == User("lan", Role.OPERATOR) and session.logged_in
    session.switch("flood", "operator console")
    session.logout()
    assert session.account == NOBODY
    log_in(session, "lan")
    log_in(session, "tuan")  # takes over the desk: lan is logged out
    session.lock("idle 300 s")
    assert rows(session) == [
        ("(not logged in)", "login-failed", "lan"), ("lan", "login", "console"),
        ("lan", "switch", "flood"), ("lan", "logout", "console"),
        ("lan", "login", "console"), ("lan", "logout", "console"),
        ("tuan", "login", "console"), ("tuan", "lock", "console")]


def test_five_wrong_passwords_make_the_sixth_attempt_wait_even_across_a_restart(
        accounts, clock, tmp_path):
    session = ConsoleSession(LAYOUT, DataHub(), tmp_path / "c.sqlite3", clock=clock,
                             accounts=accounts)
    for _attempt in range(4):
        assert session.login("lan", "guess").wait_s == 0
    assert session.login("lan", "guess").wait_s == 2.0
    sixth = session.login("lan", PASSWORDS["lan"])  # right, but too soon: not even checked
    assert not sixth.ok and sixth.throttled and sixth.wait_s == 2.0
    session.close()
    restarted = ConsoleSession(LAYOUT, DataHub(), tmp_path / "c.sqlite3", clock=clock,
                               accounts=accounts)
    assert restarted.login_wait_s("lan") == 2.0
    clock.advance(2)
    assert restarted.login("lan", PASSWORDS["lan"]).ok
    restarted.logout()
    assert restarted.login_wait_s("lan") == 0  # the success reset the count
    assert restarted.login("lan", "guess").wait_s == 0
    restarted.close()


def test_a_broken_accounts_file_keeps_the_desk_closed_and_says_which_file(tmp_path):
    broken = tmp_path / "accounts.json"
    broken.write_text("{ oops", encoding="utf-8")
    session = ConsoleSession(LAYOUT, DataHub(), tmp_path / "c.sqlite3",
                             accounts=AccountStore(broken))
    assert not session.open_mode and session.account == NOBODY
    result = session.login("lan", "whatever-pw")
    assert not result.ok and str(broken) in result.problem
    session.close()


# --- the desk -----------------------------------------------------------------------------
def add_user_with_the_cli(monkeypatch, name: str, role: str, password: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    assert main(["users", "add", name, "--role", role, "--password-stdin"]) == 0


def make_desk(qtbot, session: ConsoleSession, hub: DataHub, layout=LAYOUT):
    from ioc_console.ui.operator_console import OperatorConsole
    from ioc_console.ui.wall_view import WallView

    wall = WallView(layout, "en")
    for canvas in wall.build_canvases(scale=0.25).values():
        qtbot.addWidget(canvas)
    session.engine.subscribe(wall.show)
    desk = OperatorConsole(session, wall, hub, "en")
    qtbot.addWidget(desk)
    desk.show()
    return desk, wall


def test_a_user_added_with_the_cli_logs_in_through_the_dialog(qtbot, monkeypatch, tmp_path):
    from PySide6.QtCore import Qt

    add_user_with_the_cli(monkeypatch, "lan", "operator", "mưa lũ Yagi 2024")
    hub = DataHub()
    session = ConsoleSession(LAYOUT, hub, tmp_path / "c.sqlite3")  # the real accounts file
    desk, _wall = make_desk(qtbot, session, hub)
    strip = desk.user_strip
    assert strip.open_warning.isHidden()
    assert strip.who.text().startswith("Not logged in")
    assert not desk.scenario_buttons["flood"].isEnabled()
    qtbot.mouseClick(strip.button, Qt.MouseButton.LeftButton)
    dialog = strip.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.name.setText("lan")
    dialog.password.setText("mưa lũ Yagi 2024")  # QTest cannot type non-ASCII
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert strip.who.text() == "Logged in as lan (operator)"
    assert desk.scenario_buttons["flood"].isEnabled()
    qtbot.mouseClick(desk.scenario_buttons["flood"], Qt.MouseButton.LeftButton)
    assert session.engine.current == "flood"
    qtbot.mouseClick(strip.button, Qt.MouseButton.LeftButton)  # Log out
    assert strip.who.text().startswith("Not logged in")
    assert not desk.ack_button.isEnabled()
    assert [a for _w, a, _t in rows(session)] == ["login", "switch", "logout"]
    desk.close()
    session.close()


def test_the_dialog_shows_the_wait_after_five_wrong_passwords(qtbot, session):
    from PySide6.QtCore import Qt

    from ioc_console.ui.login_dialog import LoginDialog

    dialog = LoginDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("lan")
    for _attempt in range(4):
        qtbot.keyClicks(dialog.password, "wrong-guess")
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        assert dialog.message.text() == "Wrong name or password."
    qtbot.keyClicks(dialog.password, "wrong-guess")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Too many wrong passwords. Try again in 2 s."
    assert not dialog.login_button.isEnabled() and not dialog.password.isEnabled()
    dialog.name.setText("hoa")  # the wait is for that name only
    assert dialog.login_button.isEnabled()
    dialog.name.setText("lan")
    assert not dialog.login_button.isEnabled()
    session.clock.advance(2)
    qtbot.waitUntil(dialog.login_button.isEnabled, timeout=2000)
    assert dialog.message.text() == "You can try again now."
    dialog.password.setText(PASSWORDS["lan"])
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert session.account.name == "lan" and not dialog.isVisible()


def test_in_open_mode_the_desk_warns_that_anyone_has_every_right(qtbot, tmp_path):
    hub = DataHub()
    session = ConsoleSession(LAYOUT, hub, tmp_path / "c.sqlite3", user="minh",
                             accounts=AccountStore(tmp_path / "none.json"))
    desk, _wall = make_desk(qtbot, session, hub)
    warning = desk.user_strip.open_warning
    assert warning.isVisible()
    assert warning.text() == ("No accounts configured: anyone at this desk has every right. "
                              "Add one with: ioc-console users add NAME --role admin")
    assert desk.user_strip.who.text() == "Logged in as minh (admin)"
    assert desk.scenario_buttons["flood"].isEnabled()
    desk.close()
    session.close()


def test_a_refused_action_on_the_desk_shows_why_instead_of_crashing(qtbot, session):
    hub = DataHub()
    desk, _wall = make_desk(qtbot, session, hub)
    session._on_source(cap_state(extreme()))
    desk.alerts.setCurrentRow(0)
    desk.comment.setText("on it")
    desk.acknowledge_selected()  # as if the button had been left enabled
    assert desk.user_strip.denial.text() == ("Nobody is logged in at the operator console: "
                                             "log in there first.")
    assert desk.comment.text() == "on it" and session.acknowledgements() == {}
    log_in(session, "hoa")
    desk.act(lambda: session.switch("flood"))
    assert desk.user_strip.denial.text() == ("hoa (viewer) may not do this: it needs the "
                                             "operator role.")
    assert not desk.scenario_buttons["flood"].isChecked()
    desk.close()


def test_the_freeze_key_with_nobody_logged_in_is_refused_with_a_notice(qtbot, session):
    from ioc_console.ui.tile_binder import TileBinder
    from ioc_console.ui.wall_controls import WallControls
    from ioc_console.ui.wall_windows import WallWindows

    binder = TileBinder(DataHub())
    windows = WallWindows(LAYOUT, "en", simulate=True, on_frame_created=binder.bind)
    windows.open()
    try:
        controls = WallControls(session, binder, lambda: windows.windows, "en")
        with qtbot.waitSignal(controls.denied) as notice:
            controls.toggle_freeze()
        assert not binder.frozen and notice.args[0].startswith("Nobody is logged in")
        log_in(session, "lan")
        controls.toggle_freeze()
        assert binder.frozen
        session.lock()
        controls.toggle_freeze()  # back to live needs no right: a wall never stays frozen
        assert not binder.frozen
    finally:
        windows.close()
    actions = [(w, a) for w, a, _t in rows(session)]
    assert actions == [("(not logged in)", "denied"), ("lan", "login"), ("lan", "freeze"),
                       ("lan", "lock"), ("(not logged in)", "unfreeze")]


def test_the_idle_desk_locks_and_the_wall_keeps_updating(qtbot, tmp_path, accounts, clock):
    from ioc_console.ui.console_lock import ConsoleLock
    from ioc_console.ui.tile_binder import TileBinder
    from ioc_console.ui.wall_view import WallView

    hub = DataHub()
    session = ConsoleSession(KPI_LAYOUT, hub, tmp_path / "c.sqlite3", clock=clock,
                             accounts=accounts)
    desk, _desk_wall = make_desk(qtbot, session, hub, KPI_LAYOUT)
    binder = TileBinder(hub)
    wall = WallView(KPI_LAYOUT, "en", on_frame_created=binder.bind)
    for canvas in wall.build_canvases(scale=0.25).values():
        qtbot.addWidget(canvas)
        canvas.show()
    session.engine.subscribe(wall.show)
    log_in(session, "lan")
    lock = ConsoleLock(session, desk, desk.user_strip.open_login, idle_lock_s=0.2)
    qtbot.waitUntil(lambda: lock.locked, timeout=3000)
    assert session.account == NOBODY
    assert lock.veil.label.text() == "Locked — log in to continue"
    assert ("lan", "lock", "console") in rows(session)
    # the wall carries on: new data reaches its tile, and a rule's countdown still switches
    hub.publish(SourceState("socio", SourceStatus.LIVE, {"grdp_growth_pct": 6.3},
                            datetime.now(UTC)))
    assert wall.canvases["p1"].frames["grdp"].content.value_label.text() == "6.3"
    session.engine.propose("flood", "Extreme alert", None, countdown_s=10)
    clock.advance(11)
    session.tick()
    assert set(wall.state.scenario_of_panel.values()) == {"flood"}
    hub.publish(SourceState("socio", SourceStatus.LIVE, {"grdp_growth_pct": 6.4},
                            datetime.now(UTC)))
    assert wall.canvases["p2"].frames["grdp"].content.value_label.text() == "6.4"
    # logging in again lifts the veil
    lock.veil.login_button.click()
    dialog = desk.user_strip.dialog
    dialog.name.setText("lan")
    dialog.password.setText(PASSWORDS["lan"])
    dialog.try_login()
    assert not lock.locked and session.account.name == "lan"
    desk.close()
    session.close()


def test_input_anywhere_in_the_console_restarts_the_idle_countdown(qtbot, session):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from ioc_console.ui.console_lock import ConsoleLock

    desk, _wall = make_desk(qtbot, session, DataHub())
    log_in(session, "lan")
    lock = ConsoleLock(session, desk, desk.user_strip.open_login, idle_lock_s=60)
    assert lock.idle.isActive()
    lock.idle.stop()
    qtbot.keyClick(desk.comment, Qt.Key.Key_A)
    assert lock.idle.isActive() and lock.idle.remainingTime() > 59_000
    lock.idle.stop()
    later = QPushButton("added later", desk)  # e.g. a panel built after the lock
    later.show()
    qtbot.mouseClick(later, Qt.MouseButton.LeftButton)
    assert lock.idle.isActive()
    desk.close()
