"""Last known good values on disk, so a restarted wall shows data (marked stale) at once
instead of a wall of spinners, and a wall that starts while the backend is down still
shows the province as it last was.

One JSON file per source, written atomically (temporary file in the same directory, fsync,
``os.replace``): a power cut mid-write leaves the previous file, never half of one. Writes
are coalesced: a source polled every 5 s is written at most once per ``min_interval_s``.
All methods that touch the disk block; the scheduler calls them in its worker threads.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger(__name__)
FORMAT = 1


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("ioc-console")) / "last-known-good"


def _known_models() -> dict[str, Any]:
    """Models a cached value may contain, by name (imported lazily: the parsers are big)."""
    from ioc_console.data.alerts import Alert

    return {"Alert": Alert}


def to_json(value: Any) -> Any:
    """JSON-ready form of a parsed value. Pydantic models (CAP alerts) are tagged with their
    class name so :func:`from_json` can rebuild them; dataclasses become dicts."""
    if hasattr(value, "model_dump"):
        return {"__model__": type(value).__name__, "data": value.model_dump(mode="json")}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_json(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_json(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def from_json(value: Any, models: Mapping[str, Any] | None = None) -> Any:
    """Inverse of :func:`to_json`."""
    if isinstance(value, dict):
        name = value.get("__model__")
        if isinstance(name, str) and set(value) == {"__model__", "data"}:
            models = _known_models() if models is None else models
            if name not in models:
                raise ValueError(f"unknown cached model {name}")
            return models[name].model_validate(value["data"])
        return {k: from_json(v, models) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v, models) for v in value]
    return value


class LastKnownGoodCache:
    """``store`` writes now; ``offer`` + ``flush`` coalesce; ``load_all`` reads everything."""

    def __init__(self, directory: Path | None = None, min_interval_s: float = 30.0, *,
                 encode: Callable[[Any], Any] = to_json,
                 decode: Callable[[Any], Any] = from_json) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.min_interval_s = min_interval_s
        self.encode = encode
        self.decode = decode
        self._lock = threading.Lock()  # guards _pending and _written
        self._write_lock = threading.Lock()  # one writer at a time per cache
        self._pending: dict[str, tuple[Any, datetime, str | None]] = {}
        self._written: dict[str, float] = {}

    def path(self, source_id: str) -> Path:
        return self.directory / f"{source_id}.json"

    # --- reading ---------------------------------------------------------------------------
    def load_all(self, kinds: Mapping[str, str] | None = None
                 ) -> dict[str, tuple[Any, datetime]]:
        """Every readable entry: ``{source_id: (value, received_at)}``.

        With ``kinds`` (source id -> kind), entries of unknown sources or of a source whose
        kind changed are skipped. A corrupt file is skipped with a warning: a broken cache
        must never keep the wall from starting.
        """
        values: dict[str, tuple[Any, datetime]] = {}
        if not self.directory.is_dir():
            return values
        for leftover in self.directory.glob(".*.tmp"):  # a write cut short by a crash
            leftover.unlink(missing_ok=True)
        for path in sorted(self.directory.glob("*.json")):
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
                source_id = record["source_id"]
                if kinds is not None and (source_id not in kinds or record.get("kind")
                                          not in (None, kinds[source_id])):
                    continue
                received_at = datetime.fromisoformat(record["received_at"])
                if received_at.tzinfo is None:
                    raise ValueError("received_at has no time zone")
                values[source_id] = (self.decode(record["value"]), received_at)
            except Exception as error:
                log.warning("ignoring unreadable cache file %s: %s", path,
                            " ".join(str(error).split())[:200])
        return values

    # --- writing ---------------------------------------------------------------------------
    def store(self, source_id: str, value: Any, received_at: datetime,
              kind: str | None = None) -> None:
        """Write this value now (atomically). Blocking; raises on a disk or encoding error."""
        record = {"format": FORMAT, "source_id": source_id, "kind": kind,
                  "received_at": received_at.isoformat(), "value": self.encode(value)}
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        with self._write_lock:
            self.directory.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.directory,
                                                     prefix=f".{source_id}.", suffix=".tmp")
            try:
                with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                    handle.write(text)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temporary, self.path(source_id))
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            _fsync_directory(self.directory)
        with self._lock:
            self._written[source_id] = time.monotonic()

    def offer(self, source_id: str, value: Any, received_at: datetime,
              kind: str | None = None) -> None:
        """Remember the latest value to write at the next :meth:`flush`. Cheap and
        thread-safe: the event-loop thread calls it on every new value."""
        with self._lock:
            self._pending[source_id] = (value, received_at, kind)

    def has_due(self) -> bool:
        """Whether a :meth:`flush` now would write anything."""
        now = time.monotonic()
        with self._lock:
            return any(now - self._written.get(s, -1e18) >= self.min_interval_s
                       for s in self._pending)

    def flush(self, force: bool = False) -> int:
        """Write the pending values whose source was not written in the last
        ``min_interval_s`` (all of them with ``force``, e.g. at shutdown). Returns how many
        were written; a value that cannot be written is logged and dropped."""
        now = time.monotonic()
        with self._lock:
            due = [s for s in self._pending
                   if force or now - self._written.get(s, -1e18) >= self.min_interval_s]
            batch = {s: self._pending.pop(s) for s in due}
        written = 0
        for source_id, (value, received_at, kind) in batch.items():
            try:
                self.store(source_id, value, received_at, kind)
                written += 1
            except Exception as error:  # a full or read-only disk: the wall goes on
                log.warning("cannot cache source %s: %s", source_id,
                            " ".join(str(error).split())[:200])
        return written


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); best effort elsewhere."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
