"""Last known good values on disk, so a restarted wall shows data (marked stale) at once."""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def to_json(value: Any) -> Any:
    """JSON-ready form of a value; pydantic models (alerts) are dumped in JSON mode."""
    if hasattr(value, "model_dump"):
        return {"__model__": type(value).__name__, "data": value.model_dump(mode="json")}
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return value


def from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if value.get("__model__") == "Alert":
            from ioc_console.data.alerts import Alert

            return Alert.model_validate(value["data"])
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value


class LastKnownGoodCache:
    """One JSON file per source, written atomically (temp file, fsync, rename)."""

    def __init__(self, directory: Path, min_interval_s: float = 10.0) -> None:
        self.directory = Path(directory)
        self.min_interval_s = min_interval_s
        self._written: dict[str, float] = {}

    def _path(self, source_id: str) -> Path:
        return self.directory / f"{source_id}.json"

    def load_all(self) -> dict[str, tuple[Any, datetime]]:
        values: dict[str, tuple[Any, datetime]] = {}
        if not self.directory.is_dir():
            return values
        for path in self.directory.glob("*.json"):
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
                values[record["source_id"]] = (from_json(record["value"]),
                                               datetime.fromisoformat(record["received_at"]))
            except Exception as error:  # a corrupt cache must never stop the wall
                log.warning("ignoring unreadable cache file %s: %s", path, error)
        return values

    def store(self, source_id: str, value: Any, received_at: datetime,
              force: bool = False) -> bool:
        """Write unless this source was written less than ``min_interval_s`` ago."""
        now = time.monotonic()
        if not force and now - self._written.get(source_id, -1e9) < self.min_interval_s:
            return False
        self._written[source_id] = now
        self.directory.mkdir(parents=True, exist_ok=True)
        record = {"source_id": source_id, "received_at": received_at.isoformat(),
                  "value": to_json(value)}
        descriptor, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(record, handle, ensure_ascii=False)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self._path(source_id))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return True
