"""One canvas (one OS screen) of the wall: tile frames at their cells.

Frames are created once per tile and reused: a scenario switch only moves, shows and
hides them, so it costs no rebuild and keeps each tile's data subscription alive.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ioc_console.model.geometry import CanvasGrid
from ioc_console.model.layout import Layout
from ioc_console.model.wall import Canvas
from ioc_console.model.wall_state import WallState
from ioc_console.ui import palette
from ioc_console.ui.theme import set_colours
from ioc_console.ui.tile_frame import TileFrame
from ioc_console.ui.typography import Typography

FrameFactory = Callable[[str, QWidget], TileFrame]


class CanvasView(QWidget):
    def __init__(self, layout: Layout, canvas: Canvas, make_frame: FrameFactory,
                 scale: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="WallBackground")
        set_colours(self, background=palette.BACKGROUND)
        self.layout_model = layout
        self.canvas = canvas
        self.grid = CanvasGrid(layout.wall, canvas)
        self.scale = scale
        self._make_frame = make_frame
        self.frames: dict[str, TileFrame] = {}
        self._state = WallState()
        width, height = self.grid.size_px
        self.resize(round(width * scale), round(height * scale))

    def set_scale(self, scale: float) -> None:
        self.scale = scale
        width, height = self.grid.size_px
        self.resize(round(width * scale), round(height * scale))
        self.show_state(self._state, force=True)

    def show_state(self, state: WallState, force: bool = False) -> None:
        """Place the frames of ``state`` that fall on this canvas; hide the rest."""
        self._state = state
        visible: set[str] = set()
        for frame in self._place(state, force):
            frame.show()
            visible.add(frame.tile_id)
        for tile_id, frame in self.frames.items():
            if tile_id not in visible:
                frame.hide()

    def prepare(self, state: WallState) -> None:
        """Build, style and lay out, hidden, the frames ``state`` would show, so switching to
        it later only moves and shows widgets that already exist."""
        for frame in self._place(state, force=False, move_visible=False):
            frame.ensurePolished()
            if frame.layout() is not None:
                frame.layout().activate()

    def _place(self, state: WallState, force: bool, move_visible: bool = True):
        for panel_id in self.canvas.panels:
            panel = self.layout_model.wall.panel(panel_id)
            typography = Typography.for_panel(panel, self.scale)
            for placement in state.placements.get(panel_id, ()):
                frame = self.frames.get(placement.tile)
                if frame is None:
                    frame = self._make_frame(placement.tile, self)
                    frame.hide()
                    self.frames[placement.tile] = frame
                    force_frame = True
                elif not move_visible and not frame.isHidden():
                    continue  # on screen now: preparing must not move it
                else:
                    force_frame = force
                rect = self.grid.tile_rect(panel_id, placement).scaled(self.scale)
                rect = rect.inset(typography.gutter // 2)
                if force_frame or frame.property("typographyFactor") != typography.factor:
                    frame.set_typography(typography)
                    frame.setProperty("typographyFactor", typography.factor)
                frame.setGeometry(rect.x, rect.y, rect.width, rect.height)
                yield frame

    def visible_frames(self) -> dict[str, TileFrame]:
        return {tid: f for tid, f in self.frames.items() if not f.isHidden()}
