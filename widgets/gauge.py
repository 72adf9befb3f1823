"""The gauge tile: shares of a maximum as horizontal bars with their numbers written.

One number (disbursed 49,3 %) draws one big bar; a list of items (the five Decision 766
components) draws one labelled bar per item with "score / max". The number is always
written: the bar's length and colour only repeat it. Thresholds are in percent of the
maximum (of each item's maximum in list mode), higher is better.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from ioc_console.model.kpi_logic import ThresholdLevel, judge, threshold_color
from ioc_console.model.number_format import format_number
from ioc_console.model.tile_values import as_number, decimals_for
from ioc_console.model.tiles import GaugeTile
from ioc_console.ui import palette

from .base import TileWidget


@dataclass(frozen=True)
class GaugeItem:
    label: str
    value: float
    maximum: float

    @property
    def share(self) -> float:
        """How full the bar is, 0..1 (a score above its maximum fills it, no more)."""
        return max(0.0, min(1.0, self.value / self.maximum))


class GaugeWidget(TileWidget):
    def __init__(self, tile: GaugeTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        self.items: list[GaugeItem] = []
        self.levels = [ThresholdLevel(t.value, t.color) for t in tile.options.thresholds]

    def show_value(self, value: Any) -> None:
        items = self._items(value)
        if items:  # anything else keeps the last good bars; the frame's badge says why
            self.items = items
            self.update()

    def _items(self, value: Any) -> list[GaugeItem]:
        options = self.tile.options
        number = as_number(value)
        if number is not None:
            return [GaugeItem("", number, options.maximum)]
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            return []
        items = []
        for entry in value:
            if not isinstance(entry, dict):
                continue
            score = as_number(entry.get(options.value_key))
            top = as_number(entry.get(options.max_key)) if options.max_key else None
            top = top if top is not None else options.maximum
            if score is not None and top > 0:
                items.append(GaugeItem(str(entry.get(options.label_key, "") or ""), score, top))
        return items

    @property
    def single(self) -> bool:
        return len(self.items) == 1 and not self.items[0].label

    def texts(self) -> list[str]:
        """The numbers as written on the bars (what a reader sees)."""
        options = self.tile.options
        out = []
        for item in self.items:
            number = format_number(item.value, options.decimals, self.language)
            if self.single:
                out.append(f"{number} {options.unit}".strip())
            else:
                top = format_number(item.maximum, decimals_for(item.maximum, None,
                                                               options.decimals), self.language)
                out.append(f"{number} / {top}")
        return out

    def fill_color(self, item: GaugeItem) -> str:
        verdict = judge(item.share * 100, self.levels, higher_is_better=True)
        return threshold_color(verdict, palette.DANGER) or palette.ACCENT

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if not self.items:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.single:
            self._paint_single(painter, self.items[0], self.texts()[0])
        else:
            self._paint_list(painter)
        painter.end()

    def _bar(self, painter: QPainter, rect: QRectF, item: GaugeItem) -> None:
        radius = min(6.0, rect.height() / 3)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(palette.GRID_LINE))
        painter.drawRoundedRect(rect, radius, radius)
        painter.setBrush(QColor(self.fill_color(item)))
        filled = QRectF(rect.x(), rect.y(), rect.width() * item.share, rect.height())
        painter.drawRoundedRect(filled, radius, radius)
        painter.setPen(QPen(QColor(palette.TEXT_DIM), 2))
        for level in self.levels:  # threshold marks, so the distance to them shows
            x = rect.x() + rect.width() * max(0.0, min(1.0, level.value / 100))
            painter.drawLine(round(x), round(rect.top() - 4), round(x), round(rect.bottom() + 4))

    def _paint_single(self, painter: QPainter, item: GaugeItem, text: str) -> None:
        t = self.typography
        font = QFont()
        font.setPixelSize(t.value)
        font.setWeight(QFont.Weight.Bold)
        painter.setFont(font)
        painter.setPen(QColor(palette.TEXT))
        text_h = QFontMetrics(font).height()
        bar_h = max(t.px(18), min(t.px(40), self.height() * 0.25))
        top = max(0.0, (self.height() - text_h - bar_h - t.gutter) / 2)
        painter.drawText(QRectF(0, top, self.width(), text_h), Qt.AlignmentFlag.AlignCenter,
                         text)
        self._bar(painter, QRectF(2, top + text_h + t.gutter, self.width() - 4, bar_h), item)

    def _paint_list(self, painter: QPainter) -> None:
        """Label above the bar when a row has room for both, beside it when it has not."""
        t = self.typography
        label_font, number_font = QFont(), QFont()
        label_font.setPixelSize(t.body)
        number_font.setPixelSize(t.body)
        number_font.setWeight(QFont.Weight.Bold)
        texts = self.texts()
        number_w = max(QFontMetrics(number_font).horizontalAdvance(s) for s in texts) + t.gutter
        row_h = self.height() / len(self.items)
        line_h = QFontMetrics(label_font).height()
        stacked = row_h >= line_h * 2.1
        label_w = 0.0 if stacked else self.width() * 0.38
        for index, (item, text) in enumerate(zip(self.items, texts, strict=True)):
            top = index * row_h
            painter.setFont(label_font)
            painter.setPen(QColor(palette.TEXT))
            if stacked:
                label_rect = QRectF(0, top, self.width() - number_w, line_h)
                bar_top = top + line_h + t.px(4)
                bar_h = min(row_h - line_h - t.px(10), t.px(26))
            else:
                label_rect = QRectF(0, top, label_w - t.gutter, row_h)
                bar_h = min(row_h * 0.6, t.px(26))
                bar_top = top + (row_h - bar_h) / 2
            elided = QFontMetrics(label_font).elidedText(
                item.label, Qt.TextElideMode.ElideRight, round(label_rect.width()))
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             elided)
            bar = QRectF(label_w, bar_top, self.width() - label_w - number_w, max(4.0, bar_h))
            self._bar(painter, bar, item)
            painter.setFont(number_font)
            painter.setPen(QColor(palette.TEXT))
            painter.drawText(QRectF(bar.right(), bar.center().y() - line_h, number_w, 2 * line_h),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)


WIDGET = GaugeWidget
