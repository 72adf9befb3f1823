"""The gauge tile: shares of a target as bars with their numbers (disbursement, 766 index)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from ioc_console.model.kpi_logic import ThresholdLevel, threshold_color
from ioc_console.model.number_format import format_number
from ioc_console.model.tiles import GaugeTile
from ioc_console.ui import palette

from .base import TileWidget


@dataclass(frozen=True)
class GaugeItem:
    label: str
    value: float
    maximum: float


class GaugeWidget(TileWidget):
    def __init__(self, tile: GaugeTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        self.items: list[GaugeItem] = []

    def show_value(self, value: Any) -> None:
        items = self._items(value)
        if items:
            self.items = items
            self.update()

    def _items(self, value: Any) -> list[GaugeItem]:
        options = self.tile.options
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return [GaugeItem("", float(value), options.maximum)]
        if isinstance(value, list):
            items = []
            for entry in value:
                if not isinstance(entry, dict):
                    continue
                score = entry.get(options.value_key)
                top = entry.get(options.max_key) if options.max_key else options.maximum
                if isinstance(score, (int, float)) and isinstance(top, (int, float)) and top:
                    items.append(GaugeItem(str(entry.get(options.label_key, "")), float(score),
                                           float(top)))
            return items
        return []

    def texts(self) -> list[str]:
        """The numbers as written on the bars (what a reader sees)."""
        options = self.tile.options
        out = []
        for item in self.items:
            number = format_number(item.value, options.decimals, self.language)
            if item.label:
                top = format_number(item.maximum, 0, self.language)
                out.append(f"{number} / {top}")
            else:
                out.append(f"{number} {options.unit}".strip())
        return out

    def paintEvent(self, event) -> None:  # noqa: N802
        if not self.items:
            return
        t = self.typography
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        single = len(self.items) == 1 and not self.items[0].label
        rows = len(self.items)
        row_h = self.height() / rows
        label_font, number_font = QFont(), QFont()
        label_font.setPixelSize(t.body)
        number_font.setPixelSize(t.value if single else t.body)
        number_font.setWeight(QFont.Weight.Bold)
        levels = [ThresholdLevel(x.value, x.color) for x in self.tile.options.thresholds]
        for index, (item, text) in enumerate(zip(self.items, self.texts(), strict=True)):
            top = index * row_h
            share = max(0.0, min(1.0, item.value / item.maximum))
            if single:
                bar = QRectF(0, top + row_h * 0.55, self.width(), row_h * 0.3)
                text_rect = QRectF(0, top, self.width(), row_h * 0.5)
                align = Qt.AlignmentFlag.AlignCenter
            else:
                painter.setFont(label_font)
                painter.setPen(QColor(palette.TEXT))
                painter.drawText(QRectF(0, top, self.width(), row_h * 0.5),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                                 item.label)
                bar = QRectF(0, top + row_h * 0.55, self.width() * 0.72, row_h * 0.35)
                text_rect = QRectF(self.width() * 0.74, top + row_h * 0.45, self.width() * 0.26,
                                   row_h * 0.55)
                align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(palette.GRID_LINE))
            painter.drawRoundedRect(bar, 4, 4)
            fill = threshold_color(share * 100, levels, True) or palette.ACCENT
            painter.setBrush(QColor(fill))
            painter.drawRoundedRect(QRectF(bar.x(), bar.y(), bar.width() * share, bar.height()),
                                    4, 4)
            painter.setFont(number_font)
            painter.setPen(QColor(palette.TEXT))
            painter.drawText(text_rect, align, text)
        painter.end()


WIDGET = GaugeWidget
