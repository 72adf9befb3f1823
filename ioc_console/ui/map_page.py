"""Build the map page once with folium: Leaflet from local files, no network at all.

The page holds no data: it is the map, our stylesheet and our small script
(``resources/map/ioc_map.js``, ``window.ioc``); every feature arrives later through
``runJavaScript`` (see :mod:`ioc_console.ui.map_bridge`). So the page is a few KB, renders in
milliseconds, and never needs rebuilding when data changes.

Leaflet itself is third-party code fetched at install time by ``tools/fetch_map_assets.sh``
into ``resources/map/leaflet/`` (or wherever ``IOC_LEAFLET_DIR`` points); it is never committed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from importlib import resources
from pathlib import Path
from typing import Any

import folium
from PySide6.QtCore import QUrl

from ioc_console.model.map_features import Colors
from ioc_console.model.tiles import MapOptions
from ioc_console.ui import palette

SET_HTML_LIMIT = 1_500_000
"""``setHtml`` silently fails above 2 MB (TECH.md pitfall 9); above this we load a file."""

COLORS = Colors(alarm=palette.ALARM, severity=palette.SEVERITY, online=palette.GOOD,
                offline=palette.TEXT_DIM, warning=palette.WARNING)
"""The palette as the pure feature code needs it."""


def leaflet_dir() -> Path:
    """Where leaflet.js, leaflet.css and images/ are: ``IOC_LEAFLET_DIR`` or the resources."""
    override = os.environ.get("IOC_LEAFLET_DIR")
    if override:
        return Path(override).expanduser().resolve()
    return Path(str(resources.files("ioc_console.resources") / "map" / "leaflet"))


def leaflet_available() -> bool:
    folder = leaflet_dir()
    return (folder / "leaflet.js").is_file() and (folder / "leaflet.css").is_file()


def _own(name: str) -> str:
    return (resources.files("ioc_console.resources") / "map" / name).read_text("utf-8")


def _palette_css() -> str:
    return (f":root {{ --ioc-bg: {palette.BACKGROUND}; --ioc-tile: {palette.TILE}; "
            f"--ioc-text: {palette.TEXT}; --ioc-dim: {palette.TEXT_DIM}; "
            f"--ioc-line: {palette.GRID_LINE}; }}")


def build_page(options: MapOptions) -> str:
    """The HTML of the map: our script and style inline, Leaflet relative to the base URL.

    ``tiles=None`` and the per-instance ``default_js``/``default_css`` drop every CDN link
    folium would add (a CDN link gives a blank page that still reports a successful load).
    Without ``tile_url`` there is no base layer at all: a dark background with the province
    outline (a layer of kind ``outline``) on top.
    """
    figure = folium.Map(location=list(options.center), zoom_start=options.zoom, tiles=None,
                        zoom_control=False, attribution_control=False, prefer_canvas=False,
                        zoom_snap=0.25, zoom_delta=0.5, world_copy_jump=False)
    figure._id = "main"  # a stable JS name: map_main
    figure.default_js = [("leaflet", "leaflet.js")]
    figure.default_css = [("leaflet_css", "leaflet.css")]
    if options.tile_url:
        # folium writes the URL with |tojson, so even a strange URL stays a string
        folium.TileLayer(options.tile_url, attr=" ", name="base", max_zoom=19).add_to(figure)
    root = figure.get_root()
    root.header.add_child(folium.Element(
        f"<style>{_palette_css()}\n{_own('ioc_map.css')}</style>"), name="ioc_style")
    # our script only defines window.ioc; it finds map_main when it is first used
    root.header.add_child(folium.Element(f"<script>{_own('ioc_map.js')}</script>"),
                          name="ioc_script")
    return root.render()


def base_url(folder: Path) -> QUrl:
    """The folder URL relative links resolve against; the trailing slash matters."""
    return QUrl.fromLocalFile(str(folder) + "/")


def show_html(view: Any, html: str, folder: Path) -> Path | None:
    """Load ``html`` into ``view`` with ``folder`` as its base; returns a temp file if it used one.

    Small pages go through ``setHtml``. Above :data:`SET_HTML_LIMIT` the page is written to a
    temporary folder with a ``<base>`` pointing at ``folder`` and loaded from there (``setHtml``
    fails above 2 MB). The folder is removed when ``view`` is garbage-collected.
    """
    if len(html.encode("utf-8")) <= SET_HTML_LIMIT:
        view.setHtml(html, base_url(folder))
        return None
    where = Path(tempfile.mkdtemp(prefix="ioc-map-"))
    weakref.finalize(view, shutil.rmtree, where, True)
    page = where / "map.html"
    tag = f'<base href="{base_url(folder).toString()}">'
    page.write_text(html.replace("<head>", f"<head>\n{tag}", 1), encoding="utf-8")
    view.load(QUrl.fromLocalFile(str(page)))
    return page
