"""Build the map page once with folium, Leaflet served from local files, no network at all."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import folium

from ioc_console.model.tiles import MapOptions


def leaflet_dir() -> Path:
    override = os.environ.get("IOC_LEAFLET_DIR")
    if override:
        return Path(override)
    return Path(str(resources.files("ioc_console.resources") / "map" / "leaflet"))


def leaflet_available() -> bool:
    folder = leaflet_dir()
    return (folder / "leaflet.js").is_file() and (folder / "leaflet.css").is_file()


def _own(name: str) -> str:
    return (resources.files("ioc_console.resources") / "map" / name).read_text("utf-8")


def build_page(options: MapOptions) -> str:
    """The HTML of the map: our script and style inline, Leaflet from the base URL folder."""
    figure = folium.Map(location=list(options.center), zoom_start=options.zoom, tiles=None,
                        zoom_control=False, attribution_control=False, prefer_canvas=True,
                        zoom_snap=0.25)
    figure._id = "main"  # a stable JS name: map_main
    figure.default_js = [("leaflet", "leaflet.js")]
    figure.default_css = [("leaflet_css", "leaflet.css")]
    if options.tile_url:
        folium.TileLayer(options.tile_url, attr=" ", name="base").add_to(figure)
    root = figure.get_root()
    root.header.add_child(folium.Element(f"<style>{_own('ioc_map.css')}</style>"))
    # our script only defines window.ioc; it finds map_main when first used
    root.header.add_child(folium.Element(f"<script>{_own('ioc_map.js')}</script>"))
    return root.render()
