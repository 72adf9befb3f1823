"""The operations side of a running console, without Qt: alerts, rules, scenarios, audit.

It listens to the data hub for CAP sources, keeps the alert store (CAP semantics), lets
rules propose or arm scenario switches, performs acknowledgements and switches on behalf
of a named user, records every one of them in the audit trail and keeps what must survive
a crash (scenario history, acknowledgements) in the session store.
"""

from __future__ import annotations

import getpass
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ioc_console.data.alert_store import AlertStore
from ioc_console.model.layout import Layout
from ioc_console.model.rules import RuleEngine
from ioc_console.model.scenario_engine import ScenarioEngine
from ioc_console.model.wall_state import (
    WallState,
    apply_scenario,
    initial_state,
    panel_showing,
    with_overrides,
)

from .accounts import AccountsError, AccountStore
from .audit_log import AuditLog
from .authorization import PermissionDenied, Role, User, allowed
from .briefing_service import BriefingService
from .login_throttle import LoginThrottle
from .paths import accounts_file
from .session_store import SessionStore
from .sign_in import NOBODY, LoginResult, SignIn

log = logging.getLogger(__name__)


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry in some containers
        return "operator"


def replay(layout: Layout, history: list[str],
           pushed: Mapping[str, str] | None = None) -> WallState:
    """The wall state after the scenarios of ``history``, then the tiles pushed onto panels;
    scenarios, panels and tiles that no longer exist in ``layout`` are skipped."""
    known = {s.id for s in layout.scenarios}
    state = initial_state(layout)
    for scenario_id in history:
        if scenario_id in known:
            state = apply_scenario(layout, state, scenario_id)
    panels, tiles = {p.id for p in layout.wall.panels}, {t.id for t in layout.tiles}
    still = {panel: tile for panel, tile in (pushed or {}).items()
             if isinstance(panel, str) and panel in panels and tile in tiles}
    return with_overrides(layout, state, still) if still else state


class ConsoleSession:
    def __init__(self, layout: Layout, hub: Any, db_path: Path, user: str | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 accounts: AccountStore | None = None) -> None:
        self.layout = layout
        self.os_user = user or os_user()  # who started the console; the actor in open mode
        self.clock = clock
        self.audit = AuditLog(db_path, clock)
        self.store = SessionStore(db_path)
        self._open_accounts(accounts if accounts is not None else AccountStore(accounts_file()))
        history = [h for h in self.store.get("scenario_history", []) if isinstance(h, str)]
        known = {s.id for s in layout.scenarios}
        history = [h for h in history if h in known] or [layout.start_scenario.id]
        pushed = self.store.get("pushed_tiles", {})
        self.engine = ScenarioEngine(
            layout, record=self.audit.record, clock=clock, history=history,
            state=replay(layout, history, pushed if isinstance(pushed, dict) else {}))
        self.engine.subscribe(lambda _state: self._save_wall())
        self.alerts = AlertStore(clock=clock)
        self.alerts.import_acknowledgements(self.store.get("acknowledgements", []))
        self.rules = RuleEngine(layout.rules)
        self.cap_sources = {s.id for s in layout.sources if s.kind == "cap"}
        self._listeners: list[Callable[[], None]] = []
        self._unsubscribe = hub.subscribe_all(self._on_source) if hub is not None else None
        self.briefing = BriefingService(self)  # last: it may carry on a deck after a restart

    # --- what the views listen to -------------------------------------------------------
    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Called after alerts, acknowledgements or the pending proposal changed."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    # --- data in -----------------------------------------------------------------------
    def _on_source(self, state: Any) -> None:
        if state.source_id not in self.cap_sources or not isinstance(state.value, dict):
            return
        if state.from_cache:
            return  # old news: show it, but never let it trigger rules again
        alerts = state.value.get("alerts", [])
        before = {a.identifier for a in self.alerts.active()}
        for alert in alerts:
            self.alerts.apply(alert)
        self.alerts.expire()
        new = [a for a in self.alerts.active() if a.identifier not in before]
        for decision in self.rules.on_alerts(new, self.clock()):
            if decision.scenario == self.engine.current:
                continue  # the wall already shows what the rule asks for
            reason = f"{decision.alert.severity}: {decision.alert.headline or decision.alert.event}"
            countdown = decision.rule.then.countdown_s if decision.kind == "switch" else None
            self.engine.propose(decision.scenario, reason, decision.rule.id, countdown)
        self._check_reverts()
        self._changed()

    def _check_reverts(self) -> None:
        active = {a.identifier for a in self.alerts.active()}
        acknowledged = set(self.acknowledgements())
        for decision in self.rules.reverts(active, acknowledged, self.clock()):
            if self.engine.current == decision.scenario:
                self.engine.revert("rules", f"rule {decision.rule.id}: alerts cleared")

    def acknowledgements(self) -> dict[str, Any]:
        """Acknowledgements of the active alerts, by identifier."""
        found = {a.identifier: self.alerts.acknowledgement(a.identifier)
                 for a in self.alerts.active()}
        return {k: v for k, v in found.items() if v is not None}

    # --- who is at the desk -------------------------------------------------------------
    def _open_accounts(self, accounts: AccountStore) -> None:
        throttle = LoginThrottle(lambda: self.clock().timestamp(),
                                 self.store.get("login_failures", {}),
                                 lambda state: self.store.put("login_failures", state))
        self.sign_in = SignIn(accounts, throttle)
        self.accounts_problem = ""
        try:
            self.open_mode = not accounts.has_accounts()
        except AccountsError as error:  # fail closed: a broken file must not open the desk
            self.open_mode, self.accounts_problem = False, str(error)
            log.error("%s", error)
        # open mode: no accounts yet, whoever sits at the desk has every right (and is told so)
        self.account = User(self.os_user, Role.ADMIN) if self.open_mode else NOBODY

    @property
    def user(self) -> str:
        """The name actions are recorded under: the logged-in user, else who it acts as."""
        return self.account.name

    @property
    def logged_in(self) -> bool:
        return not self.open_mode and self.account != NOBODY

    def login(self, name: str, password: str) -> LoginResult:
        """Check the password (about 0.1 s of scrypt) and act as that user from now on."""
        result = self.sign_in.attempt(name, password)
        if result.user is None:
            reason = result.problem or ("still waiting after wrong passwords" if result.throttled
                                        else "wrong name or password")
            self.audit.record(self.account.name, "login-failed", name[:64], reason,
                              wait_s=round(result.wait_s, 1))
            return result
        if self.logged_in:
            self.audit.record(self.account.name, "logout", "console", f"{result.user.name} "
                              "logged in")
        self.account, self.open_mode = result.user, False
        self.audit.record(self.account.name, "login", "console", "", role=self.account.role.label)
        self._changed()
        return result

    def login_wait_s(self, name: str) -> float:
        """Seconds before ``name`` may try a password again (0: now)."""
        return self.sign_in.throttle.wait_s(name)

    def logout(self) -> None:
        self._leave("logout", "")

    def lock(self, reason: str = "idle") -> None:
        """The desk was left alone: back to viewer. The wall itself carries on unchanged."""
        self._leave("lock", reason)

    def _leave(self, action: str, reason: str) -> None:
        if not self.logged_in:
            return  # open mode has nobody to log out; a viewer has nothing to drop
        self.audit.record(self.account.name, action, "console", reason)
        self.account = NOBODY
        self._changed()

    # --- rights --------------------------------------------------------------------------
    def authorize(self, action: str, target: str = "") -> None:
        """Raise PermissionDenied (and audit the denial) unless the current user may act."""
        if not allowed(self.account, action):
            denial = PermissionDenied(self.account, action, target)
            self.audit.record(self.account.name, "denied", target, str(denial), right=action)
            raise denial

    # --- operator actions --------------------------------------------------------------
    # Each checks the rights of the user at the desk first (``by`` only renames the actor
    # recorded). What rules do on their own (an armed switch running out, a revert when the
    # alerts clear) goes to the engine directly as "rules" and needs nobody logged in.
    def switch(self, scenario_id: str, reason: str = "", by: str | None = None) -> None:
        self.authorize("switch-scenario", scenario_id)
        self.engine.switch(scenario_id, by or self.user, reason)

    def start_with(self, scenario_id: str) -> None:
        """``--scenario`` on the command line: chosen by whoever started the console, with
        the operating-system access that implies, so no login is asked for."""
        self.engine.switch(scenario_id, self.os_user, "started with --scenario")

    def revert(self, by: str | None = None) -> None:
        self.authorize("revert-scenario", self.engine.previous or "")
        self.engine.revert(by or self.user, "revert")

    def accept_proposal(self, by: str | None = None) -> None:
        pending = self.engine.pending
        self.authorize("accept-proposal", pending.scenario_id if pending else "")
        self.engine.accept(by or self.user)
        self._changed()

    def reject_proposal(self, reason: str = "", by: str | None = None) -> None:
        pending = self.engine.pending
        armed = pending is not None and pending.switch_at is not None
        self.authorize("cancel-countdown" if armed else "reject-proposal",
                       pending.scenario_id if pending else "")
        self.engine.reject(by or self.user, reason)
        self._changed()

    def push_tile(self, tile_id: str, panel_id: str, reason: str = "",
                  by: str | None = None) -> None:
        """Fill a panel with one tile until restored; onto its own panel it is maximised."""
        self.authorize("push-tile", f"{tile_id} -> {panel_id}")
        self.engine.push(tile_id, panel_id, by or self.user, reason)

    def maximise_tile(self, tile_id: str, reason: str = "", by: str | None = None) -> None:
        panel_id = panel_showing(self.engine.state, tile_id)
        if panel_id is None:
            raise KeyError(f"tile {tile_id} is not on the wall")
        self.authorize("maximise-tile", tile_id)
        self.engine.push(tile_id, panel_id, by or self.user, reason)

    def toggle_maximise(self, tile_id: str, by: str | None = None) -> None:
        """A double click on a wall tile: maximise it on its panel, or give the panel back."""
        panel_id = panel_showing(self.engine.state, tile_id)
        if panel_id is not None and self.engine.state.overrides.get(panel_id) == tile_id:
            self.restore_panel(panel_id, by)
        else:
            self.maximise_tile(tile_id, "double click on the wall", by)

    def restore_panel(self, panel_id: str, by: str | None = None) -> None:
        self.authorize("push-tile", panel_id)
        self.engine.restore(panel_id, by or self.user, "restore")

    def freeze(self, frozen: bool, reason: str = "") -> None:
        """Record freezing the wall. Unfreezing needs no right: going back to live data is
        always safe, and a wall must never stay frozen because its operator was locked out."""
        if frozen:
            self.authorize("freeze", "wall")
        self.record("freeze" if frozen else "unfreeze", "wall", reason)

    def tick(self) -> None:
        """Once a second: armed automatic switches, and alerts past their expiry."""
        switched = self.engine.tick() is not None
        expired = self.alerts.expire()
        if expired:
            self._check_reverts()
        if switched or expired:
            self._changed()
        self.briefing.tick()

    def acknowledge(self, identifier: str, comment: str = "", by: str | None = None) -> None:
        self.authorize("acknowledge", identifier)
        who = by or self.user
        try:
            self.alerts.acknowledge(identifier, who, comment)
        except KeyError:  # it expired or was cancelled meanwhile: nothing left to acknowledge
            log.info("acknowledgement of %s ignored: no such active alert", identifier)
            return
        self.store.put("acknowledgements", self.alerts.export_acknowledgements())
        self.audit.record(who, "acknowledge", identifier, comment)
        self._check_reverts()
        self._changed()

    def record(self, action: str, target: str = "", reason: str = "", **details: Any) -> None:
        self.audit.record(self.user, action, target, reason, **details)

    def replace_layout(self, layout: Layout) -> None:
        """A valid edit of the layout file: same history, the new wall, rules and sources."""
        known = {s.id for s in layout.scenarios}
        history = [h for h in self.engine.history if h in known] or [layout.start_scenario.id]
        self.layout = layout
        self.engine.layout = layout
        self.engine.history = history
        self.engine.state = replay(layout, history, self.engine.state.overrides)
        self.engine.pending = None
        self.rules = RuleEngine(layout.rules)
        self.cap_sources = {s.id for s in layout.sources if s.kind == "cap"}

    def _save_wall(self) -> None:
        """What a restarted console must show again: the scenarios and the pushed tiles."""
        self.store.put("scenario_history", self.engine.history[-20:])
        self.store.put("pushed_tiles", dict(self.engine.state.overrides))

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.audit.close()
        self.store.close()
