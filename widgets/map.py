"""The map tile: the province with its gauges, cameras, shelters, reports and alert areas.

The page is built once; afterwards every data change goes in as one batched JavaScript
call carrying only what changed, so the map never reloads (and never flickers) on the wall.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ioc_console.i18n import _
from ioc_console.model.map_features import Feature, diff, features_for, js_call
from ioc_console.model.tiles import MapTile
from ioc_console.ui.map_page import build_page, leaflet_available, leaflet_dir
from ioc_console.ui.typography import Typography

from .base import TileWidget

log = logging.getLogger(__name__)


class MapWidget(TileWidget):
    def __init__(self, tile: MapTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        self.layers = {layer.source: layer for layer in tile.options.layers}
        self.drawn: dict[str, dict[str, Feature]] = {}
        self.queue: list[str] = []
        self.loaded = False
        self.load_count = 0
        self.scenario: str | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        if not leaflet_available():
            self.view = None
            message = QLabel(_("Map assets missing: run tools/fetch_map_assets.sh"))
            message.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(message)
            return
        from PySide6.QtWebEngineWidgets import QWebEngineView

        self.view = QWebEngineView(self)
        self.view.page().setBackgroundColor(Qt.GlobalColor.black)
        self.view.loadFinished.connect(self._load_finished)
        box.addWidget(self.view)
        self.view.setHtml(build_page(tile.options),
                          QUrl.fromLocalFile(str(leaflet_dir()) + "/"))

    def _load_finished(self, ok: bool) -> None:
        self.load_count += 1
        self.loaded = ok
        if not ok:
            log.error("map page of tile %s failed to load", self.tile.id)
            return
        queued, self.queue = self.queue, []
        for script in queued:
            self.view.page().runJavaScript(script)
        if self.scenario is not None:
            self.set_scenario(self.scenario)

    def run(self, script: str) -> None:
        if self.view is None:
            return
        if self.loaded:
            self.view.page().runJavaScript(script)
        else:
            self.queue.append(script)

    def receive(self, source_id: str, value: Any) -> None:
        layer = self.layers.get(source_id)
        if layer is None:
            return
        features = features_for(layer.kind, value, layer.color)
        change = diff(self.drawn.get(source_id, {}), features)
        if change.empty:
            return
        self.drawn[source_id] = features
        self.run(js_call("ioc.apply", [{"layer": source_id, "upsert": change.upsert,
                                        "remove": change.remove}]))

    def set_scenario(self, scenario_id: str) -> None:
        self.scenario = scenario_id
        view = self.tile.options.views.get(scenario_id)
        options = self.tile.options
        if view is not None and view.fit_layer:
            self.run(js_call("ioc.fit", view.fit_layer))
            return
        center = view.center if view is not None and view.center else options.center
        zoom = view.zoom if view is not None and view.zoom else options.zoom
        self.run(js_call("ioc.setView", center[0], center[1], zoom))

    def set_typography(self, typography: Typography) -> None:
        super().set_typography(typography)
        self.run(js_call("ioc.setFont", typography.body))


WIDGET = MapWidget
