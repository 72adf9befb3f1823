"""The audit trail: who switched, acknowledged, pushed or froze what, when and why.

Rows live in SQLite (WAL, so a crash loses nothing committed) and are append-only: triggers
refuse UPDATE and DELETE, and each row carries the SHA-256 of its content chained to the
previous row's hash, so an edit made behind the console's back (with the sqlite3 tool,
triggers dropped) is found by ``verify`` and named by row.
"""

from __future__ import annotations

import hashlib
import json
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

GENESIS = "0" * 64

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    reason TEXT NOT NULL,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_tip (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_id INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"""


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    target: str
    reason: str
    details: dict[str, Any]
    prev_hash: str
    hash: str


def row_hash(prev_hash: str, at: str, actor: str, action: str, target: str, reason: str,
             details: str) -> str:
    payload = json.dumps([prev_hash, at, actor, action, target, reason, details],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=10, isolation_level=None,
                                 check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.executescript(_SCHEMA)
    return connection


class AuditLog:
    """Records in a background thread (the GUI never waits on the disk); reads directly."""

    def __init__(self, path: Path, clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.path = Path(path)
        self.clock = clock
        self._connection = connect(self.path)
        self._lock = threading.Lock()
        self._queue: queue.Queue[tuple | None] = queue.Queue()
        self._writer = threading.Thread(target=self._write_loop, name="audit-writer",
                                        daemon=True)
        self._writer.start()

    def record(self, actor: str, action: str, target: str = "", reason: str = "",
               **details: Any) -> None:
        at = self.clock().astimezone(UTC).isoformat(timespec="milliseconds")
        self._queue.put((at, actor, action, target, reason,
                         json.dumps(details, ensure_ascii=False, sort_keys=True, default=str)))

    def flush(self) -> None:
        """Wait until every recorded row is on disk (shutdown, tests)."""
        if not self._writer.is_alive():
            return  # closed: nothing is left to write, and nobody would answer
        done = threading.Event()
        self._queue.put(("__flush__", done))
        done.wait(10)

    def close(self) -> None:
        """Write what is queued and close. Closing twice (a shutdown path and a window's
        own close) is harmless."""
        if not self._writer.is_alive():
            return
        self.flush()
        self._queue.put(None)
        self._writer.join(5)
        self._connection.close()

    def _write_loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if item[0] == "__flush__":
                item[1].set()
                continue
            self._append(*item)

    def _append(self, at: str, actor: str, action: str, target: str, reason: str,
                details: str) -> None:
        with self._lock:
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                last = self._connection.execute(
                    "SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
                prev = last[0] if last else GENESIS
                digest = row_hash(prev, at, actor, action, target, reason, details)
                self._connection.execute(
                    "INSERT INTO audit (at, actor, action, target, reason, details, prev_hash,"
                    " hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (at, actor, action, target, reason, details, prev, digest))
                # the tip lets verify notice rows removed from the end of the chain
                self._connection.execute(
                    "INSERT OR REPLACE INTO audit_tip (id, last_id, last_hash) "
                    "VALUES (1, last_insert_rowid(), ?)", (digest,))
                self._connection.execute("COMMIT")
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise

    def entries(self, since: datetime | None = None) -> Iterator[AuditEntry]:
        return read_entries(self._connection, since)


def read_entries(connection: sqlite3.Connection,
                 since: datetime | None = None) -> Iterator[AuditEntry]:
    query = "SELECT id, at, actor, action, target, reason, details, prev_hash, hash FROM audit"
    params: tuple = ()
    if since is not None:
        query += " WHERE at >= ?"
        params = (since.astimezone(UTC).isoformat(timespec="milliseconds"),)
    for row in connection.execute(query + " ORDER BY id", params):
        yield AuditEntry(*row[:6], json.loads(row[6]) if row[6] else {}, row[7], row[8])


def verify(connection: sqlite3.Connection) -> str | None:
    """None when the chain is intact, else a sentence naming the first row that is not."""
    previous_hash, expected_id = GENESIS, 1
    for row in connection.execute("SELECT id, at, actor, action, target, reason, details, "
                                  "prev_hash, hash FROM audit ORDER BY id"):
        row_id, at, actor, action, target, reason, details, prev_hash, digest = row
        if row_id != expected_id:
            return f"row {expected_id} was removed (the next row is {row_id})"
        if prev_hash != previous_hash:
            return f"row {row_id} does not follow row {row_id - 1}: the chain is broken"
        if row_hash(prev_hash, at, actor, action, target, reason, details) != digest:
            return f"row {row_id} was changed after it was written"
        previous_hash, expected_id = digest, row_id + 1
    tip = connection.execute("SELECT last_id, last_hash FROM audit_tip WHERE id = 1").fetchone()
    if tip is not None and tip[0] >= expected_id:
        return f"row {expected_id} was removed (the trail ended at row {tip[0]})"
    if tip is not None and tip[1] != previous_hash:
        return f"row {tip[0]} was changed after it was written"
    return None
