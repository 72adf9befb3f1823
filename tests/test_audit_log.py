"""Afterwards, the room can tell who did what and when, and trust that nobody edited it."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from ioc_console.operations.audit_log import AuditLog, connect, read_entries, verify


@pytest.fixture
def log(tmp_path):
    audit = AuditLog(tmp_path / "console.sqlite3")
    yield audit
    audit.close()


def fill(log: AuditLog) -> None:
    log.record("lan", "switch", "flood", "river above alarm III", rule="r1")
    log.record("lan", "acknowledge", "VN-LCI-0004", "evacuation ordered")
    log.record("minh", "freeze", "wall", "briefing")
    log.flush()


def test_rows_come_back_in_order_with_who_what_why(log):
    fill(log)
    rows = list(log.entries())
    assert [(r.actor, r.action, r.target) for r in rows] == [
        ("lan", "switch", "flood"), ("lan", "acknowledge", "VN-LCI-0004"),
        ("minh", "freeze", "wall")]
    assert rows[0].details == {"rule": "r1"} and rows[0].reason == "river above alarm III"
    assert verify(connect(log.path)) is None


def test_the_console_itself_cannot_update_or_delete_rows(log):
    fill(log)
    connection = connect(log.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        connection.execute("UPDATE audit SET actor = 'x' WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        connection.execute("DELETE FROM audit WHERE id = 2")


def tamper(path, *statements: str) -> None:
    sqlite3_tool = shutil.which("sqlite3")
    script = "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; " + " ".join(
        statements)
    if sqlite3_tool:
        subprocess.run([sqlite3_tool, str(path), script], check=True, timeout=30)
    else:
        connection = sqlite3.connect(path)
        connection.executescript(script)
        connection.close()


def test_an_edited_row_is_named(log):
    fill(log)
    tamper(log.path, "UPDATE audit SET actor = 'someone else' WHERE id = 2;")
    assert verify(connect(log.path)) == "row 2 was changed after it was written"


def test_a_removed_row_is_named_even_the_last_one(log, tmp_path):
    fill(log)
    tamper(log.path, "DELETE FROM audit WHERE id = 2;")
    assert verify(connect(log.path)).startswith("row 2 was removed")
    other = AuditLog(tmp_path / "other.sqlite3")
    fill(other)
    tamper(other.path, "DELETE FROM audit WHERE id = 3;")
    assert verify(connect(other.path)).startswith("row 3 was removed")
    other.close()


def test_since_filters_by_time(tmp_path):
    moments = iter([datetime(2024, 9, 9, 8, tzinfo=UTC), datetime(2024, 9, 9, 13, tzinfo=UTC)])
    log = AuditLog(tmp_path / "a.sqlite3", clock=lambda: next(moments))
    log.record("lan", "switch", "normal")
    log.record("lan", "switch", "flood")
    log.flush()
    since = datetime(2024, 9, 9, 12, tzinfo=UTC)
    assert [r.target for r in log.entries(since)] == ["flood"]
    assert [r.target for r in log.entries(since - timedelta(hours=6))] == ["normal", "flood"]
    log.close()


def test_audit_verify_command_passes_untouched_and_fails_naming_the_edited_row(
        tmp_path, monkeypatch, capsys):
    from ioc_console.cli import main

    monkeypatch.setenv("IOC_CONSOLE_DATA_DIR", str(tmp_path))
    log = AuditLog(tmp_path / "console.sqlite3")
    fill(log)
    log.close()
    assert main(["audit", "--verify"]) == 0
    assert main(["audit"]) == 0
    assert "acknowledge" in capsys.readouterr().out
    tamper(tmp_path / "console.sqlite3", "UPDATE audit SET reason = 'x' WHERE id = 1;")
    assert main(["audit", "--verify"]) == 1
    assert "row 1 was changed" in capsys.readouterr().err


def test_closing_twice_returns_at_once_and_keeps_every_row(tmp_path):
    import time

    log = AuditLog(tmp_path / "a.sqlite3")
    log.record("lan", "switch", "flood", "river above III")
    log.close()
    started = time.monotonic()
    log.close()
    log.flush()
    assert time.monotonic() - started < 5  # it used to wait 10 s for a writer that was gone
    rows = list(read_entries(connect(tmp_path / "a.sqlite3")))
    assert [(r.actor, r.action) for r in rows] == [("lan", "switch")]
