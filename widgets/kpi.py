"""The KPI tile: one big number with its unit, its change and its threshold state.

Nothing here relies on colour alone (colour-blind operators, washed-out projectors): the
change carries an arrow and a sign (▲ +12 / ▼ −3), the threshold state a word or a bound
(BĐ II, ≥ 98,5, < 97). The rules live in ``ioc_console.model.kpi_logic``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ioc_console.i18n import _
from ioc_console.model.common import localize
from ioc_console.model.kpi_logic import (
    History,
    ThresholdLevel,
    ThresholdVerdict,
    change,
    change_is_good,
    judge,
    threshold_color,
)
from ioc_console.model.number_format import format_change, format_number
from ioc_console.model.tile_values import as_number
from ioc_console.model.tiles import KpiTile
from ioc_console.ui import palette
from ioc_console.ui.picture_label import PictureLabel
from ioc_console.ui.typography import Typography

from .base import TileWidget

VALUE_SCALE = 1.3  # the value is drawn at 1.3 x typography.value, never below 1 x


class Sparkline(QWidget):
    """The last readings as a thin line: where the number has been, not exact values."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: list[float] = []
        self.color = QColor(palette.ACCENT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_values(self, values: list[float]) -> None:
        self.values = values
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if len(self.values) < 2:
            return
        low, high = min(self.values), max(self.values)
        span = (high - low) or 1.0
        width, height = self.width() - 4, self.height() - 4
        step = width / (len(self.values) - 1)
        points = [QPointF(2 + i * step, 2 + height - (v - low) / span * height)
                  for i, v in enumerate(self.values)]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.color, 2))
        painter.drawPolyline(QPolygonF(points))
        painter.setBrush(self.color)
        painter.drawEllipse(points[-1], 3, 3)  # the latest reading
        painter.end()


class KpiWidget(TileWidget):
    def __init__(self, tile: KpiTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        options = tile.options
        self.value_label = PictureLabel("—", objectName="KpiValue")
        self.unit_label = QLabel(localize(options.unit, language), objectName="KpiUnit")
        self.change_label = QLabel("", objectName="KpiChange")
        self.level_label = QLabel("", objectName="KpiLevel")
        self.caption_label = QLabel(localize(options.caption, language), objectName="KpiCaption")
        self.caption_label.setVisible(bool(self.caption_label.text()))
        self.caption_label.setStyleSheet(f"color: {palette.TEXT_DIM};")
        for label in (self.value_label, self.unit_label, self.change_label, self.level_label,
                      self.caption_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.sparkline = Sparkline()
        self.sparkline.setVisible(options.sparkline)
        value_row = QHBoxLayout()
        value_row.setSpacing(8)
        value_row.addStretch(1)
        value_row.addWidget(self.value_label, 0, Qt.AlignmentFlag.AlignBaseline)
        value_row.addWidget(self.unit_label, 0, Qt.AlignmentFlag.AlignBaseline)
        value_row.addStretch(1)
        status_row = QHBoxLayout()
        status_row.setSpacing(24)
        status_row.addStretch(1)
        status_row.addWidget(self.change_label)
        status_row.addWidget(self.level_label)
        status_row.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addStretch(1)
        box.addLayout(value_row)
        box.addLayout(status_row)
        box.addWidget(self.caption_label, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.sparkline)
        box.addStretch(1)
        self.levels = [ThresholdLevel(t.value, t.color, localize(t.label, language))
                       for t in options.thresholds]
        self.history = History(60)
        self.verdict: ThresholdVerdict | None = None
        self.set_typography(self.typography)

    @property
    def value(self) -> float | None:
        return self.history.latest

    @property
    def previous(self) -> float | None:
        return self.history.previous

    def show_data(self, source_id: str, value: Any) -> None:
        """Recorded even while frozen, so the sparkline and the change stay true."""
        self.receive(source_id, value)

    def show_value(self, value: Any) -> None:
        number = as_number(value)
        if number is None:
            return  # null or junk: keep the last good number; the frame's badge says why
        self.history.add(number)
        if not self.frozen:
            self._render()

    def set_frozen(self, frozen: bool) -> None:
        self.frozen = frozen
        if not frozen:
            self._render()

    def _render(self) -> None:
        options = self.tile.options
        value = self.value
        if value is None:
            return
        self.value_label.setText(format_number(value, options.decimals, self.language))
        self.verdict = judge(value, self.levels, options.higher_is_better)
        color = threshold_color(self.verdict, palette.DANGER) or palette.TEXT
        self._set_color(self.value_label, color)
        self.level_label.setText(self._level_text(self.verdict))
        self._set_color(self.level_label, color)
        delta = change(value, self.previous, options.target, options.compare)
        if delta is None:
            self.change_label.setText("")
        else:
            good = change_is_good(delta, options.higher_is_better)
            tint = palette.TEXT_DIM if good is None else palette.GOOD if good else palette.DANGER
            suffix = " " + _("vs target") if options.compare == "target" else ""
            self.change_label.setText(format_change(delta, options.decimals, self.language)
                                      + suffix)
            self._set_color(self.change_label, tint)
        self.sparkline.color = QColor(color if color != palette.TEXT else palette.ACCENT)
        self.sparkline.set_values(list(self.history.values))
        self._fit_value_font()

    def _level_text(self, verdict: ThresholdVerdict) -> str:
        """The word that goes with the colour: the level's label, else its bound."""
        decimals = self.tile.options.decimals
        if verdict.reached is not None:
            level = verdict.reached
            text = level.label or "≥ " + format_number(level.value, decimals, self.language)
        elif verdict.short and verdict.lowest is not None:
            text = "< " + format_number(verdict.lowest.value, decimals, self.language)
        else:
            return ""
        return "● " + text  # the dot carries the colour, the text says the same in words

    @staticmethod
    def _set_color(label: QLabel, color: str) -> None:
        sheet = f"color: {color};"
        if label.styleSheet() != sheet:
            label.setStyleSheet(sheet)

    def _fit_value_font(self) -> None:
        """As big as 1.3 x the value size allows within the tile, never below 1 x."""
        typography = self.typography
        font = self.value_label.font()
        unit_width = (QFontMetrics(self.unit_label.font()).horizontalAdvance(
            self.unit_label.text()) + 16) if self.unit_label.text() else 0
        room = max(1, self.width() - unit_width)
        size = round(typography.value * VALUE_SCALE)
        while size > typography.value:
            font.setPixelSize(size)
            if QFontMetrics(font).horizontalAdvance(self.value_label.text()) <= room:
                break
            size -= 2
        size = max(size, typography.value)
        if font.pixelSize() != size or self.value_label.font().pixelSize() != size:
            font.setPixelSize(size)
            self.value_label.setFont(font)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_value_font()

    def set_typography(self, typography: Typography) -> None:
        super().set_typography(typography)
        big = QFont()
        big.setPixelSize(round(typography.value * VALUE_SCALE))
        big.setWeight(QFont.Weight.Bold)
        self.value_label.setFont(big)
        unit = QFont()
        unit.setPixelSize(round(typography.body * 1.2))
        self.unit_label.setFont(unit)
        medium = QFont()
        medium.setPixelSize(typography.body)
        medium.setWeight(QFont.Weight.DemiBold)
        self.change_label.setFont(medium)
        self.level_label.setFont(medium)
        caption = QFont()
        caption.setPixelSize(typography.body)
        self.caption_label.setFont(caption)
        self.sparkline.setFixedHeight(typography.px(40))
        self._fit_value_font()


WIDGET = KpiWidget
