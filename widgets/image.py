"""The image tile: a picture from a file or a URL, optionally refreshed, contain or cover.

Also home of ``PictureLoader``, which the camera tile shares: pictures are fetched and
decoded without ever blocking the GUI thread (a wall that stutters while a 4K snapshot
decodes, or freezes while a network share hangs, is a wall nobody trusts).
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QObject,
    QRect,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    QThread,
    QThreadPool,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QImage, QImageReader, QPainter, QPaintEvent, QPixmap
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest
from PySide6.QtWidgets import QWidget

from ioc_console.i18n import _
from ioc_console.model.tiles import ImageTile
from ioc_console.ui import palette
from ioc_console.ui.typography import Typography

from .base import TileWidget

MAX_PICTURE_BYTES = 25 * 1024 * 1024
"""A camera or a web server answering with more than this is not sending a picture."""

MAX_PICTURE_SIDE = 4096
"""Larger pictures are decoded scaled down: no wall tile is wider, and memory stays bounded."""


def fitted(image_size: QSize | QSizeF, box: QRectF, cover: bool) -> QRectF:
    """Where a picture of ``image_size`` goes in ``box``: whole and centred (contain) or
    filling the box, centred, overflowing on one axis (cover)."""
    width, height = image_size.width(), image_size.height()
    if width <= 0 or height <= 0 or box.width() <= 0 or box.height() <= 0:
        return QRectF(box)
    scale = (max if cover else min)(box.width() / width, box.height() / height)
    w, h = width * scale, height * scale
    return QRectF(box.x() + (box.width() - w) / 2, box.y() + (box.height() - h) / 2, w, h)


def is_web(location: str) -> bool:
    return location.lower().startswith(("http://", "https://"))


def local_path(location: str) -> str:
    """A file path from a path or a ``file:`` URL, with ``~`` expanded."""
    if location.lower().startswith("file:"):
        return QUrl(location).toLocalFile()
    return os.path.expanduser(location)


class _Relay(QObject):
    """Carries decoded pictures from pool threads back to the GUI thread (queued)."""

    done = Signal(int, QImage, str)  # token, picture, problem ("" when fine)


_relay: _Relay | None = None
_pool: QThreadPool | None = None
_tokens = itertools.count(1)  # unique over all loaders: they share one relay


def _shared_relay() -> _Relay:
    global _relay
    if _relay is None:  # created by the first loader, on the GUI thread; lives until exit
        _relay = _Relay()
    return _relay


def _decoder_pool() -> QThreadPool:
    """Threads for reading and decoding, low priority and one core short of all of them,
    so the GUI thread (ticker, flashing alerts) always has a core to itself."""
    global _pool
    if _pool is None:
        _pool = QThreadPool(QCoreApplication.instance())  # joined when the application ends
        _pool.setMaxThreadCount(max(1, QThread.idealThreadCount() - 1))
        _pool.setThreadPriority(QThread.Priority.LowPriority)
    return _pool


def _decode(data: bytes) -> tuple[QImage, str]:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)  # photos from phones carry their orientation in EXIF
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > MAX_PICTURE_SIDE:
        reader.setScaledSize(size.scaled(MAX_PICTURE_SIDE, MAX_PICTURE_SIDE,
                                         Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    buffer.close()
    return (image, "") if not image.isNull() else (QImage(), _("not a picture"))


def _load_job(token: int, path: str | None, data: bytes | None, relay: _Relay) -> None:
    """Runs on a pool thread: read (a network share may hang) and decode, then report."""
    image, problem = QImage(), ""
    try:
        if path is not None:
            if os.path.getsize(path) > MAX_PICTURE_BYTES:
                raise ValueError
            data = Path(path).read_bytes()
        image, problem = _decode(data or b"")
    except FileNotFoundError:
        problem = _("file not found")
    except PermissionError:
        problem = _("permission denied")
    except ValueError:
        problem = _("too large")
    except OSError as error:
        problem = error.strerror or str(error)
    try:
        relay.done.emit(token, image, problem)
    except RuntimeError:  # the application is shutting down
        pass


class PictureLoader(QObject):
    """Loads one picture at a time from a file path, a ``file:`` or an http(s) URL.

    HTTP goes through QNetworkAccessManager (asynchronous); reading files and decoding run
    on a small thread pool (QImageReader releases the GIL while it decodes; QImage.fromData
    would not, and would stall the GUI thread for the whole decode). Only the newest request
    counts: ``cancel`` or a newer ``load`` makes older answers be ignored. A request that
    gets no answer within ``timeout_s`` fails, so a dead camera is noticed, not waited for.
    """

    loaded = Signal(QImage)
    failed = Signal(str)  # why, in the operator's language where we can

    def __init__(self, timeout_s: float = 10.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout_s = timeout_s
        self.manager = QNetworkAccessManager(self)
        self._reply: QNetworkReply | None = None
        self._abort_reason = ""
        self._token = next(_tokens)
        self._decoding: int | None = None
        self._watchdog = QTimer(self, singleShot=True)
        self._watchdog.timeout.connect(self._timed_out)
        _shared_relay().done.connect(self._decoded)

    @property
    def busy(self) -> bool:
        return self._reply is not None or self._decoding is not None

    def load(self, location: str) -> bool:
        """Start loading; False (and nothing done) while the previous load still runs, so a
        slow camera does not pile up requests."""
        if self.busy:
            return False
        self._token = next(_tokens)
        if is_web(location):
            self._get(location)
        else:
            self._decoding = self._token
            relay = _shared_relay()
            token, path = self._token, local_path(location)
            _decoder_pool().start(lambda: _load_job(token, path, None, relay))
        return True

    def cancel(self) -> None:
        """Forget what is under way (the URL changed, the tile is going away)."""
        self._token = next(_tokens)
        self._decoding = None
        self._watchdog.stop()
        reply, self._reply = self._reply, None
        if reply is not None:
            reply.finished.disconnect(self._finished)
            reply.downloadProgress.disconnect(self._progress)
            reply.abort()
            reply.deleteLater()

    def _get(self, url: str) -> None:
        request = QNetworkRequest(QUrl(url))
        timeout_ms = round(self.timeout_s * 1000)
        request.setTransferTimeout(timeout_ms)
        request.setAttribute(QNetworkRequest.Attribute.CacheLoadControlAttribute,
                             QNetworkRequest.CacheLoadControl.AlwaysNetwork)
        request.setRawHeader(b"Cache-Control", b"no-cache")
        self._abort_reason = ""
        reply = self.manager.get(request)
        self._reply = reply
        reply.finished.connect(self._finished)
        reply.downloadProgress.connect(self._progress)
        self._watchdog.start(timeout_ms + 1000)  # transferTimeout resets on every byte

    def _timeout_text(self) -> str:
        return _("no answer within {seconds} s").format(seconds=f"{self.timeout_s:g}")

    def _timed_out(self) -> None:
        if self._reply is not None:
            self._abort_reason = self._timeout_text()
            self._reply.abort()

    def _progress(self, received: int, total: int) -> None:
        if self._reply is not None and max(received, total) > MAX_PICTURE_BYTES:
            self._abort_reason = _("too large")
            self._reply.abort()

    def _finished(self) -> None:
        reply, self._reply = self._reply, None
        self._watchdog.stop()
        if reply is None:
            return
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        error = reply.error()
        if self._abort_reason:
            self.failed.emit(self._abort_reason)
        elif error in (QNetworkReply.NetworkError.OperationCanceledError,
                       QNetworkReply.NetworkError.TimeoutError):
            self.failed.emit(self._timeout_text())  # what the transfer timeout reports
        elif error != QNetworkReply.NetworkError.NoError:
            self.failed.emit(f"HTTP {status}" if status else reply.errorString())
        else:
            data = bytes(reply.readAll().data())
            self._decoding = self._token
            relay, token = _shared_relay(), self._token
            _decoder_pool().start(lambda: _load_job(token, None, data, relay))
        reply.deleteLater()

    def _decoded(self, token: int, image: QImage, problem: str) -> None:
        if token != self._decoding:
            return  # another loader's picture, or one that was cancelled
        self._decoding = None
        if problem:
            self.failed.emit(problem)
        else:
            self.loaded.emit(image)


class ScaledPicture:
    """The picture scaled once per size, not on every repaint (smooth scaling of a large
    picture costs tens of milliseconds)."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._pixmap = QPixmap()
        self._rect = QRectF()

    def draw(self, painter: QPainter, image: QImage, box: QRectF, cover: bool,
             ratio: float = 1.0) -> QRectF:
        """Draw ``image`` fitted into ``box``; returns where it went."""
        target = fitted(image.size(), box, cover)
        key = (image.cacheKey(), round(target.width()), round(target.height()), ratio)
        if key != self._key:
            size = QSize(max(1, round(target.width() * ratio)),
                         max(1, round(target.height() * ratio)))
            scaled = image.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                  Qt.TransformationMode.SmoothTransformation)
            self._pixmap = QPixmap.fromImage(scaled)
            self._pixmap.setDevicePixelRatio(ratio)
            self._key = key
        painter.save()
        painter.setClipRect(box)
        painter.drawPixmap(target.topLeft(), self._pixmap)
        painter.restore()
        return target


class ImageWidget(TileWidget):
    """A logo, a map export, a chart published as PNG: one picture, kept on errors.

    ``show_value`` also accepts a path or URL from a binding. While frozen nothing is
    fetched; a picture that arrives anyway waits for the release.
    """

    def __init__(self, tile: ImageTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        self.location: str | None = tile.options.url
        self.image = QImage()
        self.problem = ""
        self._held_image: QImage | None = None
        self._scaled = ScaledPicture()
        self.loader = PictureLoader(parent=self)
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self._failed)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.reload)
        if tile.options.refresh_s:
            self._timer.start(round(tile.options.refresh_s * 1000))
        self.reload()

    def reload(self) -> None:
        if self.location and not self.frozen:
            self.loader.load(self.location)

    def show_value(self, value: object) -> None:
        if isinstance(value, str) and value.strip() and value.strip() != self.location:
            self.location = value.strip()
            self.loader.cancel()
            self.reload()

    def set_frozen(self, frozen: bool) -> None:
        super().set_frozen(frozen)
        if not frozen:
            if self._held_image is not None:
                self._loaded(self._held_image)
            self.reload()

    def _loaded(self, image: QImage) -> None:
        if self.frozen:
            self._held_image = image
            return
        self._held_image = None
        self.image, self.problem = image, ""
        self.update()

    def _failed(self, reason: str) -> None:
        self.problem = _("Cannot load the picture: {reason}").format(reason=reason)
        self.update()

    def message(self) -> str:
        """What the tile says instead of (or under) the picture; "" when all is well."""
        if not self.location:
            return _("No picture configured")
        return self.problem

    def set_typography(self, typography: Typography) -> None:
        super().set_typography(typography)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        box = QRectF(self.rect())
        if not self.image.isNull():
            self._scaled.draw(painter, self.image, box, self.tile.options.fit == "cover",
                              self.devicePixelRatioF())
        text = self.message()
        if text:
            font = QFont()
            font.setPixelSize(self.typography.body)
            painter.setFont(font)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            if self.image.isNull():
                painter.setPen(QColor(palette.WARNING))
                painter.drawText(box.adjusted(8, 8, -8, -8), flags, text)
            else:  # the last good picture stays; the problem goes in a strip at the bottom
                height = painter.fontMetrics().height() + 8
                strip = QRect(0, self.height() - height, self.width(), height)
                painter.fillRect(strip, QColor(0, 0, 0, 170))
                painter.setPen(QColor(palette.WARNING))
                painter.drawText(strip, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()


WIDGET = ImageWidget
