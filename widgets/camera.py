"""The camera tile: a snapshot refreshed periodically (or a stream), AI events drawn on top,
and an unmistakable offline state when the camera is gone (the last picture stays, dimmed)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QWidget

from ioc_console.i18n import _
from ioc_console.model.tiles import CameraTile
from ioc_console.ui import palette
from ioc_console.ui.picture_fetcher import PictureFetcher

from .base import TileWidget
from .image import fitted

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


class CameraWidget(TileWidget):
    def __init__(self, tile: CameraTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        options = tile.options
        self.snapshot_url = options.snapshot_url
        self.image = QImage()
        self.last_frame_at: datetime | None = None
        self.offline = False
        self.offline_reason = ""
        self.events: list[dict] = []
        self.fetcher = PictureFetcher(timeout_s=min(10.0, options.refresh_s * 2), parent=self)
        self.fetcher.loaded.connect(self._loaded)
        self.fetcher.failed.connect(self._failed)
        self._timer = QTimer(self, interval=round(options.refresh_s * 1000))
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.player = None
        if options.stream_url:
            self._start_stream(options.stream_url)
        self.refresh()

    def _start_stream(self, url: str) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtMultimedia import QMediaPlayer, QVideoSink

        self.player = QMediaPlayer(self)
        self.sink = QVideoSink(self)
        self.player.setVideoSink(self.sink)
        self.sink.videoFrameChanged.connect(lambda frame: self._loaded(frame.toImage()))
        self.player.errorOccurred.connect(lambda _e, text: self._failed(text))
        self.player.setSource(QUrl(url))
        self.player.play()

    def refresh(self) -> None:
        if self.snapshot_url and self.player is None:
            self.fetcher.fetch(self.snapshot_url)

    def show_value(self, value: Any) -> None:
        if isinstance(value, dict):
            if value.get("snapshot_url") and not self.tile.options.snapshot_url:
                first = self.snapshot_url is None
                self.snapshot_url = value["snapshot_url"]
                if first:
                    self.refresh()
            if value.get("online") is False:
                self._failed(_("CAMERA OFFLINE"))
            value = value.get("events", [])
        if isinstance(value, list):
            self.events = [e for e in value if isinstance(e, dict) and len(e.get("box", [])) == 4]
            self.update()

    def _loaded(self, image: QImage) -> None:
        if self.frozen or image.isNull():
            return
        self.image = image
        self.last_frame_at = datetime.now(LOCAL)
        self.offline, self.offline_reason = False, ""
        self.update()

    def _failed(self, reason: str) -> None:
        self.offline, self.offline_reason = True, reason
        self.update()

    def picture_rect(self) -> QRectF:
        size = self.image.size() if not self.image.isNull() else None
        box = QRectF(self.rect())
        return fitted(size, box, False) if size is not None else box

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        target = self.picture_rect()
        if not self.image.isNull():
            painter.setOpacity(0.35 if self.offline else 1.0)
            painter.drawImage(target, self.image)
            painter.setOpacity(1.0)
        font = QFont()
        font.setPixelSize(self.typography.body)
        font.setWeight(QFont.Weight.Bold)
        painter.setFont(font)
        if not self.offline:
            for event_box in self.events:
                x, y, w, h = event_box["box"]
                rect = QRectF(target.x() + x * target.width(), target.y() + y * target.height(),
                              w * target.width(), h * target.height())
                painter.setPen(QPen(QColor(palette.WARNING), 3))
                painter.drawRect(rect)
                label = str(event_box.get("label", ""))
                score = event_box.get("score")
                if isinstance(score, (int, float)):
                    label += f" {score:.0%}"
                metrics = painter.fontMetrics()
                tag = QRectF(rect.x(), rect.y() - metrics.height() - 2,
                             metrics.horizontalAdvance(label) + 10, metrics.height() + 2)
                painter.fillRect(tag, QColor(palette.WARNING))
                painter.setPen(QColor("#000000"))
                painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, label)
        else:
            text = _("CAMERA OFFLINE")
            if self.last_frame_at is not None:
                text += "\n" + _("last picture {time}").format(
                    time=self.last_frame_at.strftime("%H:%M:%S"))
            painter.setPen(QColor(palette.DANGER))
            big = QFont(font)
            big.setPixelSize(round(self.typography.body * 1.4))
            painter.setFont(big)
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, text)
        painter.end()


WIDGET = CameraWidget
