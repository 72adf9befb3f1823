"""The operator console locks itself after an idle time; the wall does not.

Any mouse or key input in the console window restarts the idle timer. The filter sits on the
console's own widgets (and on each one added later), not on the whole application: a Python
filter seeing every object of the process made the full console segfault in Qt's event loop.
When the timer runs out with someone logged in, the session drops to viewer (audited as
"lock") and a veil over the console says so. Only the desk is locked: the wall windows, their
data and the rules carry on exactly as before, and whatever a rule does on its own still
happens.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ioc_console.i18n import _
from ioc_console.operations.console_session import ConsoleSession

DEFAULT_IDLE_LOCK_S = 300.0
_INPUT = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.KeyPress,
          QEvent.Type.Wheel, QEvent.Type.TouchBegin}


class LockVeil(QWidget):
    """Covers the whole console while it is locked; its one button opens the login."""

    def __init__(self, console: QWidget, open_login: Callable[[], None]) -> None:
        super().__init__(console, objectName="ConsoleLockVeil")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#ConsoleLockVeil { background: rgba(10, 14, 22, 235); }"
                           " QLabel { color: white; font-size: 22px; font-weight: 700; }")
        self.label = QLabel(_("Locked — log in to continue"),
                            alignment=Qt.AlignmentFlag.AlignCenter)
        self.login_button = QPushButton(_("Log in"))
        self.login_button.clicked.connect(open_login)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.login_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.hide()

    def cover(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()


class ConsoleLock(QObject):
    def __init__(self, session: ConsoleSession, console: QWidget,
                 open_login: Callable[[], None],
                 idle_lock_s: float = DEFAULT_IDLE_LOCK_S) -> None:
        super().__init__(console)
        self.session = session
        self.console = console
        self.idle_lock_s = idle_lock_s
        self.veil = LockVeil(console, open_login)
        self.idle = QTimer(self, singleShot=True, interval=max(1, round(idle_lock_s * 1000)))
        self.idle.timeout.connect(self.lock_now)
        self._unsubscribe = session.subscribe(self._on_session)
        console.destroyed.connect(lambda *_a: self._unsubscribe())
        self._watch(console)
        if idle_lock_s > 0:
            self.idle.start()

    @property
    def locked(self) -> bool:
        return self.veil.isVisible()

    def _watch(self, widget: QWidget) -> None:
        for each in (widget, *widget.findChildren(QWidget)):
            each.installEventFilter(self)  # installing twice keeps one filter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in _INPUT:
            if self.idle_lock_s > 0:
                self.idle.start()  # restarts: the countdown begins again from now
        elif kind == QEvent.Type.ChildAdded:
            child = event.child()
            if child.isWidgetType():
                self._watch(child)
        elif kind == QEvent.Type.Resize and watched is self.console and self.locked:
            self.veil.cover()
        return False

    def lock_now(self) -> None:
        if not self.session.logged_in:
            return  # open mode, or nobody to lock out
        self.session.lock(f"idle {self.idle_lock_s:g} s")
        self.veil.cover()

    def _on_session(self) -> None:
        if self.session.logged_in:
            self.veil.hide()
            if self.idle_lock_s > 0:
                self.idle.start()
