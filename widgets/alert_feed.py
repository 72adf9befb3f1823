"""The alert-feed tile: what needs attention now, acknowledged on the wall.

Severity is shown by colour, icon and word. Text from alerts is always plain text, never
markup: a CAP feed is written by other agencies' systems and must not be able to draw on the
wall. A new alert plays its severity's sound once; a new Extreme alert flashes the tile.
The tile asks for an acknowledgement through ``acknowledge_requested``; the console performs,
records and persists it, then calls ``set_acknowledgements``.

Rows are kept per alert identifier across polls, so a comment being typed survives the next
poll and rows do not flicker.
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from typing import Any

from PySide6.QtCore import Property, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ioc_console.i18n import _
from ioc_console.model.alert_feed_view import (
    ICONS,
    NewsTracker,
    feed_view,
    local_time,
    loudest,
    matches,
    parse_feed_value,
    severity_label,
    severity_of,
    summary_text,
)
from ioc_console.model.tiles import AlertFeedTile
from ioc_console.ui import palette
from ioc_console.ui.typography import Typography

from .base import TileWidget

FLASH_BORDER_PX = 6
FLASH_STEPS = 14  # on/off half-periods: 14 x 350 ms, about five seconds
FLASH_PERIOD_MS = 350
HEADLINE_SCALE = 1.25


def plain(text: str = "", wrap: bool = True) -> QLabel:
    """A label that never interprets markup, whatever the text contains."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.setWordWrap(wrap)
    label.setText(text)
    return label


FALLBACK_ICONS = {"Extreme": "✖"}  # for fonts without ⛔ (DejaVu, most Linux installs)


def severity_icon(severity: str, font: QFont) -> str:
    """The severity's icon, or a plainer one when ``font`` cannot draw it (a missing glyph
    would show as an empty box, the worst look for the most severe alert)."""
    icon = ICONS.get(severity, ICONS["Unknown"])
    if severity in FALLBACK_ICONS and not QFontMetrics(font).inFontUcs4(ord(icon)):
        return FALLBACK_ICONS[severity]
    return icon


def severity_badge(severity: str, font: QFont) -> str:
    """Icon and word: "⛔ CỰC KỲ NGUY HIỂM / EXTREME"."""
    return f"{severity_icon(severity, font)} {severity_label(severity)}"


def _font(px: int, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    font = QFont()
    font.setPixelSize(px)
    font.setWeight(weight)
    return font


class CommentEdit(QLineEdit):
    """The acknowledgement comment; Escape gives up without acknowledging."""

    cancelled = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
            return
        super().keyPressEvent(event)


class AlertRow(QFrame):
    """One alert: severity badge and time, headline, event and area, acknowledgement.

    Acknowledging is two steps inside the row (no modal dialog may cover the wall): the
    button (or a double-click) opens the comment field, Enter or the button again confirms.
    """

    acknowledge = Signal(str, str)  # identifier, comment

    def __init__(self, alert: Any, acknowledgement: Any, typography: Typography,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="AlertRow")
        self.alert: Any = None
        self.severity = ""
        self.acknowledgement: Any = None
        self.badge = plain(wrap=False)
        # a long "◆ TRUNG BÌNH / MODERATE" on a narrow tile is cut, not allowed to widen the
        # row past the tile (which pushed the headline and the button out of sight)
        self.badge.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.time_label = plain(wrap=False)
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.time_label.setStyleSheet(f"color: {palette.TEXT};")
        self.headline = plain()
        self.headline.setStyleSheet(f"color: {palette.TEXT};")
        self.detail = plain()
        self.detail.setStyleSheet(f"color: {palette.TEXT_DIM};")
        self.ack_label = plain()
        self.ack_label.setStyleSheet(f"color: {palette.GOOD};")
        self.ack_comment = plain()
        self.ack_comment.setStyleSheet(f"color: {palette.TEXT_DIM}; font-style: italic;")
        self.ack_button = QPushButton(_("Acknowledge"))
        self.ack_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.ack_button.setStyleSheet(  # readable on the dark row whatever the theme says
            f"QPushButton {{ color: {palette.TEXT}; background: #22303d;"
            f" border: 1px solid {palette.TEXT_DIM}; border-radius: 4px; padding: 2px 12px; }}"
            f" QPushButton:hover {{ border-color: {palette.ACCENT}; }}")
        self.ack_button.clicked.connect(self._button_clicked)
        self.comment = CommentEdit()
        self.comment.setPlaceholderText(_("Comment (optional), then Enter"))
        self.comment.setMaxLength(500)
        self.comment.setStyleSheet(
            f"QLineEdit {{ color: {palette.TEXT}; background: #0b1118;"
            f" border: 1px solid {palette.ACCENT}; border-radius: 4px; padding: 2px 6px; }}")
        self.comment.hide()
        self.comment.returnPressed.connect(self._confirm)
        self.comment.cancelled.connect(self.close_comment)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.badge, 1)  # it takes the room left by the time, and no more
        top.addWidget(self.time_label)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        acknowledged = QVBoxLayout()
        acknowledged.setSpacing(0)
        acknowledged.addWidget(self.ack_label)
        acknowledged.addWidget(self.ack_comment)
        bottom.addLayout(acknowledged, 1)
        bottom.addWidget(self.comment, 2)
        bottom.addWidget(self.ack_button, 0, Qt.AlignmentFlag.AlignBottom)
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 6, 8, 6)
        box.setSpacing(2)
        box.addLayout(top)
        box.addWidget(self.headline)
        box.addWidget(self.detail)
        box.addLayout(bottom)
        self.set_typography(typography)
        self.set_alert(alert)
        self.set_acknowledgement(acknowledgement)

    @property
    def identifier(self) -> str:
        return str(self.alert.identifier)

    def set_alert(self, alert: Any, now: datetime | None = None) -> None:
        """Show this alert (the same identifier may come back with new text or severity)."""
        self.alert = alert
        severity = severity_of(alert)
        if severity != self.severity:  # a style sheet re-polishes the row: only on change
            self.severity = severity
            color = palette.SEVERITY[severity]
            self.setStyleSheet(
                f"QFrame#AlertRow {{ border-left: 10px solid {color}; background: #16212c;"
                f" border-radius: 4px; }}")
            self.badge.setStyleSheet(f"color: {color};")
        self.badge.setText(severity_badge(severity, self.badge.font()))
        sent = getattr(alert, "sent", None)
        self.time_label.setText(local_time(sent, now) if isinstance(sent, datetime) else "")
        event = str(getattr(alert, "event", "") or "")
        self.headline.setText(str(getattr(alert, "headline", None) or event or
                                  getattr(alert, "identifier", "")))
        areas = ", ".join(str(a) for a in getattr(alert, "area_descriptions", []) or [])
        self.detail.setText(" · ".join(part for part in (event, areas) if part))
        self.detail.setVisible(bool(self.detail.text()))

    def set_acknowledgement(self, acknowledgement: Any) -> None:
        """Show who acknowledged and when, or offer the button."""
        self.acknowledgement = acknowledgement
        if acknowledgement is None:
            self.ack_label.setText("")
            self.ack_comment.setText("")
            self.ack_label.hide()
            self.ack_comment.hide()
            self.ack_button.setVisible(True)
            return
        at = getattr(acknowledgement, "at", None)
        when = local_time(at, at) if isinstance(at, datetime) else ""
        self.ack_label.setText(_("✓ acknowledged by {who} at {time}").format(
            who=str(getattr(acknowledgement, "by", "")), time=when))
        comment = str(getattr(acknowledgement, "comment", "") or "")
        self.ack_comment.setText(comment)
        self.ack_label.show()
        self.ack_comment.setVisible(bool(comment))
        self.close_comment()
        self.ack_button.hide()

    def set_typography(self, typography: Typography) -> None:
        body = typography.body
        self.badge.setFont(_font(body, QFont.Weight.Bold))
        self.time_label.setFont(_font(body))
        self.headline.setFont(_font(round(body * HEADLINE_SCALE), QFont.Weight.DemiBold))
        for widget in (self.detail, self.ack_label, self.ack_comment, self.ack_button,
                       self.comment):
            widget.setFont(_font(body))

    @property
    def asking(self) -> bool:
        """Whether the comment field is open."""
        return not self.comment.isHidden()

    def open_comment(self) -> None:
        if self.acknowledgement is not None:
            return
        self.comment.show()
        self.comment.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_comment(self) -> None:
        self.comment.clear()
        self.comment.hide()

    def _button_clicked(self) -> None:
        if self.asking:
            self._confirm()
        else:
            self.open_comment()

    def _confirm(self) -> None:
        comment = " ".join(self.comment.text().split())
        self.close_comment()
        self.acknowledge.emit(self.identifier, comment)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.open_comment()
        event.accept()


class AlertFeedWidget(TileWidget):
    """Alerts in force, most severe then newest first.

    Signals: ``acknowledge_requested(identifier, comment)`` when an operator confirms an
    acknowledgement in a row. Public: ``set_acknowledgements``, ``set_muted``,
    ``visible_alerts``; ``played`` lists the severities whose sound was started (a seam for
    tests and diagnostics that needs no audio device).
    """

    acknowledge_requested = Signal(str, str)

    def __init__(self, tile: AlertFeedTile, language: str, parent: QWidget | None = None):
        super().__init__(tile, language, parent)
        self.alerts: list[Any] = []
        self.problems: list[Any] = []
        self.acknowledgements: dict[str, Any] = {}
        self.rows: list[AlertRow] = []
        self._rows_by_id: dict[str, AlertRow] = {}
        self.news = NewsTracker()
        self.played: list[str] = []
        self.muted = False
        self._effects: dict[str, Any] = {}
        self._flashing = False
        self._flash_on = False
        self._flash_left = 0

        self.problem_label = plain()
        self.problem_label.setStyleSheet(f"color: {palette.WARNING};")
        self.problem_label.hide()
        self.empty = plain(_("No active alerts"))
        self.empty.setStyleSheet(f"color: {palette.GOOD};")
        self.summary = plain()
        self.summary.setStyleSheet(f"color: {palette.TEXT_DIM};")
        self.summary.hide()

        self._list = QWidget()
        self._list.setAutoFillBackground(False)
        self._rows_box = QVBoxLayout(self._list)
        self._rows_box.setContentsMargins(0, 0, 0, 0)
        self._rows_box.setSpacing(6)
        self._rows_box.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self._list)
        self._list.setAutoFillBackground(False)  # setWidget turned it on; the flash shows through
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.viewport().setAutoFillBackground(False)
        self.scroll.setStyleSheet("QScrollArea { background: transparent; }")

        box = QVBoxLayout(self)
        box.setContentsMargins(FLASH_BORDER_PX, FLASH_BORDER_PX, FLASH_BORDER_PX,
                               FLASH_BORDER_PX)
        box.setSpacing(4)
        box.addWidget(self.problem_label)
        box.addWidget(self.empty)
        box.addWidget(self.scroll, 1)
        box.addWidget(self.summary)

        self._flash_timer = QTimer(self, interval=FLASH_PERIOD_MS)
        self._flash_timer.timeout.connect(self._flash_step)
        self.set_typography(self.typography)

    # --- data -----------------------------------------------------------------------------
    def show_value(self, value: Any) -> None:
        """A CAP source value or a list of alerts; anything else keeps the last good list."""
        parsed = parse_feed_value(value)
        if parsed is None:
            return
        self.alerts, self.problems = parsed
        options = self.tile.options
        listed = [a for a in self.alerts if matches(a, options.min_severity, options.categories,
                                                   options.area_contains)]
        fresh = self.news.news(listed)
        self._rebuild()
        self._announce(fresh)

    def set_acknowledgements(self, acknowledgements: dict[str, Any]) -> None:
        """Who acknowledged what, by alert identifier (the console's record).

        Applied even while frozen: it answers an operator's own action on this tile, and a
        row that still offered the button would invite a second acknowledgement.
        """
        self.acknowledgements = dict(acknowledgements)
        for row in self.rows:
            row.set_acknowledgement(self.acknowledgements.get(row.identifier))

    def set_muted(self, muted: bool) -> None:
        """Silence the sounds (the console's mute key); flashing and rows are unaffected."""
        self.muted = muted
        if muted:
            for effect in filter(None, self._effects.values()):
                try:
                    effect.stop()
                except RuntimeError:
                    pass

    def visible_alerts(self) -> list[Any]:
        return [row.alert for row in self.rows]

    def row_for(self, identifier: str) -> AlertRow | None:
        return self._rows_by_id.get(identifier)

    def _rebuild(self) -> None:
        options = self.tile.options
        view = feed_view(self.alerts, options.min_severity, options.categories,
                         options.area_contains, options.max_items)
        now = datetime.now(UTC)
        wanted = [str(a.identifier) for a in view.shown]
        for identifier in list(self._rows_by_id):
            if identifier not in wanted:
                row = self._rows_by_id.pop(identifier)
                self._rows_box.removeWidget(row)
                row.hide()  # never setParent(None): that would make it a window of its own
                row.deleteLater()
        rows = []
        for alert in view.shown:
            identifier = str(alert.identifier)
            row = self._rows_by_id.get(identifier)
            if row is None:
                row = AlertRow(alert, self.acknowledgements.get(identifier), self.typography,
                               self._list)
                row.acknowledge.connect(self.acknowledge_requested)
                self._rows_by_id[identifier] = row
            else:
                row.set_alert(alert, now)
                row.set_acknowledgement(self.acknowledgements.get(identifier))
            rows.append(row)
        if rows != self.rows:
            for row in rows:
                self._rows_box.removeWidget(row)
            for index, row in enumerate(rows):
                self._rows_box.insertWidget(index, row)
                row.show()
        self.rows = rows
        self.empty.setVisible(not rows)
        self.summary.setText(summary_text(view.hidden_by_severity))
        self.summary.setVisible(bool(view.hidden_by_severity))
        count = len(self.problems)
        self.problem_label.setText(
            _("⚠ {n} alert messages could not be read").format(n=count) if count else "")
        self.problem_label.setVisible(bool(count))

    # --- sound and flash ----------------------------------------------------------------------
    def _announce(self, fresh: list[Any]) -> None:
        severity = loudest(fresh)
        if severity is None:
            return
        if self.tile.options.sound and not self.muted:
            self._play(severity)
        if self.tile.options.flash_extreme and any(severity_of(a) == "Extreme" for a in fresh):
            self.start_flash()

    def _play(self, severity: str) -> None:
        """Start the severity's sound; never raises, never waits (no audio device is normal
        on a test machine or a wall PC without speakers)."""
        self.played.append(severity)
        effect = self._effect(severity)
        if effect is not None:
            try:
                effect.play()
            except RuntimeError:
                pass

    def _effect(self, severity: str) -> Any:
        if severity in self._effects:
            return self._effects[severity]
        effect = None
        try:
            from PySide6.QtMultimedia import QSoundEffect  # missing audio libraries: silent

            path = resources.files("ioc_console.resources") / "sounds" / f"{severity.lower()}.wav"
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
        except Exception:  # noqa: BLE001 - any failure of the audio stack leaves us silent
            effect = None
        self._effects[severity] = effect
        return effect

    def start_flash(self) -> None:
        """Flash border and background for a few seconds: a new Extreme alert."""
        self._flash_left = FLASH_STEPS
        self._flashing = True
        self._flash_on = True
        self._flash_timer.start()
        self.update()

    def _flash_step(self) -> None:
        self._flash_left -= 1
        self._flash_on = self._flash_left > 0 and self._flash_left % 2 == 0
        if self._flash_left <= 0:
            self._flash_timer.stop()
            self._flashing = False
            self._flash_on = False
        self.update()

    def _get_flashing(self) -> bool:
        return self._flashing

    flashing = Property(bool, _get_flashing)
    """True for the few seconds a new Extreme alert flashes the tile."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if not self._flash_on:
            return
        painter = QPainter(self)
        color = QColor(palette.SEVERITY["Extreme"])
        tint = QColor(color)
        tint.setAlpha(90)
        painter.fillRect(self.rect(), tint)
        pen = QPen(color, FLASH_BORDER_PX)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = FLASH_BORDER_PX / 2
        painter.drawRect(self.rect().toRectF().adjusted(half, half, -half, -half))
        painter.end()

    # --- sizes --------------------------------------------------------------------------------
    def set_typography(self, typography: Typography) -> None:
        super().set_typography(typography)
        body = _font(typography.body)
        for label in (self.summary, self.empty, self.problem_label):
            label.setFont(body)
        for row in self.rows:
            row.set_typography(typography)


WIDGET = AlertFeedWidget
