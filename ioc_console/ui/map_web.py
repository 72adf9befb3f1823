"""The map's web page: offline by construction, and its script errors go to our log.

A control room's network is often closed, and a page that quietly tries the internet shows a
blank map that still reports a successful load (TECH.md pitfall 7). So the page may fetch only
local files and, if the layout names one, the offline tile server; everything else is blocked
here, and JavaScript errors are logged instead of disappearing into Chromium.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)

from ioc_console.ui import palette

log = logging.getLogger(__name__)

LOCAL_SCHEMES = frozenset({"file", "data", "about", "blob", "qrc"})


def tile_host_pattern(tile_url: str | None) -> re.Pattern[str] | None:
    """The hosts a tile URL template may reach (``{s}`` stands for any subdomain)."""
    if not tile_url:
        return None
    parts = urlsplit(tile_url.replace("{s}", "SUBDOMAIN"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    netloc = re.escape(parts.netloc.lower()).replace("subdomain", "[a-z0-9-]+")
    return re.compile(f"{parts.scheme}://{netloc}")


def allowed_url(url: str, tiles: re.Pattern[str] | None) -> bool:
    """May the map page fetch ``url``? Local schemes yes, the tile server yes, else no."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    if tiles is None:
        return False
    return tiles.fullmatch(f"{parts.scheme}://{parts.netloc.lower()}") is not None


class OfflineGuard(QWebEngineUrlRequestInterceptor):
    """Blocks every request :func:`allowed_url` refuses and counts them."""

    def __init__(self, tile_url: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tiles = tile_host_pattern(tile_url)
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 (Qt API)
        url = info.requestUrl().toString()
        if not allowed_url(url, self.tiles):
            info.block(True)
            if len(self.blocked) < 50:
                self.blocked.append(url)
                log.warning("map page: blocked a request to %s (the map works offline)", url)


class MapPage(QWebEnginePage):
    """A page that may read local files, reaches no network but the tile server, logs errors."""

    def __init__(self, tile_url: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.console_errors: list[str] = []
        self.guard = OfflineGuard(tile_url, self)
        self.setUrlRequestInterceptor(self.guard)
        self.setBackgroundColor(QColor(palette.BACKGROUND))  # no white flash while loading
        settings = self.settings()
        attribute = QWebEngineSettings.WebAttribute
        settings.setAttribute(attribute.LocalContentCanAccessFileUrls, True)
        # a file:// page needs this to show http tiles at all; off unless a tile server is set
        settings.setAttribute(attribute.LocalContentCanAccessRemoteUrls, bool(tile_url))
        settings.setAttribute(attribute.JavascriptCanOpenWindows, False)
        settings.setAttribute(attribute.ShowScrollBars, False)

    def javaScriptConsoleMessage(self, level: QWebEnginePage.JavaScriptConsoleMessageLevel,  # noqa: N802
                                 message: str, line: int, source: str) -> None:
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            self.console_errors = [*self.console_errors[-19:], f"{message} ({source}:{line})"]
            log.error("map page: %s (%s:%d)", message, source, line)
        else:
            log.debug("map page: %s", message)
