"""One canvas (one OS screen) of the wall: tile frames at their cells.

Frames are created once per tile and reused: a scenario switch only moves them, so it
costs no rebuild and keeps each tile's data subscription alive.

A frame the current state does not show is *parked*: moved off the canvas, where Qt
paints nothing, rather than hidden. Hiding and showing two dozen frames sends show and
hide events down every widget inside them and lays them out again, which cost more than
the repaint itself; a parked frame stays laid out and returns with one move. Tiles whose
content must not run off the wall (a browser engine) are hidden instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QPoint, QRect, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QWidget

from ioc_console.model.geometry import CanvasGrid
from ioc_console.model.layout import Layout
from ioc_console.model.scenario import Placement
from ioc_console.model.wall import Canvas
from ioc_console.model.wall_state import WallState
from ioc_console.ui import palette
from ioc_console.ui.theme import set_colours
from ioc_console.ui.tile_frame import TileFrame
from ioc_console.ui.typography import Typography

FrameFactory = Callable[[str, QWidget], TileFrame]

# far outside any canvas, and inside the 16-bit range some window systems use
PARKED_AT = QPoint(-30_000, -30_000)


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
        self._on_wall: set[str] = set()
        self._paint_ahead_pending = False
        self._state = WallState()
        self._cells: dict[tuple[str, Placement], tuple[QRect, Typography]] = {}
        width, height = self.grid.size_px
        self.resize(round(width * scale), round(height * scale))

    def set_scale(self, scale: float) -> None:
        self.scale = scale
        self._cells.clear()
        width, height = self.grid.size_px
        self.resize(round(width * scale), round(height * scale))
        self.show_state(self._state, force=True)

    def show_state(self, state: WallState, force: bool = False) -> None:
        """Place the frames of ``state`` that fall on this canvas; park the rest."""
        self._state = state
        placed: set[str] = set()
        for frame, rect in self._place(state, force):
            frame.setGeometry(rect)
            if frame.isHidden():
                frame.show()
            frame.content.set_on_wall(True)
            placed.add(frame.tile_id)
        leaving = self._on_wall - placed
        self._let_go_of_focus([self.frames[tile_id] for tile_id in leaving])
        for tile_id in leaving:
            self._park(self.frames[tile_id])
        self._on_wall = placed

    def _let_go_of_focus(self, frames: list[TileFrame]) -> None:
        """Keys typed into a tile that is parked would go where nobody sees them (Qt moves
        the focus away from hidden widgets, not from parked ones)."""
        focused = self.window().focusWidget()
        if focused is not None and any(frame.isAncestorOf(focused) for frame in frames):
            focused.clearFocus()

    def prepare(self, state: WallState) -> None:
        """Build, style and lay out the frames ``state`` would show, and park them, so that
        switching to it later only moves widgets that already exist."""
        for frame, rect in self._place(state, force=False, move_on_wall=False):
            frame.resize(rect.size())
            self._park(frame)
            frame.ensurePolished()
            if frame.layout() is not None:
                frame.layout().activate()
        if not self._paint_ahead_pending:
            # once the frames' own deferred layout has run (posted events come before timers)
            self._paint_ahead_pending = True
            QTimer.singleShot(0, self, self.paint_parked_frames)

    def paint_parked_frames(self) -> None:
        """Paint every parked frame once, unseen: a chart works out its axes' ticks and text
        on its first paint (~3 ms each), which would otherwise all land in the first switch
        to its scenario, the one an emergency makes."""
        self._paint_ahead_pending = False
        for tile_id, frame in self.frames.items():
            if tile_id not in self._on_wall and frame.content.parks_off_canvas:
                frame.render(QPixmap(frame.size()))

    def _park(self, frame: TileFrame) -> None:
        frame.content.set_on_wall(False)
        if frame.content.parks_off_canvas:
            frame.move(PARKED_AT)
            if frame.isHidden():
                frame.show()
        else:
            frame.hide()

    def _place(self, state: WallState, force: bool, move_on_wall: bool = True
               ) -> Iterator[tuple[TileFrame, QRect]]:
        """The frames of ``state`` on this canvas (created if new, with the type sizes of
        their panel) and where each belongs."""
        for panel_id in self.canvas.panels:
            for placement in state.placements.get(panel_id, ()):
                frame = self.frames.get(placement.tile)
                if frame is None:
                    frame = self._make_frame(placement.tile, self)
                    frame.hide()
                    frame.content.set_on_wall(False)
                    self.frames[placement.tile] = frame
                    force_frame = True
                elif not move_on_wall and placement.tile in self._on_wall:
                    continue  # on the wall now: preparing must not move it
                else:
                    force_frame = force
                rect, typography = self._cell(panel_id, placement)
                if force_frame or frame.property("typographyFactor") != typography.factor:
                    frame.set_typography(typography)
                    frame.setProperty("typographyFactor", typography.factor)
                yield frame, rect

    def _cell(self, panel_id: str, placement: Placement) -> tuple[QRect, Typography]:
        """Where a placement sits on this canvas, and its type sizes (cached: a switch
        places two dozen tiles and the arithmetic is the same every time)."""
        key = (panel_id, placement)
        cell = self._cells.get(key)
        if cell is None:
            panel = self.layout_model.wall.panel(panel_id)
            typography = Typography.for_panel(panel, self.scale)
            rect = self.grid.tile_rect(panel_id, placement).scaled(self.scale)
            rect = rect.inset(typography.gutter // 2)
            cell = self._cells[key] = (QRect(rect.x, rect.y, rect.width, rect.height),
                                       typography)
        return cell

    def visible_frames(self) -> dict[str, TileFrame]:
        """The frames on the wall now (not parked, not hidden)."""
        return {tile_id: frame for tile_id, frame in self.frames.items()
                if tile_id in self._on_wall}
