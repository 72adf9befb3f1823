"""The map tile: the province with its gauges, cameras, shelters, reports and alert areas.

The page is built once; afterwards every data change goes in as one batched JavaScript
call carrying only what changed (:mod:`ioc_console.model.map_features` computes it), so the
map never reloads and never flickers on the wall. A value of the wrong shape is ignored:
the last good picture stays, and the tile frame shows the source's badge.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ioc_console.i18n import _
from ioc_console.model.map_features import Snapshot, diff, features_for
from ioc_console.model.tiles import MapLayer, MapTile
from ioc_console.ui.map_page import COLORS, build_page, leaflet_available, leaflet_dir, show_html
from ioc_console.ui.typography import Typography

from .base import TileWidget

if TYPE_CHECKING:
    from PySide6.QtWebEngineWidgets import QWebEngineView

    from ioc_console.ui.map_bridge import PageBridge

log = logging.getLogger(__name__)

MAX_RELOADS = 5
"""Renderer crashes after which the tile stops rebuilding its page (and says so in the log)."""


def layer_names(layers: list[MapLayer]) -> list[tuple[str, MapLayer]]:
    """Page-side names: the source id, made unique when two layers read the same source."""
    seen: dict[str, int] = {}
    out = []
    for layer in layers:
        count = seen.get(layer.source, 0)
        seen[layer.source] = count + 1
        out.append((layer.source if count == 0 else f"{layer.source}#{count}", layer))
    return out


class MapWidget(TileWidget):
    """A Leaflet map in a web view, fed by diffs; or a clear notice when it cannot run."""

    build_ahead = False  # a web view per hidden scenario costs memory and start-up time
    parks_off_canvas = False  # hidden, the browser engine stops drawing and animating

    def __init__(self, tile: MapTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        self.options = tile.options
        self.layers: dict[str, list[tuple[str, MapLayer]]] = {}
        for name, layer in layer_names(tile.options.layers):
            self.layers.setdefault(layer.source, []).append((name, layer))
        self.drawn: dict[str, Snapshot] = {}   # what the page shows, per page-side layer name
        self.latest: dict[str, Any] = {}       # last good value per source, to redraw a crash
        self.scenario: str | None = None
        self.load_count = 0
        self.crashes = 0
        self.view: QWebEngineView | None = None
        self.bridge: PageBridge | None = None
        self.notice: QLabel | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        problem = self._cannot_run()
        if problem is not None:
            self.notice = QLabel(problem, objectName="MapNotice", wordWrap=True,
                                 alignment=Qt.AlignmentFlag.AlignCenter)
            box.addWidget(self.notice)
            return
        # imported here: without a working Qt WebEngine the tile shows its notice instead
        from PySide6.QtWebEngineWidgets import QWebEngineView

        from ioc_console.ui.map_bridge import PageBridge
        from ioc_console.ui.map_web import MapPage

        self.view = QWebEngineView(self)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.view.setPage(MapPage(tile.options.tile_url, self.view))
        self.bridge = PageBridge(self.view.page())
        self.view.loadFinished.connect(self._loaded)
        self.view.page().renderProcessTerminated.connect(self._renderer_gone)
        box.addWidget(self.view)
        self._load()

    @staticmethod
    def _cannot_run() -> str | None:
        if not leaflet_available():
            return _("Map assets missing: run tools/fetch_map_assets.sh")
        try:
            import PySide6.QtWebEngineWidgets  # noqa: F401
        except ImportError as error:  # a broken install: say so on the tile, not in a crash
            log.error("map tile: Qt WebEngine is not available: %s", error)
            return _("Map unavailable: Qt WebEngine is not installed")
        return None

    def _load(self) -> None:
        show_html(self.view, build_page(self.options), leaflet_dir())

    def _loaded(self, ok: bool) -> None:
        self.load_count += 1
        if not ok:
            log.error("map page of tile %s failed to load", self.tile.id)
        self.bridge.page_loaded(ok)

    def _renderer_gone(self, status: Any, code: int) -> None:
        """Chromium's renderer died (out of memory, killed): rebuild and redraw everything.

        A wall runs for weeks; one renderer crash must not leave a dead tile until someone
        restarts the console. A page that keeps crashing is given up after a few tries.
        """
        from PySide6.QtWebEngineCore import QWebEnginePage

        if status == QWebEnginePage.RenderProcessTerminationStatus.NormalTerminationStatus:
            return
        self.crashes += 1
        if self.crashes > MAX_RELOADS:
            log.error("map tile %s: page renderer ended again (%s, %d); giving up",
                      self.tile.id, status, code)
            return
        log.error("map tile %s: page renderer ended (%s, %d); reloading", self.tile.id,
                  status, code)
        self.drawn.clear()
        self.bridge.reset()
        self._load()
        self.set_typography(self.typography)
        for source_id, value in self.latest.items():
            self.receive(source_id, value)
        if self.scenario is not None:
            self.set_scenario(self.scenario)

    # --- the TileWidget contract ----------------------------------------------------------

    def receive(self, source_id: str, value: Any) -> None:
        """Send the page what changed in the layers fed by ``source_id``: one JS call."""
        operations = []
        drawn = {}
        for name, layer in self.layers.get(source_id, ()):
            features = features_for(layer.kind, value, COLORS, layer.color)
            if features is None:
                log.debug("map tile %s: %s is not %s data; keeping the last picture",
                          self.tile.id, source_id, layer.kind)
                continue
            change = diff(self.drawn.get(name, {}), features)
            drawn[name] = features
            if not change.empty:
                operations.append(change.operation(name))
        if not drawn:
            return
        self.latest[source_id] = value
        if self.bridge is None:
            return
        if operations:
            try:
                self.bridge.call("ioc.apply", operations)
            except ValueError as error:  # not JSON-able: keep the old picture and state
                log.error("map tile %s: cannot send %s: %s", self.tile.id, source_id, error)
                return
        self.drawn.update(drawn)

    def set_scenario(self, scenario_id: str) -> None:
        """Apply the scenario's view (centre/zoom or fit a layer); without one, the home view."""
        self.scenario = scenario_id
        if self.bridge is None:
            return
        options = self.options
        view = options.views.get(scenario_id)
        if view is not None and view.fit_layer:
            names = self.layers.get(view.fit_layer)
            self.bridge.call("ioc.fitLayer", names[0][0] if names else view.fit_layer)
            return
        center = view.center if view is not None and view.center else options.center
        zoom = view.zoom if view is not None and view.zoom else options.zoom
        self.bridge.call("ioc.setView", center[0], center[1], zoom)

    def set_typography(self, typography: Typography) -> None:
        """Labels and popups at body size at least; markers scale with the wall's factor."""
        super().set_typography(typography)
        if self.notice is not None:
            font = QFont()
            font.setPixelSize(typography.body)
            self.notice.setFont(font)
        if self.bridge is not None:
            self.bridge.call("ioc.setTypography", {"body": typography.body,
                                                   "title": typography.title,
                                                   "scale": round(typography.factor, 4)})


WIDGET = MapWidget
