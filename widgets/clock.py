"""The clock tile: local time and date, Asia/Ho_Chi_Minh by default."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ioc_console.i18n import _
from ioc_console.model.tiles import ClockTile
from ioc_console.ui.picture_label import PictureLabel
from ioc_console.ui.theme import set_colours
from ioc_console.ui.typography import Typography

from .base import TileWidget

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def format_date(moment: datetime) -> str:
    """'Thứ Ba, 24/11/2026' in Vietnamese, 'Tuesday, 24/11/2026' in English."""
    return f"{_(_WEEKDAYS[moment.weekday()])}, {moment:%d/%m/%Y}"


class ClockWidget(TileWidget):
    def __init__(self, tile: ClockTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        self.zone = ZoneInfo(tile.options.timezone)
        self.time_label = PictureLabel(objectName="ClockTime",
                                       alignment=Qt.AlignmentFlag.AlignCenter)
        self.date_label = QLabel(objectName="ClockDate", alignment=Qt.AlignmentFlag.AlignCenter)
        self.date_label.setVisible(tile.options.show_date)
        set_colours(self.time_label, text="#ffffff")
        set_colours(self.date_label, text="#b8c4d0")
        box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(self.time_label)
        box.addWidget(self.date_label)
        box.addStretch(1)
        self._timer = QTimer(self, interval=1000 if tile.options.show_seconds else 15000)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def now(self) -> datetime:
        return datetime.now(self.zone)

    def refresh(self) -> None:
        moment = self.now()
        pattern = "%H:%M:%S" if self.tile.options.show_seconds else "%H:%M"
        self.time_label.setText(moment.strftime(pattern))
        self.date_label.setText(format_date(moment))

    def set_typography(self, typography: Typography) -> None:
        super().set_typography(typography)
        big = QFont()
        big.setPixelSize(round(typography.value * 1.6))
        big.setWeight(QFont.Weight.Bold)
        self.time_label.setFont(big)
        small = QFont()
        small.setPixelSize(round(typography.value * 0.6))
        self.date_label.setFont(small)


WIDGET = ClockWidget
