"""The alert-feed tile: what needs attention now, acknowledged on the wall.

Severity is shown by colour, icon and word. Text from alerts is always plain text, never
markup. A new alert plays its severity's sound once; a new Extreme alert flashes the tile.
The tile asks for an acknowledgement through a signal; the console performs, records and
persists it, then calls ``set_acknowledgements``.
"""

from __future__ import annotations

from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ioc_console.i18n import _
from ioc_console.model.alert_feed_view import alerts_in, feed_view
from ioc_console.model.tiles import AlertFeedTile
from ioc_console.ui import palette
from ioc_console.ui.typography import Typography

from .base import TileWidget

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
ICONS = {"Extreme": "✖", "Severe": "▲", "Moderate": "◆", "Minor": "●", "Unknown": "○"}
WORDS = {"Extreme": "EXTREME", "Severe": "SEVERE", "Moderate": "MODERATE", "Minor": "MINOR",
         "Unknown": "UNKNOWN"}


def severity_word(severity: str) -> str:
    return _(WORDS.get(severity, "UNKNOWN"))


def plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class AlertRow(QFrame):
    acknowledge = Signal(str, str)

    def __init__(self, alert: Any, acknowledgement: Any, typography: Typography) -> None:
        super().__init__(objectName="AlertRow")
        self.alert = alert
        color = palette.SEVERITY.get(alert.severity, palette.TEXT_DIM)
        self.setStyleSheet(f"QFrame#AlertRow {{ border-left: 8px solid {color};"
                           f" background: #16212c; border-radius: 4px; }}")
        self.badge = plain(f"{ICONS.get(alert.severity, '○')} {severity_word(alert.severity)}")
        self.badge.setWordWrap(False)
        self.badge.setStyleSheet(f"color: {color}; font-weight: 700;")
        sent = alert.sent.astimezone(LOCAL).strftime("%H:%M")
        self.time_label = plain(sent)
        self.headline = plain(alert.headline or alert.event)
        area = ", ".join(alert.area_descriptions)
        self.detail = plain(f"{alert.event} · {area}" if area else alert.event)
        self.detail.setStyleSheet(f"color: {palette.TEXT_DIM};")
        self.ack_label = plain("")
        self.ack_button = QPushButton(_("Acknowledge"))
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(_("Comment (optional), then Enter"))
        self.comment.hide()
        self.ack_button.clicked.connect(self._ask_comment)
        self.comment.returnPressed.connect(self._confirm)
        top = QHBoxLayout()
        top.addWidget(self.badge)
        top.addStretch(1)
        top.addWidget(self.time_label)
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 6, 8, 6)
        box.setSpacing(2)
        box.addLayout(top)
        box.addWidget(self.headline)
        box.addWidget(self.detail)
        bottom = QHBoxLayout()
        bottom.addWidget(self.ack_label, 1)
        bottom.addWidget(self.comment, 1)
        bottom.addWidget(self.ack_button)
        box.addLayout(bottom)
        self.set_acknowledgement(acknowledgement)
        small, big = QFont(), QFont()
        small.setPixelSize(typography.body)
        big.setPixelSize(round(typography.body * 1.15))
        big.setWeight(QFont.Weight.DemiBold)
        for widget in (self.badge, self.time_label, self.detail, self.ack_label, self.ack_button,
                       self.comment):
            widget.setFont(small)
        self.headline.setFont(big)

    def set_acknowledgement(self, acknowledgement: Any) -> None:
        if acknowledgement is None:
            self.ack_label.setText("")
            self.ack_button.show()
            return
        at = acknowledgement.at.astimezone(LOCAL).strftime("%H:%M")
        self.ack_label.setText(_("✓ acknowledged by {who} at {time}").format(
            who=acknowledgement.by, time=at))
        self.ack_button.hide()
        self.comment.hide()

    def _ask_comment(self) -> None:
        self.comment.show()
        self.comment.setFocus()

    def _confirm(self) -> None:
        self.acknowledge.emit(self.alert.identifier, self.comment.text().strip())
        self.comment.hide()


class AlertFeedWidget(TileWidget):
    acknowledge_requested = Signal(str, str)

    def __init__(self, tile: AlertFeedTile, language: str, parent: QWidget | None = None):
        super().__init__(tile, language, parent)
        self.alerts: list[Any] = []
        self.acknowledgements: dict[str, Any] = {}
        self.rows: list[AlertRow] = []
        self.known: set[str] | None = None
        self.played: list[str] = []
        self.muted = False
        self.flashing = False
        self._effects: dict[str, Any] = {}
        self.summary = plain("")
        self.summary.setStyleSheet(f"color: {palette.TEXT_DIM};")
        self.empty = plain(_("No active alerts"))
        self.empty.setStyleSheet(f"color: {palette.GOOD};")
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._rows_box = QVBoxLayout()
        self._box.addWidget(self.empty)
        self._box.addLayout(self._rows_box)
        self._box.addWidget(self.summary)
        self._box.addStretch(1)
        self._flash_timer = QTimer(self, interval=400)
        self._flash_timer.timeout.connect(self._flash_step)
        self._flash_left = 0

    def show_value(self, value: Any) -> None:
        alerts = alerts_in(value)
        if not isinstance(value, (dict, list)):
            return
        identifiers = {a.identifier for a in alerts}
        new = [a for a in alerts if self.known is not None and a.identifier not in self.known]
        self.known = identifiers if self.known is None else self.known | identifiers
        self.alerts = alerts
        self._rebuild()
        self._announce(new)

    def set_acknowledgements(self, acknowledgements: dict[str, Any]) -> None:
        self.acknowledgements = dict(acknowledgements)
        for row in self.rows:
            row.set_acknowledgement(self.acknowledgements.get(row.alert.identifier))

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def visible_alerts(self) -> list[Any]:
        return [row.alert for row in self.rows]

    def _rebuild(self) -> None:
        options = self.tile.options
        view = feed_view(self.alerts, options.min_severity, options.categories,
                         options.area_contains, options.max_items)
        for row in self.rows:
            self._rows_box.removeWidget(row)
            row.hide()  # never setParent(None): that would make it a window of its own
            row.deleteLater()
        self.rows = []
        for alert in view.shown:
            row = AlertRow(alert, self.acknowledgements.get(alert.identifier), self.typography)
            row.acknowledge.connect(self.acknowledge_requested)
            self._rows_box.addWidget(row)
            row.show()
            self.rows.append(row)
        self.empty.setVisible(not view.shown)
        self.summary.setText("  ".join(
            _("+{n} more {severity}").format(n=n, severity=severity_word(s).capitalize())
            for s, n in view.hidden_by_severity.items()))

    def _announce(self, new: list[Any]) -> None:
        if not new:
            return
        worst = max(new, key=lambda a: a.severity_rank())
        if self.tile.options.sound and not self.muted:
            self._play(worst.severity)
        if self.tile.options.flash_extreme and any(a.severity == "Extreme" for a in new):
            self.flashing = True
            self._flash_left = 12
            self._flash_timer.start()

    def _play(self, severity: str) -> None:
        self.played.append(severity)
        try:
            from PySide6.QtMultimedia import QSoundEffect

            effect = self._effects.get(severity)
            if effect is None:
                path = resources.files("ioc_console.resources") / "sounds" / \
                    f"{severity.lower()}.wav"
                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(path)))
                self._effects[severity] = effect
            effect.play()
        except Exception:  # no audio device on this machine: the wall stays silent, not down
            pass

    def _flash_step(self) -> None:
        self._flash_left -= 1
        on = self._flash_left % 2 == 1
        self.setStyleSheet(f"background: {palette.SEVERITY['Extreme']}55;" if on else "")
        if self._flash_left <= 0:
            self._flash_timer.stop()
            self.flashing = False
            self.setStyleSheet("")

    def set_typography(self, typography: Typography) -> None:
        super().set_typography(typography)
        font = QFont()
        font.setPixelSize(typography.body)
        self.summary.setFont(font)
        self.empty.setFont(font)
        if self.alerts:
            self._rebuild()


WIDGET = AlertFeedWidget
