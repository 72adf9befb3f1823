"""The whole wall as the views see it: one CanvasView per canvas, one wall state.

Holds no business rules: the model computes the next ``WallState``; this applies it to
every canvas inside one event-loop turn, before anything paints, so no panel ever shows
half of one scenario and half of another.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ioc_console.model.layout import Layout
from ioc_console.model.wall_state import WallState, apply_scenario, initial_state
from ioc_console.ui.canvas_view import CanvasView
from ioc_console.ui.tile_frame import TileFrame
from ioc_console.widgets import widget_class

FrameHook = Callable[[TileFrame], None]


class WallView(QObject):
    state_changed = Signal()

    def __init__(self, layout: Layout, language: str, scenario: str | None = None,
                 on_frame_created: FrameHook | None = None) -> None:
        super().__init__()
        self.layout = layout
        self.language = language
        self.state = initial_state(layout, scenario)
        self.canvases: dict[str, CanvasView] = {}
        self._on_frame_created = on_frame_created

    def make_frame(self, tile_id: str, parent: QWidget) -> TileFrame:
        tile = self.layout.tile(tile_id)
        content = widget_class(tile.type)(tile, self.language)
        frame = TileFrame(content, self.language, parent)
        if self._on_frame_created is not None:
            self._on_frame_created(frame)
        return frame

    def build_canvases(self, scale: float = 1.0, prepare: bool = True
                       ) -> dict[str, CanvasView]:
        self.canvases = {
            canvas.id: CanvasView(self.layout, canvas, self.make_frame, scale)
            for canvas in self.layout.wall.effective_canvases()
        }
        self._show(self.state)
        if prepare:
            self.prepare_scenarios()
        return self.canvases

    def prepare_scenarios(self) -> None:
        """Build the tiles of every scenario ahead of time (hidden): the first switch to a
        scenario then costs what any later one does, with no widget created mid-switch."""
        ahead = {t.id for t in self.layout.tiles if widget_class(t.type).build_ahead}
        for scenario in self.layout.scenarios:
            upcoming = apply_scenario(self.layout, self.state, scenario.id)
            light = WallState(
                placements={pid: tuple(p for p in items if p.tile in ahead)
                            for pid, items in upcoming.placements.items()},
                scenario_of_panel=upcoming.scenario_of_panel)
            for view in self.canvases.values():
                view.prepare(light)

    def switch(self, scenario_id: str) -> None:
        self._show(apply_scenario(self.layout, self.state, scenario_id))

    def show(self, state: WallState) -> None:
        """Show a state computed elsewhere (the scenario engine), on every canvas at once."""
        self._show(state)

    def _show(self, state: WallState) -> None:
        self.state = state
        # Qt paints only when control returns to the event loop, so every canvas changes
        # before any of them paints. (Holding updates back with setUpdatesEnabled would
        # add nothing but a second full paint of each canvas when they are re-enabled.)
        for view in self.canvases.values():
            view.show_state(state)
        self._tell_tiles_their_scenario(state)
        self.state_changed.emit()

    def _tell_tiles_their_scenario(self, state: WallState) -> None:
        """Tiles with a view per scenario (maps) follow the scenario of their panel."""
        for view in self.canvases.values():
            for panel_id in view.canvas.panels:
                scenario_id = state.scenario_of_panel.get(panel_id)
                for placement in state.placements.get(panel_id, ()):
                    frame = view.frames.get(placement.tile)
                    setter = getattr(frame.content, "set_scenario", None) if frame else None
                    if setter is not None and scenario_id is not None:
                        setter(scenario_id)

    @property
    def current_scenarios(self) -> list[str]:
        return list(dict.fromkeys(self.state.scenario_of_panel.values()))
