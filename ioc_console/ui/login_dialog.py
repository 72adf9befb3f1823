"""The login dialog of the operator console: name, password, and why it did not work.

After too many wrong passwords it shows how long to wait and refuses the password until
then (the throttle in the session decides; the dialog only counts down what it says).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ioc_console.i18n import _
from ioc_console.operations.console_session import ConsoleSession


class LoginDialog(QDialog):
    def __init__(self, session: ConsoleSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Log in"))
        self.name = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.message = QLabel(objectName="LoginMessage", wordWrap=True)
        self.message.setStyleSheet("color: #f2b233;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.login_button = buttons.addButton(_("Log in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.login_button.setDefault(True)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Name"), self.name)
        form.addRow(_("Password"), self.password)
        root = QVBoxLayout(self)
        root.addLayout(form)
        root.addWidget(self.message)
        root.addWidget(buttons)
        self._waiting = QTimer(self, interval=250)  # the countdown in the message
        self._waiting.timeout.connect(self._show_wait)
        self.name.textChanged.connect(lambda _text: self._show_wait())
        self.password.returnPressed.connect(self.try_login)
        if session.accounts_problem:
            self.message.setText(_("The accounts file cannot be used: {problem}").format(
                problem=session.accounts_problem))

    def try_login(self) -> None:
        if not self.login_button.isEnabled():
            return
        name, password = self.name.text().strip(), self.password.text()
        self.password.clear()
        if not name:
            self.message.setText(_("Type your name and password."))
            return
        result = self.session.login(name, password)
        if result.ok:
            self.message.clear()
            self.accept()
        elif result.problem:
            self.message.setText(_("The accounts file cannot be used: {problem}").format(
                problem=result.problem))
        elif result.wait_s > 0:
            self._show_wait()
        else:
            self.message.setText(_("Wrong name or password."))
            self.password.setFocus()

    def _show_wait(self) -> None:
        left = self.session.login_wait_s(self.name.text().strip())
        waiting = left > 0
        self.password.setEnabled(not waiting)
        self.login_button.setEnabled(not waiting)
        if waiting:
            self.message.setText(_("Too many wrong passwords. Try again in {seconds} s.")
                                 .format(seconds=math.ceil(left)))
            self._waiting.start()
        elif self._waiting.isActive():
            self._waiting.stop()
            self.message.setText(_("You can try again now."))
            self.password.setFocus()
