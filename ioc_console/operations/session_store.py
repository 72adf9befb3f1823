"""What must survive a crash: the scenario on each panel and the acknowledgements.

Kept in the same SQLite file as the audit trail; every change is one committed
transaction, so a SIGKILL right after it loses nothing.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from .audit_log import connect

_SCHEMA = "CREATE TABLE IF NOT EXISTS session (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


class SessionStore:
    def __init__(self, path: Path) -> None:
        self._connection: sqlite3.Connection = connect(Path(path))
        self._connection.execute(_SCHEMA)
        self._lock = threading.Lock()

    def put(self, key: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False, default=str)
        with self._lock:
            self._connection.execute(
                "INSERT INTO session (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, text))

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            row = self._connection.execute("SELECT value FROM session WHERE key = ?",
                                           (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def close(self) -> None:
        self._connection.close()
