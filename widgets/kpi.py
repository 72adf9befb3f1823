"""The KPI tile: one big number, its unit, its change (arrow and sign) and a sparkline."""

from __future__ import annotations

from collections import deque
from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ioc_console.i18n import _
from ioc_console.model.common import localize
from ioc_console.model.kpi_logic import ThresholdLevel, change, change_is_good, threshold_color
from ioc_console.model.number_format import format_change, format_number
from ioc_console.model.tiles import KpiTile
from ioc_console.ui import palette
from ioc_console.ui.typography import Typography

from .base import TileWidget


class Sparkline(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: list[float] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_values(self, values: list[float]) -> None:
        self.values = values
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        if len(self.values) < 2:
            return
        low, high = min(self.values), max(self.values)
        span = (high - low) or 1.0
        w, h = self.width() - 4, self.height() - 4
        points = [QPointF(2 + i * w / (len(self.values) - 1), 2 + h - (v - low) / span * h)
                  for i, v in enumerate(self.values)]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(palette.ACCENT), 2))
        painter.drawPolyline(QPolygonF(points))
        painter.end()


class KpiWidget(TileWidget):
    def __init__(self, tile: KpiTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        options = tile.options
        self.value_label = QLabel("—", objectName="KpiValue")
        self.unit_label = QLabel(localize(options.unit, language), objectName="KpiUnit")
        self.change_label = QLabel("", objectName="KpiChange")
        self.caption_label = QLabel(localize(options.caption, language), objectName="KpiCaption")
        self.caption_label.setVisible(bool(self.caption_label.text()))
        self.sparkline = Sparkline()
        self.sparkline.setVisible(options.sparkline)
        value_row = QHBoxLayout()
        value_row.addStretch(1)
        value_row.addWidget(self.value_label, 0, Qt.AlignmentFlag.AlignBottom)
        value_row.addWidget(self.unit_label, 0, Qt.AlignmentFlag.AlignBottom)
        value_row.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addStretch(1)
        box.addLayout(value_row)
        box.addWidget(self.change_label, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.caption_label, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.sparkline)
        box.addStretch(1)
        self.history: deque[float] = deque(maxlen=60)
        self.value: float | None = None
        self.previous: float | None = None

    def show_value(self, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return  # keep the last good number; the frame's badge tells why
        if self.value is not None and value != self.value:
            self.previous = self.value
        self.value = float(value)
        if not self.history or self.history[-1] != value:
            self.history.append(float(value))
        self._render()

    def _render(self) -> None:
        options = self.tile.options
        value = self.value
        if value is None:
            return
        self.value_label.setText(format_number(value, options.decimals, self.language))
        levels = [ThresholdLevel(t.value, t.color) for t in options.thresholds]
        color = threshold_color(value, levels, options.higher_is_better) or palette.TEXT
        self.value_label.setStyleSheet(f"color: {color};")
        delta = change(value, self.previous, options.target, options.compare)
        if delta is None:
            self.change_label.setText("")
        else:
            good = change_is_good(delta, options.higher_is_better)
            tint = palette.TEXT_DIM if good is None else palette.GOOD if good else palette.DANGER
            suffix = " " + _("vs target") if options.compare == "target" else ""
            self.change_label.setText(format_change(delta, options.decimals, self.language)
                                      + suffix)
            self.change_label.setStyleSheet(f"color: {tint};")
        self.sparkline.set_values(list(self.history))

    def set_typography(self, typography: Typography) -> None:
        super().set_typography(typography)
        big = QFont()
        big.setPixelSize(round(typography.value * 1.3))
        big.setWeight(QFont.Weight.Bold)
        self.value_label.setFont(big)
        medium = QFont()
        medium.setPixelSize(typography.body)
        self.unit_label.setFont(medium)
        self.change_label.setFont(medium)
        self.caption_label.setFont(medium)
        self.sparkline.setFixedHeight(typography.px(40))


WIDGET = KpiWidget
