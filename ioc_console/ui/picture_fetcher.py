"""Fetch a picture by URL or file path without blocking the GUI thread.

QNetworkAccessManager is asynchronous: the request runs in Qt's network thread and the
answer arrives as a signal. A timeout aborts a hung request so a dead camera is noticed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest


def to_url(location: str) -> QUrl:
    if location.startswith(("http://", "https://", "file:")):
        return QUrl(location)
    return QUrl.fromLocalFile(location)


class PictureFetcher(QObject):
    loaded = Signal(QImage)
    failed = Signal(str)

    def __init__(self, timeout_s: float = 5.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.manager = QNetworkAccessManager(self)
        self.timeout_ms = round(timeout_s * 1000)
        self._reply: QNetworkReply | None = None

    def fetch(self, location: str) -> None:
        if self._reply is not None:  # one at a time: a slow camera does not pile up requests
            return
        request = QNetworkRequest(to_url(location))
        request.setTransferTimeout(self.timeout_ms)
        reply = self.manager.get(request)
        self._reply = reply
        reply.finished.connect(lambda: self._finished(reply))
        QTimer.singleShot(self.timeout_ms + 500, reply.abort)

    def _finished(self, reply: QNetworkReply) -> None:
        self._reply = None
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        if reply.error() != QNetworkReply.NetworkError.NoError:
            reason = f"HTTP {status}" if status else reply.errorString()
            self.failed.emit(reason)
        else:
            image = QImage()
            if image.loadFromData(bytes(reply.readAll().data())):
                self.loaded.emit(image)
            else:
                self.failed.emit("not a picture")
        reply.deleteLater()
