"""A one-line label that draws its text once per change and copies it at every paint.

For text too big for Qt's glyph cache: KPI values, the clock. The raster engine caches
glyphs only up to 64 px; bigger text, which is what a wall reads from the back of the room,
is filled as outlines at every paint: ~0.35 ms for a clock's time on a 1080p panel, and a
scenario switch repaints every one of them at once. Copying a picture of the text's own box
costs a third of that.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QLabel


class PictureLabel(QLabel):
    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self._picture: QPixmap | None = None
        self._at = QPoint()
        self._drawn_for: tuple | None = None
        self.pictures_drawn = 0

    def paintEvent(self, event: Any) -> None:  # noqa: N802
        ratio = self.devicePixelRatioF()
        wanted = (self.text(), self.font().key(), self.styleSheet(),
                  self.palette().color(self.foregroundRole()).rgba(), self.size().toTuple(),
                  ratio, int(self.alignment()), self.isEnabled())
        if wanted != self._drawn_for or self._picture is None:
            self._draw_picture(ratio)
            self._drawn_for = wanted
        QPainter(self).drawPixmap(self._at, self._picture)

    def _draw_picture(self, ratio: float) -> None:
        """Only the text's own box, with room for glyphs that reach outside it: copying
        the picture is then as cheap as it can be."""
        alignment = int(self.alignment())
        box = self.fontMetrics().boundingRect(self.contentsRect(), alignment, self.text())
        pad = self.fontMetrics().height() // 4
        box = box.adjusted(-pad, -pad, pad, pad).intersected(self.rect())
        picture = QPixmap(box.size() * ratio)
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(picture)
        painter.setFont(self.font())
        painter.translate(-box.topLeft())
        self.style().drawItemText(painter, self.contentsRect(), alignment, self.palette(),
                                  self.isEnabled(), self.text(), self.foregroundRole())
        painter.end()
        self._picture, self._at = picture, box.topLeft()
        self.pictures_drawn += 1
