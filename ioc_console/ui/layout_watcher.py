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
        self._last_text: str | None = None

    def _on_change(self, _path: str) -> None:
        if str(self.path) not in self._watcher.files() and self.path.exists():
            self._watcher.addPath(str(self.path))  # replaced by rename: watch the new file
        self._debounce.start()

    def _reload_in_background(self) -> None:
        threading.Thread(target=self._reload, name="layout-reload", daemon=True).start()

    def _reload(self) -> None:
        try:
            layout: Layout = load_layout(self.path)
        except LayoutError as error:
            lines = [str(p) for p in error.problems]
            log.error("layout refused, keeping the last good one:\n%s", "\n".join(lines))
            self.layout_refused.emit(lines)
            return
        self.layout_changed.emit(layout)
