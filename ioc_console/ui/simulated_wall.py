"""The whole wall scaled into one ordinary window, bezels drawn: a wall on a laptop."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from ioc_console.i18n import _
from ioc_console.model.common import localize
from ioc_console.model.geometry import Rect, wall_pixel_rects
from ioc_console.ui.canvas_view import CanvasView
from ioc_console.ui.wall_view import WallView

BEZEL_COLOUR = QColor("#000000")
PANEL_EDGE = QColor("#2a2f36")


class SimulatedWall(QWidget):
    def __init__(self, wall_view: WallView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wall_view = wall_view
        layout = wall_view.layout
        self.setWindowTitle(f"{_('Simulated wall')} — {localize(layout.name, wall_view.language)}")
        self.wall_size, self.panel_rects = wall_pixel_rects(layout.wall)
        self.scale = 1.0
        self.canvases = wall_view.build_canvases(scale=0.25)
        for view in self.canvases.values():
            view.setParent(self)
        width, height = self.wall_size
        self.resize(min(1600, width // 2), min(900, height // 2))

    def _canvas_box(self, view: CanvasView) -> Rect:
        rects = [self.panel_rects[pid] for pid in view.canvas.panels]
        x, y = min(r.x for r in rects), min(r.y for r in rects)
        return Rect(x, y, max(r.right for r in rects) - x, max(r.bottom for r in rects) - y)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt naming)
        width, height = self.wall_size
        self.scale = min(self.width() / width, self.height() / height)
        offset_x = (self.width() - width * self.scale) / 2
        offset_y = (self.height() - height * self.scale) / 2
        self._offset = (offset_x, offset_y)
        for view in self.canvases.values():
            view.set_scale(self.scale)
            box = self._canvas_box(view).scaled(self.scale)
            x = offset_x + box.x + (box.width - view.width()) / 2
            y = offset_y + box.y + (box.height - view.height()) / 2
            view.move(round(x), round(y))
            view.show()
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), BEZEL_COLOUR)
        offset_x, offset_y = getattr(self, "_offset", (0, 0))
        painter.setPen(PANEL_EDGE)
        for rect in self.panel_rects.values():
            r = rect.scaled(self.scale)
            painter.drawRect(QRect(round(offset_x + r.x) - 1, round(offset_y + r.y) - 1,
                                   r.width + 1, r.height + 1))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.end()
