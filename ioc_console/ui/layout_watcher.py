"""Apply edits of the running layout file: valid ones live, broken ones never.

The file is read and validated in a worker thread (the GUI thread never waits on the
disk); the result comes back through a queued signal.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from ioc_console.model.layout import Layout
from ioc_console.model.layout_file import load_layout
from ioc_console.model.problems import LayoutError

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Carries a result from the reading thread back to the GUI thread.

    The thread holds this relay, never the watcher: if the thread held the last reference
    to the watcher, Python would delete it (and its file watcher's socket notifier) in that
    thread, which Qt cannot do safely (seen as a segfault, or "QSocketNotifier: Invalid
    socket" printed in an endless loop).
    """

    loaded = Signal(object)
    refused = Signal(list)


class LayoutWatcher(QObject):
    layout_changed = Signal(object)  # Layout
    layout_refused = Signal(list)  # list[str]: "path:line:column: reason"

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self._watcher = QFileSystemWatcher([str(self.path)], self)
        self._watcher.fileChanged.connect(self._on_change)
        # editors save in bursts (truncate, write, rename): wait until it settles
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self._reload_in_background)
        self._relay = _Relay(self)  # owned by the watcher: deleted with it, in this thread
        self._relay.loaded.connect(self.layout_changed)
        self._relay.refused.connect(self.layout_refused)
        self._readers: list[threading.Thread] = []

    def _on_change(self, _path: str) -> None:
        if str(self.path) not in self._watcher.files() and self.path.exists():
            self._watcher.addPath(str(self.path))  # replaced by rename: watch the new file
        self._debounce.start()

    def _reload_in_background(self) -> None:
        reader = threading.Thread(target=_read_and_report, args=(self.path, self._relay),
                                  name="layout-reload", daemon=True)
        self._readers = [t for t in self._readers if t.is_alive()] + [reader]
        reader.start()

    def stop(self) -> None:
        """Stop watching and wait for a read in progress, so that deleting the watcher
        afterwards never races a reading thread or a pending file event."""
        self._debounce.stop()
        watched = self._watcher.files()
        if watched:
            self._watcher.removePaths(watched)
        for reader in self._readers:
            reader.join(5)
        self._readers = []


def _read_and_report(path: Path, relay: _Relay) -> None:
    try:
        layout: Layout = load_layout(path)
    except LayoutError as error:
        lines = [str(p) for p in error.problems]
        log.error("layout refused, keeping the last good one:\n%s", "\n".join(lines))
        _emit(relay, "refused", lines)
        return
    _emit(relay, "loaded", layout)


def _emit(relay: _Relay, signal: str, value: object) -> None:
    try:
        getattr(relay, signal).emit(value)
    except RuntimeError:  # the watcher was closed while the file was being read
        log.info("layout watcher gone; %s result dropped", signal)
