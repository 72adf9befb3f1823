"""The ticker tile: headlines scrolling across a panel, smoothly.

Smooth means: the text is laid out once (``QStaticText``) when it changes, and each frame
(~30 per second) only moves it; the position follows elapsed time, not timer ticks, so a
late tick never makes the text jump back or crawl. Nothing is laid out or measured per frame.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QElapsedTimer, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QStaticText
from PySide6.QtWidgets import QWidget

from ioc_console.model.alert_feed_view import ICONS, order_key, parse_feed_value, severity_of
from ioc_console.model.tiles import TickerTile
from ioc_console.ui import palette
from ioc_console.ui.typography import Typography

from .alert_feed import severity_icon
from .base import TileWidget

FRAME_MS = 33
TEXT_SCALE = 1.3  # at least body x 1.2: a ticker is read in passing, from afar


def one_line(text: str) -> str:
    """Collapse newlines and runs of spaces: a ticker is a single line."""
    return " ".join(text.split())


def headline_of(item: Any, key: str, icon: Callable[[str], str] = ICONS.__getitem__) -> str:
    """The text of one item: a string, a dict's ``key``, an alert's headline (with its
    severity icon, so the scrolling line keeps the severity signal)."""
    if isinstance(item, str):
        return one_line(item)
    if isinstance(item, dict):
        value = item.get(key)
        return one_line(str(value)) if value not in (None, "") else ""
    if hasattr(item, "severity") and hasattr(item, "identifier"):
        text = getattr(item, key, None) or getattr(item, "headline", None) or \
            getattr(item, "event", None) or ""
        text = one_line(str(text))
        return f"{icon(severity_of(item))} {text}" if text else ""
    value = getattr(item, key, None)
    return one_line(str(value)) if value not in (None, "") else ""


def ticker_items(value: Any, key: str, icon: Callable[[str], str] = ICONS.__getitem__
                 ) -> list[str] | None:
    """The texts to scroll, or ``None`` when the value is unusable (keep the last ones)."""
    if isinstance(value, dict) and "alerts" in value or (
            isinstance(value, list) and value and all(
                hasattr(v, "severity") and hasattr(v, "identifier") for v in value)):
        parsed = parse_feed_value(value)
        if parsed is None:
            return None
        value = sorted(parsed[0], key=order_key)
    if not isinstance(value, list):
        return None
    return [text for text in (headline_of(item, key, icon) for item in value) if text]


class TickerWidget(TileWidget):
    """Scrolls ``text`` leftwards at ``options.speed_px_s``; ``offset`` is how far it went."""

    def __init__(self, tile: TickerTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        self.text = ""
        self.offset = 0.0
        self._static = QStaticText()
        self._static.setTextFormat(Qt.TextFormat.PlainText)
        self._static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
        self._loop_width = 0.0
        self._text_height = 0.0
        self._font = QFont()
        self._clock = QElapsedTimer()
        self._timer = QTimer(self, interval=FRAME_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._advance)
        self.set_typography(self.typography)

    # --- data -----------------------------------------------------------------------------
    def show_value(self, value: Any) -> None:
        items = ticker_items(value, self.tile.options.text_key,
                             lambda severity: severity_icon(severity, self._font))
        if items is None:
            return
        text = self.tile.options.separator.join(items)
        if text != self.text:
            self.text = text
            self._layout()

    def _layout(self) -> None:
        """Lay the text out once; frames only move it."""
        loop = self.text + self.tile.options.separator if self.text else ""
        self._static.setText(loop)
        self._static.prepare(font=self._font)
        metrics = QFontMetricsF(self._font)
        self._loop_width = metrics.horizontalAdvance(loop) if loop else 0.0
        self._text_height = metrics.height()
        if self._loop_width:
            self.offset %= self._loop_width
        self._run()
        self.update()

    # --- motion ---------------------------------------------------------------------------
    def _run(self) -> None:
        """Animate only when something can be seen moving: text, on screen, not frozen."""
        wanted = bool(self.text) and not self.frozen and self.is_showing()
        if wanted and not self._timer.isActive():
            self._clock.start()
            self._timer.start()
        elif not wanted and self._timer.isActive():
            self._timer.stop()

    def _advance(self) -> None:
        elapsed_s = self._clock.restart() / 1000
        if self.frozen or not self._loop_width:
            return
        elapsed_s = min(elapsed_s, 0.25)  # after a stall, resume instead of leaping
        self.offset = (self.offset + self.tile.options.speed_px_s * elapsed_s) \
            % self._loop_width
        self.update()

    def set_frozen(self, frozen: bool) -> None:
        super().set_frozen(frozen)
        self._run()

    def showing_changed(self) -> None:
        self._run()

    # --- drawing --------------------------------------------------------------------------
    def set_typography(self, typography: Typography) -> None:
        super().set_typography(typography)
        self._font = QFont()
        self._font.setPixelSize(round(typography.body * TEXT_SCALE))
        self._font.setWeight(QFont.Weight.DemiBold)
        self.setFont(self._font)
        self.setMinimumHeight(round(QFontMetricsF(self._font).height() + 8))
        self._layout()

    def font_pixel_size(self) -> int:
        return self._font.pixelSize()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if not self._loop_width:
            return
        painter = QPainter(self)
        painter.setFont(self._font)
        painter.setPen(QColor(palette.TEXT))
        y = (self.height() - self._text_height) / 2
        x = -self.offset
        while x < self.width():
            painter.drawStaticText(QPointF(x, y), self._static)
            x += self._loop_width
        painter.end()


WIDGET = TickerWidget
