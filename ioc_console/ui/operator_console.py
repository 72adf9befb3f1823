"""The operator's desk window: a live miniature of the wall, the scenario bar, the pending
proposal, the alert queue with acknowledgement, and the data-health summary.

Everything it changes goes through the console session (which records and persists); it
only shows and routes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ioc_console.i18n import _
from ioc_console.model.common import localize
from ioc_console.model.data_health import summarise
from ioc_console.model.geometry import wall_pixel_rects
from ioc_console.operations.authorization import allowed
from ioc_console.operations.console_session import ConsoleSession
from ioc_console.ui import palette
from ioc_console.ui.briefing_panel import BriefingPanel
from ioc_console.ui.denials import guarded
from ioc_console.ui.push_panel import PushPanel
from ioc_console.ui.user_strip import UserStrip
from ioc_console.ui.wall_view import WallView


class OperatorConsole(QWidget):
    def __init__(self, session: ConsoleSession, wall: WallView, hub, language: str,
                 parent: QWidget | None = None,
                 edit_layout: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.wall = wall
        self.hub = hub
        self.language = language
        self.setWindowTitle(_("IOC Wall Console") + " — " + _("operator"))
        self.miniature = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.miniature.setMinimumSize(480, 270)
        self.scenario_buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for scenario in session.layout.scenarios:
            text = localize(scenario.name, language)
            if scenario.hotkey:
                text = f"{scenario.hotkey}  {text}"
            button = QPushButton(text)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, sid=scenario.id: self.act(
                lambda: self.session.switch(sid, "operator console")))
            bar.addWidget(button)
            self.scenario_buttons[scenario.id] = button
        self.proposal = QLabel(objectName="ProposalBanner")
        self.proposal.setWordWrap(True)
        self.accept_button = QPushButton(_("Accept"))
        self.reject_button = QPushButton(_("Reject"))
        self.accept_button.clicked.connect(lambda: self.act(self.session.accept_proposal))
        self.reject_button.clicked.connect(lambda: self.act(self.session.reject_proposal))
        proposal_row = QHBoxLayout()
        proposal_row.addWidget(self.proposal, 1)
        proposal_row.addWidget(self.accept_button)
        proposal_row.addWidget(self.reject_button)
        self.alerts = QListWidget()
        self.comment = QLineEdit(placeholderText=_("Comment (optional), then Enter"))
        self.ack_button = QPushButton(_("Acknowledge"))
        self.ack_button.clicked.connect(self.acknowledge_selected)
        self.comment.returnPressed.connect(self.acknowledge_selected)
        ack_row = QHBoxLayout()
        ack_row.addWidget(self.comment, 1)
        ack_row.addWidget(self.ack_button)
        self.health = QLabel()
        self.health.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.miniature, 1)
        left.addLayout(bar)
        left.addLayout(proposal_row)
        self.briefing = BriefingPanel(session, language)
        left.addWidget(self.briefing)
        right = QVBoxLayout()
        right.addWidget(QLabel(_("Alert queue")))
        right.addWidget(self.alerts, 1)
        right.addLayout(ack_row)
        right.addWidget(self.health)
        self.push_panel = PushPanel(session, language)
        right.addWidget(self.push_panel)
        self.edit_layout_button = QPushButton(_("Edit layout…"), visible=edit_layout is not None)
        self.edit_layout_button.clicked.connect(lambda: edit_layout and edit_layout())
        right.addWidget(self.edit_layout_button)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.user_strip = UserStrip(session)
        root = QVBoxLayout(self)
        root.addWidget(self.user_strip)
        root.addLayout(columns, 1)
        self._unsubscribers: list[Callable[[], None]] = [
            session.subscribe(self.refresh), session.engine.subscribe(lambda _s: self.refresh())]
        self._timer = QTimer(self, interval=1000)  # the miniature: once a second is enough
        self._timer.timeout.connect(self.refresh_miniature)
        self._timer.start()
        self.refresh()

    def closeEvent(self, event) -> None:  # noqa: N802
        while self._unsubscribers:  # closed again at shutdown: unsubscribe only once
            self._unsubscribers.pop()()
        self._timer.stop()
        super().closeEvent(event)

    def act(self, action: Callable[[], object]) -> bool:
        """Every button goes through here: the session checks the right, a refusal shows."""
        done = guarded(action, self.user_strip.show_denial)
        self.refresh()  # a refused click must not leave a scenario button checked
        return done

    def refresh(self) -> None:
        self.user_strip.refresh()
        account = self.session.account  # buttons for what this user may not do are greyed
        for button in self.scenario_buttons.values():
            button.setEnabled(allowed(account, "switch-scenario"))
        self.accept_button.setEnabled(allowed(account, "accept-proposal"))
        self.edit_layout_button.setEnabled(allowed(account, "edit-layout"))
        self.reject_button.setEnabled(allowed(account, "reject-proposal"))
        for widget in (self.ack_button, self.comment):
            widget.setEnabled(allowed(account, "acknowledge"))
        current = self.session.engine.current
        for scenario_id, button in self.scenario_buttons.items():
            button.setChecked(scenario_id == current)
            colour = self.session.layout.scenario(scenario_id).color
            button.setStyleSheet(f"background: {colour}; color: white; font-weight: 700;"
                                 if scenario_id == current else "")
        pending = self.session.engine.pending
        for widget in (self.proposal, self.accept_button, self.reject_button):
            widget.setVisible(pending is not None)
        if pending is not None:
            name = localize(self.session.layout.scenario(pending.scenario_id).name,
                            self.language)
            self.proposal.setText(_("Proposed: switch to {name} — {reason}").format(
                name=name, reason=pending.reason))
        self._refresh_alerts()
        summary = summarise(self.hub.states().values(),
                            [s.id for s in self.session.layout.sources])
        lines = [_("Data sources: {summary}").format(summary=summary.line())]
        lines += [f"  {sid}: {status} {reason}".rstrip() for sid, status, reason in
                  summary.troubled[:8]]
        self.health.setText("\n".join(lines))

    def _refresh_alerts(self) -> None:
        selected = self.alerts.currentItem().data(Qt.ItemDataRole.UserRole) if \
            self.alerts.currentItem() else None
        acknowledgements = self.session.acknowledgements()
        self.alerts.clear()
        for alert in self.session.alerts.active():
            mark = "✓ " if alert.identifier in acknowledgements else ""
            item = QListWidgetItem(f"{mark}[{alert.severity}] {alert.headline or alert.event}")
            item.setData(Qt.ItemDataRole.UserRole, alert.identifier)
            item.setForeground(QColor(palette.SEVERITY.get(alert.severity, palette.TEXT)))
            self.alerts.addItem(item)
            if alert.identifier == selected:
                self.alerts.setCurrentItem(item)

    def acknowledge_selected(self) -> None:
        item = self.alerts.currentItem()
        if item is None:
            return
        identifier, comment = item.data(Qt.ItemDataRole.UserRole), self.comment.text()
        if self.act(lambda: self.session.acknowledge(identifier, comment)):
            self.comment.clear()

    def refresh_miniature(self) -> None:
        """Compose the canvases' current pictures at a small size, bezels included."""
        (width, height), rects = wall_pixel_rects(self.session.layout.wall)
        scale = min(self.miniature.width() / width, self.miniature.height() / height)
        image = QImage(max(1, round(width * scale)), max(1, round(height * scale)),
                       QImage.Format.Format_RGB32)
        image.fill(QColor("#000000"))
        painter = QPainter(image)
        for view in self.wall.canvases.values():
            picture = view.grab()
            for panel_id in view.canvas.panels:
                source = view.grid.panel_rect(panel_id).scaled(view.scale)
                target = rects[panel_id].scaled(scale)
                painter.drawPixmap(target.x, target.y, target.width, target.height, picture,
                                   source.x, source.y, source.width, source.height)
        painter.end()
        self.miniature.setPixmap(QPixmap.fromImage(image))
