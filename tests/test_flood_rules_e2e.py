"""The shipped wall's rules against the demo backend's Yagi flood replay: the CAP Extreme
alert for the Red River bank reaches the console over HTTP, the rule proposes the flood
scenario, the operator accepts, and the audit trail tells the story."""

from __future__ import annotations

import asyncio

import pytest

from ioc_console.cli import default_layout_path
from ioc_console.model.layout_file import load_layout
from ioc_console.operations.console_session import ConsoleSession
from ioc_console.runtime.hub import DataHub
from ioc_console.runtime.scheduler import SourceScheduler

server_module = pytest.importorskip("ioc_console.demo_backend.server")


def test_the_extreme_river_alert_of_the_flood_replay_is_proposed_accepted_and_audited(
        tmp_path):
    layout = load_layout(default_layout_path())
    backend = server_module.DemoBackend(port=0, seed=7).start()
    backend.sim.replay_flood_from(4.5)  # the river at 86.9 m: CAP Extreme for its banks
    hub = DataHub()
    session = ConsoleSession(layout, hub, tmp_path / "c.sqlite3", user="lan")
    assert session.engine.current == "normal" and session.engine.pending is None
    cap = [s.resolve(backend.base_url) for s in layout.sources if s.kind == "cap"]

    async def fetch_alerts() -> None:
        scheduler = SourceScheduler(cap, hub)
        await scheduler.start()
        try:
            assert await scheduler.wait_for_first_answers(timeout_s=15) == set()
        finally:
            await scheduler.stop()

    try:
        asyncio.run(fetch_alerts())
    finally:
        backend.stop()
    extreme = [a for a in session.alerts.active() if a.severity == "Extreme"]
    assert extreme and "sông Hồng" in extreme[0].event
    pending = session.engine.pending
    assert pending is not None and pending.scenario_id == "flood"
    assert pending.rule_id == "red_river_alarm_iii" and pending.switch_at is None
    assert "86,91 m" in pending.reason  # the operator sees why
    session.accept_proposal()
    assert session.engine.current == "flood"
    assert set(session.engine.state.scenario_of_panel.values()) == {"flood"}
    session.audit.flush()
    rows = [(r.actor, r.action, r.target) for r in session.audit.entries()]
    assert rows[-3:] == [("rules", "propose", "flood"), ("lan", "accept", "flood"),
                         ("lan", "switch", "flood")]
    session.close()
