"""Non-modal notices on the wall: a banner that says what went wrong and fades away.

The wall never shows a modal dialog or a traceback; every error that reaches the user
comes through here (and goes to the log).
"""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

log = logging.getLogger("ioc_console")


class NoticeBanner(QLabel):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, objectName="WallNotice")
        # one small widget may carry its own style sheet: it alone pays for it
        self.setStyleSheet("color: #1d1400; background: #f2b233; font-weight: 700;"
                           " padding: 6px 14px;")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, message: str, seconds: float = 20.0) -> None:
        parent = self.parentWidget()
        font = QFont()
        font.setPixelSize(max(12, parent.height() // 45))
        self.setFont(font)
        self.setText(message)
        width = round(parent.width() * 0.8)
        self.setFixedWidth(width)
        self.adjustSize()
        self.move((parent.width() - width) // 2, parent.height() - self.height() - 20)
        self.raise_()
        self.show()
        self._timer.start(round(seconds * 1000))


class ErrorSink(QObject):
    """Catches uncaught exceptions of any thread and turns them into a wall notice."""

    message = Signal(str)

    def install(self) -> None:
        sys.excepthook = self._excepthook
        threading.excepthook = lambda args: self._excepthook(
            args.exc_type, args.exc_value, args.exc_traceback)

    def _excepthook(self, kind: type[BaseException], value: BaseException,
                    trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            from PySide6.QtWidgets import QApplication

            QApplication.quit()
            return
        log.error("unexpected error", exc_info=(kind, value, trace))
        self.message.emit(f"{kind.__name__}: {value}")
