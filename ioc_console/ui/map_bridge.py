"""Calls into the map page's ``window.ioc``: queued until the page has loaded, then batched.

Data can arrive before the page has finished loading (the first poll often wins that race);
a ``runJavaScript`` then would hit a page without ``ioc`` and be lost. So calls wait here and
go out together, as one script, on ``loadFinished``.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWebEngineCore import QWebEnginePage

from ioc_console.model.map_features import js_call

log = logging.getLogger(__name__)


class PageBridge(QObject):
    """One page's call queue. ``call`` runs now if the page is ready, else at ``page_loaded``.

    ``ran`` is emitted with the script's result once the page has run it: tests and the
    benchmark wait on it instead of polling.
    """

    ran = Signal(object)

    def __init__(self, page: QWebEnginePage) -> None:
        super().__init__(page)
        self.page = page
        self.ready = False
        self.pending: list[str] = []
        self.sent = 0

    def call(self, function: str, *arguments: Any) -> None:
        """Call ``window.<function>(...arguments)`` with the arguments as JSON data.

        Raises ``ValueError`` for arguments JSON cannot carry (NaN): better here than as a
        syntax error in the page that would drop the whole batch.
        """
        script = js_call(function, *arguments)
        if self.ready:
            self._run(script)
        else:
            self.pending.append(script)

    def page_loaded(self, ok: bool) -> None:
        """Flush the queue as one script; a failed load keeps it for the next load."""
        self.ready = ok
        if not ok or not self.pending:
            return
        script, self.pending = ";\n".join(self.pending), []
        self._run(script)

    def reset(self) -> None:
        """The page is being replaced (its renderer crashed): wait for the new one."""
        self.ready = False
        self.pending = []

    def _run(self, script: str) -> None:
        self.sent += 1
        self.page.runJavaScript(script, 0, self._done)

    def _done(self, result: Any) -> None:
        """``ioc.apply`` returns the features it could not draw; say so in the log."""
        if isinstance(result, dict) and result.get("errors"):
            log.warning("map page could not draw: %s",
                        "; ".join(map(str, result["errors"][:5])))
        self.ran.emit(result)
