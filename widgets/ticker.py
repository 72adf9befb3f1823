"""The ticker tile: headlines scrolling across the bottom of a panel."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from ioc_console.model.alert_feed_view import alerts_in
from ioc_console.model.tiles import TickerTile
from ioc_console.ui import palette
from ioc_console.ui.typography import Typography

from .base import TileWidget


def headline_of(item: Any, key: str) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        return str(item.get(key) or "")
    return str(getattr(item, key, None) or getattr(item, "headline", None) or "")


class TickerWidget(TileWidget):
    def __init__(self, tile: TickerTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        self.text = ""
        self.offset = 0.0
        self._font = QFont()
        self._clock = QElapsedTimer()
        self._clock.start()
        self._timer = QTimer(self, interval=33)
        self._timer.timeout.connect(self._advance)
        self._timer.start()

    def show_value(self, value: Any) -> None:
        items = alerts_in(value) if isinstance(value, dict) or (
            isinstance(value, list) and value and hasattr(value[0], "severity")) else value
        if not isinstance(items, list):
            return
        parts = [headline_of(i, self.tile.options.text_key) for i in items]
        text = self.tile.options.separator.join(p for p in parts if p)
        if text and text != self.text:
            self.text = text
            self.update()

    def _advance(self) -> None:
        elapsed = self._clock.restart() / 1000
        if self.frozen or not self.text:
            return
        width = self.fontMetrics().horizontalAdvance(self.text + self.tile.options.separator)
        self.offset = (self.offset + self.tile.options.speed_px_s * elapsed) % max(width, 1)
        self.update()

    def set_typography(self, typography: Typography) -> None:
        super().set_typography(typography)
        self._font.setPixelSize(round(typography.body * 1.3))
        self._font.setWeight(QFont.Weight.DemiBold)
        self.setFont(self._font)

    def paintEvent(self, event) -> None:  # noqa: N802
        if not self.text:
            return
        painter = QPainter(self)
        painter.setFont(self._font)
        painter.setPen(QColor(palette.TEXT))
        loop = self.text + self.tile.options.separator
        width = painter.fontMetrics().horizontalAdvance(loop)
        x = -self.offset
        while x < self.width():
            painter.drawText(round(x), 0, width, self.height(),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, loop)
            x += width
        painter.end()


WIDGET = TickerWidget
