"""The strip at the top of the operator console: who is logged in, with what role, and the
log in / log out button; in open mode a warning that never goes away; and the last refusal.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ioc_console.i18n import _
from ioc_console.operations.console_session import ConsoleSession
from ioc_console.ui.denials import role_name
from ioc_console.ui.login_dialog import LoginDialog


class UserStrip(QWidget):
    def __init__(self, session: ConsoleSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.open_warning = QLabel(_(
            "No accounts configured: anyone at this desk has every right. Add one with: "
            "ioc-console users add NAME --role admin"), objectName="OpenModeWarning",
            wordWrap=True)
        self.open_warning.setStyleSheet("background: #8a5a00; color: white; padding: 6px;"
                                        " font-weight: 700;")
        self.who = QLabel(objectName="LoggedInAs")
        self.button = QPushButton()
        self.button.clicked.connect(self._log_in_or_out)
        self.denial = QLabel(objectName="DenialMessage", wordWrap=True)
        self.denial.setStyleSheet("color: #ff6b5e; font-weight: 700;")
        self._denial_timer = QTimer(self, singleShot=True, interval=8000)
        self._denial_timer.timeout.connect(self.denial.clear)
        self.dialog: LoginDialog | None = None
        row = QHBoxLayout()
        row.addWidget(self.who, 1)
        row.addWidget(self.denial, 2)
        row.addWidget(self.button)
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.addWidget(self.open_warning)
        root.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        session = self.session
        self.open_warning.setVisible(session.open_mode)
        self.button.setVisible(not session.open_mode)
        if session.logged_in or session.open_mode:
            self.who.setText(_("Logged in as {name} ({role})").format(
                name=session.account.name, role=role_name(session.account.role)))
            self.button.setText(_("Log out"))
        else:
            self.who.setText(_("Not logged in: you can watch, not act"))
            self.button.setText(_("Log in"))

    def show_denial(self, text: str) -> None:
        self.denial.setText(text)
        self._denial_timer.start()

    def _log_in_or_out(self) -> None:
        if self.session.logged_in:
            self.session.logout()
        else:
            self.open_login()

    def open_login(self) -> LoginDialog:
        """Window-modal and not blocking: the wall's event loop keeps running meanwhile."""
        if self.dialog is None:
            self.dialog = LoginDialog(self.session, self.window())
        self.dialog.name.setFocus()
        self.dialog.open()
        return self.dialog
