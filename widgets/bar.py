"""The bar tile: a ranking (departments by overdue dossiers, communes by reports), top N."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from ioc_console.model.kpi_logic import top_n
from ioc_console.model.number_format import format_number
from ioc_console.model.tiles import BarTile
from ioc_console.ui import palette

from .base import TileWidget


class BarWidget(TileWidget):
    def __init__(self, tile: BarTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        self.rows: list[tuple[str, float]] = []

    def show_value(self, value: Any) -> None:
        if not isinstance(value, list):
            return
        options = self.tile.options
        items = [v for v in value if isinstance(v, dict)]
        ranked = top_n(items, options.value_key, options.top_n, options.descending)
        rows = [(str(i.get(options.label_key, "")), float(i[options.value_key])) for i in ranked
                if isinstance(i.get(options.value_key), (int, float))]
        if rows:
            self.rows = rows
            self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        if not self.rows:
            return
        t = self.typography
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont()
        font.setPixelSize(t.body)
        painter.setFont(font)
        row_h = self.height() / max(len(self.rows), 1)
        label_w = self.width() * 0.42
        bar_w = self.width() - label_w - t.px(90)
        highest = max(v for _, v in self.rows) or 1.0
        for index, (label, value) in enumerate(self.rows):
            top = index * row_h
            painter.setPen(QColor(palette.TEXT))
            metrics = painter.fontMetrics()
            elided = metrics.elidedText(label, Qt.TextElideMode.ElideRight, round(label_w) - 8)
            painter.drawText(QRectF(0, top, label_w - 8, row_h),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, elided)
            length = bar_w * max(0.0, value) / highest
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.tile.options.color))
            painter.drawRoundedRect(QRectF(label_w, top + row_h * 0.18, length, row_h * 0.64),
                                    3, 3)
            painter.setPen(QColor(palette.TEXT))
            text = f"{format_number(value, 0, self.language)} {self.tile.options.unit}".strip()
            painter.drawText(QRectF(label_w + length + 6, top, t.px(200), row_h),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.end()


WIDGET = BarWidget
