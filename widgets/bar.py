"""The bar tile: a ranking (departments by overdue dossiers, communes by reports), top N.

Horizontal bars because the labels are long Vietnamese names ("Sở Tài nguyên và Môi
trường") that must stay readable; every value is written at its bar's end, so the length
only repeats what the number says. Drawn with QPainter: a handful of rectangles does not
need a plotting library.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from ioc_console.model.number_format import format_number
from ioc_console.model.ranking import top_n
from ioc_console.model.tile_values import as_number, decimals_for
from ioc_console.model.tiles import BarTile
from ioc_console.ui import palette

from .base import TileWidget

MAX_BAR_ROW = 2.4  # a row is at most 2.4 x the body text tall: few rows stay compact


class BarWidget(TileWidget):
    def __init__(self, tile: BarTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        self.rows: list[tuple[str, float]] = []
        self.has_data = False

    def show_value(self, value: Any) -> None:
        if not isinstance(value, list):
            return  # not a ranking: keep the last good bars; the frame's badge says why
        options = self.tile.options
        items = [v for v in value if isinstance(v, dict)]
        ranked = top_n(items, options.value_key, options.top_n, options.descending)
        self.rows = [(str(item.get(options.label_key, "") or ""),
                      as_number(item.get(options.value_key)) or 0.0) for item in ranked]
        self.has_data = True
        self.update()

    def value_texts(self) -> list[str]:
        """The numbers written at the bar ends (whole numbers without decimals)."""
        unit = self.tile.options.unit
        return [f"{format_number(v, decimals_for(v, None), self.language)} {unit}".strip()
                for _label, v in self.rows]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        t = self.typography
        painter = QPainter(self)
        font = QFont()
        font.setPixelSize(t.body)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        if not self.rows:
            if self.has_data:  # an empty ranking is news too: say so, do not go blank
                painter.setPen(QColor(palette.TEXT_DIM))
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "—")
            painter.end()
            return
        texts = self.value_texts()
        value_w = max(metrics.horizontalAdvance(s) for s in texts) + t.gutter
        widest_label = max(metrics.horizontalAdvance(label) for label, _v in self.rows)
        label_w = min(self.width() * 0.45, widest_label + t.gutter)
        bar_w = max(1.0, self.width() - label_w - value_w - t.gutter)
        row_h = min(self.height() / len(self.rows), t.body * MAX_BAR_ROW)
        highest = max(max(v for _label, v in self.rows), 0.0) or 1.0
        color = QColor(self.tile.options.color)
        for index, ((label, value), text) in enumerate(zip(self.rows, texts, strict=True)):
            top = index * row_h
            painter.setPen(QColor(palette.TEXT))
            elided = metrics.elidedText(label, Qt.TextElideMode.ElideRight,
                                        round(label_w - t.gutter))
            painter.drawText(QRectF(0, top, label_w - t.gutter, row_h),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, elided)
            length = bar_w * max(0.0, value) / highest
            painter.fillRect(QRectF(label_w, top + row_h * 0.2, length, row_h * 0.6), color)
            painter.setPen(QColor(palette.TEXT))
            painter.drawText(QRectF(label_w + length + t.gutter, top, value_w, row_h),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.end()


WIDGET = BarWidget
