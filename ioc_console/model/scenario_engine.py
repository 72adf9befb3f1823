"""Switching the wall between scenarios: the current one, the previous one, a proposal.

Pure logic. A switch computes the whole next ``WallState`` in one step and hands it to the
listeners (the views), which apply it at once. Recording (audit) and persistence are
injected as callables so this module neither touches the disk nor knows Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from .layout import Layout
from .wall_state import (
    WallState,
    apply_scenario,
    initial_state,
    panel_showing,
    push_tile,
    restore_panel,
)

Recorder = Callable[..., None]  # (actor, action, target, reason, **details)


@dataclass(frozen=True)
class Proposal:
    scenario_id: str
    reason: str
    rule_id: str | None
    proposed_at: datetime
    switch_at: datetime | None = None  # set for an automatic switch with a countdown


class UnknownScenario(KeyError):
    pass


class ScenarioEngine:
    def __init__(self, layout: Layout, record: Recorder | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 state: WallState | None = None, history: list[str] | None = None) -> None:
        self.layout = layout
        self.clock = clock
        self._record = record or (lambda *a, **k: None)
        self.state = state or initial_state(layout)
        self.history: list[str] = history or [self._main_scenario(self.state)]
        self.pending: Proposal | None = None
        self._listeners: list[Callable[[WallState], None]] = []

    @staticmethod
    def _main_scenario(state: WallState) -> str:
        owners = list(state.scenario_of_panel.values())
        return max(set(owners), key=owners.count) if owners else ""

    @property
    def current(self) -> str:
        return self.history[-1]

    @property
    def previous(self) -> str | None:
        return self.history[-2] if len(self.history) > 1 else None

    def subscribe(self, listener: Callable[[WallState], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def switch(self, scenario_id: str, by: str, reason: str = "", **details: Any) -> WallState:
        if scenario_id not in {s.id for s in self.layout.scenarios}:
            raise UnknownScenario(scenario_id)
        self.state = apply_scenario(self.layout, self.state, scenario_id)
        self.history = [*self.history[-49:], scenario_id]
        if self.pending is not None and self.pending.scenario_id == scenario_id:
            self.pending = None
        self._record(by, "switch", scenario_id, reason, **details)
        for listener in list(self._listeners):
            listener(self.state)
        return self.state

    def revert(self, by: str, reason: str = "") -> WallState | None:
        if self.previous is None:
            return None
        target = self.previous
        self.history = self.history[:-1]
        self.state = apply_scenario(self.layout, self.state, target)
        self._record(by, "revert", target, reason)
        for listener in list(self._listeners):
            listener(self.state)
        return self.state

    def push(self, tile_id: str, panel_id: str, by: str, reason: str = "") -> WallState:
        """Fill a panel with one tile (pushed from elsewhere, or maximised where it is)."""
        maximise = panel_showing(self.state, tile_id) == panel_id
        self.state = push_tile(self.layout, self.state, tile_id, panel_id)
        self._record(by, "maximise-tile" if maximise else "push-tile", tile_id, reason,
                     panel=panel_id)
        self._notify()
        return self.state

    def restore(self, panel_id: str, by: str, reason: str = "") -> WallState:
        tile = self.state.overrides.get(panel_id)
        if tile is None:
            return self.state
        self.state = restore_panel(self.layout, self.state, panel_id)
        self._record(by, "restore-panel", panel_id, reason, tile=tile)
        self._notify()
        return self.state

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener(self.state)

    def propose(self, scenario_id: str, reason: str, rule_id: str | None = None,
                countdown_s: float | None = None, by: str = "rules") -> Proposal:
        now = self.clock()
        switch_at = now + timedelta(seconds=countdown_s) if countdown_s is not None else None
        self.pending = Proposal(scenario_id, reason, rule_id, now, switch_at)
        self._record(by, "propose" if switch_at is None else "auto-switch-armed", scenario_id,
                     reason, rule=rule_id)
        return self.pending

    def accept(self, by: str) -> WallState | None:
        proposal = self.pending
        if proposal is None:
            return None
        self._record(by, "accept", proposal.scenario_id, proposal.reason, rule=proposal.rule_id)
        return self.switch(proposal.scenario_id, by, proposal.reason, rule=proposal.rule_id)

    def reject(self, by: str, reason: str = "") -> None:
        proposal = self.pending
        if proposal is None:
            return
        self.pending = None
        self._record(by, "reject" if proposal.switch_at is None else "cancel-auto-switch",
                     proposal.scenario_id, reason or proposal.reason, rule=proposal.rule_id)

    def tick(self) -> WallState | None:
        """Perform an armed automatic switch whose countdown has run out."""
        proposal = self.pending
        if proposal is None or proposal.switch_at is None or self.clock() < proposal.switch_at:
            return None
        return self.switch(proposal.scenario_id, "rules", proposal.reason, rule=proposal.rule_id)
