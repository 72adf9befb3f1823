"""The camera tile: a snapshot refreshed periodically (or a live stream), AI events drawn on
top, and an unmistakable offline state when the camera is gone.

Offline keeps the last picture, dimmed, with the time it was taken: an operator must never
mistake a frozen river for a calm one. Nothing here blocks the GUI thread: snapshots come
through ``PictureLoader`` (network and decoding off the GUI thread), streams through
QMediaPlayer, which decodes on its own threads.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QElapsedTimer, QRectF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QWidget

from ioc_console.i18n import _
from ioc_console.model.tiles import CameraTile
from ioc_console.ui import palette
from ioc_console.ui.typography import Typography

from .base import TileWidget
from .image import PictureLoader, ScaledPicture, fitted

log = logging.getLogger(__name__)
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
DIMMED_OPACITY = 0.35
STREAM_RETRY_MIN_S = 10.0
STALL_MIN_S = 15.0


@dataclass(frozen=True)
class AiEvent:
    """One detection from the camera's analytics; the box is normalized to the picture."""

    x: float
    y: float
    w: float
    h: float
    label: str
    score: float | None

    @classmethod
    def parse(cls, item: Any) -> AiEvent | None:
        """An event from ``{"box": [x, y, w, h], "label", "score"}``, clamped to the picture;
        None for anything malformed (one bad event must not hide the others)."""
        if not isinstance(item, dict):
            return None
        box = item.get("box")
        if not isinstance(box, (list, tuple)) or len(box) != 4:
            return None
        try:
            x, y, w, h = (float(v) for v in box)
        except (TypeError, ValueError):
            return None
        if not all(math.isfinite(v) for v in (x, y, w, h)) or w <= 0 or h <= 0:
            return None
        x, y = min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0)
        w, h = min(w, 1.0 - x), min(h, 1.0 - y)
        if w <= 0 or h <= 0:
            return None
        score = item.get("score")
        score = float(score) if isinstance(score, (int, float)) and math.isfinite(score) \
            else None
        return cls(x, y, w, h, " ".join(str(item.get("label") or "").split()), score)

    def text(self) -> str:
        return f"{self.label} {self.score:.0%}".strip() if self.score is not None \
            else self.label

    def rect_in(self, picture: QRectF) -> QRectF:
        return QRectF(picture.x() + self.x * picture.width(),
                      picture.y() + self.y * picture.height(),
                      self.w * picture.width(), self.h * picture.height())


class CameraWidget(TileWidget):
    """Signals: ``offline_changed(bool)`` when the camera goes away or comes back.

    The tile's binding may give a list of AI events, or a camera record
    ``{"snapshot_url", "online", "events": [...]}`` (the demo backend's camera index);
    the options' URLs win over the record's.
    """

    offline_changed = Signal(bool)

    def __init__(self, tile: CameraTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        options = tile.options
        self.snapshot_url: str | None = options.snapshot_url
        self.stream_url: str | None = options.stream_url
        self.image = QImage()
        self.last_frame_at: datetime | None = None
        self.events: list[AiEvent] = []
        self.offline = False
        self.offline_reason = ""
        self._picture_problem = ""  # the last fetch or the player failed
        self._reported_offline = False  # the camera index says so
        self._scaled = ScaledPicture()
        self._since_frame = QElapsedTimer()
        self.loader = PictureLoader(timeout_s=min(10.0, max(3.0, options.refresh_s * 2)),
                                    parent=self)
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self._failed)
        self._timer = QTimer(self, interval=round(options.refresh_s * 1000))
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self.player: Any = None
        self.sink: Any = None
        self._frame: Any = None
        self._retry = QTimer(self, singleShot=True,
                             interval=round(max(STREAM_RETRY_MIN_S, options.refresh_s * 2) * 1000))
        self._retry.timeout.connect(self._restart_stream)
        if self.stream_url:
            self._start_stream(self.stream_url)
        self.refresh()

    # --- where pictures come from -------------------------------------------------------
    def _start_stream(self, url: str) -> None:
        try:
            from PySide6.QtMultimedia import QMediaPlayer, QVideoSink
        except ImportError as error:  # e.g. no audio libraries on this machine
            log.warning("camera %s: no video playback (%s)", self.tile.id, error)
            if not self.snapshot_url:
                self._set_problem(_("video playback unavailable on this computer"))
            return
        self.player = QMediaPlayer(self)
        self.sink = QVideoSink(self)
        self.player.setVideoSink(self.sink)
        self.sink.videoFrameChanged.connect(self._video_frame)
        self.player.errorOccurred.connect(self._player_error)
        self.player.mediaStatusChanged.connect(self._media_status)
        self.player.setSource(QUrl(url))
        self._since_frame.start()
        self.player.play()

    def _restart_stream(self) -> None:
        if self.player is not None and self.stream_url:
            self.player.stop()
            self.player.setSource(QUrl(self.stream_url))
            self._since_frame.start()
            self.player.play()

    def _stream_running(self) -> bool:
        return self.player is not None and not self._retry.isActive()

    def refresh(self) -> None:
        """Fetch a snapshot now (when there is no healthy stream and the tile is on show)."""
        if self.frozen or not self.snapshot_url or self._stream_running():
            return
        if self.is_showing() or self.image.isNull():
            self.loader.load(self.snapshot_url)

    def _tick(self) -> None:
        stall_s = max(STALL_MIN_S, self.tile.options.refresh_s * 3)
        if (self._stream_running() and not self.frozen and self._since_frame.isValid()
                and self._since_frame.elapsed() > stall_s * 1000):
            self._set_problem(_("no picture for {seconds} s").format(
                seconds=round(self._since_frame.elapsed() / 1000)))
        self.refresh()

    def show_value(self, value: Any) -> None:
        if isinstance(value, dict):
            url = value.get("snapshot_url")
            if isinstance(url, str) and url and not self.tile.options.snapshot_url \
                    and url != self.snapshot_url:
                self.snapshot_url = url
                self.loader.cancel()
                self.refresh()
            online = value.get("online")
            if isinstance(online, bool):
                self._reported_offline = not online
                self._update_state()
            value = value.get("events", [])
        if isinstance(value, list):
            self.events = [e for e in map(AiEvent.parse, value) if e is not None]
            self.update()

    # --- what came of it ----------------------------------------------------------------
    def _video_frame(self, frame: Any) -> None:
        if self.frozen or not frame.isValid():
            return
        self._frame = frame  # converted when painted: at most once per repaint
        self._frame_arrived()

    def _player_error(self, _error: Any, text: str) -> None:
        self._set_problem(text or _("the video stream failed"))
        self._retry.start()

    def _media_status(self, status: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.EndOfMedia:  # a live stream has no end
            self._set_problem(_("the video stream ended"))
            self._retry.start()

    def _loaded(self, image: QImage) -> None:
        if self.frozen or image.isNull():
            return
        self.image = image
        self._frame = None
        self._frame_arrived()

    def _frame_arrived(self) -> None:
        self.last_frame_at = datetime.now(LOCAL)
        self._since_frame.start()
        self._picture_problem = ""
        self._update_state()
        self.update()

    def _failed(self, reason: str) -> None:
        """The camera did not give a picture: 503, a timeout, not a picture."""
        self._set_problem(reason)

    def _set_problem(self, reason: str) -> None:
        self._picture_problem = reason or _("no picture")
        self._update_state()

    def _update_state(self) -> None:
        offline = bool(self._picture_problem) or self._reported_offline
        reason = self._picture_problem or (_("the camera reports it is offline")
                                           if self._reported_offline else "")
        changed = offline != self.offline
        self.offline, self.offline_reason = offline, reason
        self.update()
        if changed:
            self.offline_changed.emit(offline)

    def offline_lines(self) -> list[str]:
        """The overlay's lines while offline: headline, when the last picture is from, why."""
        if not self.offline:
            return []
        if self.last_frame_at is not None:
            when = _("last picture {time}").format(
                time=self.last_frame_at.strftime("%H:%M:%S %d/%m"))
        else:
            when = _("no picture received yet")
        return [_("SIGNAL LOST / CAMERA OFFLINE"), when, self.offline_reason]

    # --- freeze, visibility, sizes ------------------------------------------------------
    def set_frozen(self, frozen: bool) -> None:
        super().set_frozen(frozen)
        if not frozen:
            self.refresh()

    def showing_changed(self) -> None:
        """A tile nobody sees (another scenario's, parked) decodes nothing."""
        if not self.is_showing():
            if self.player is not None:
                self.player.stop()
            return
        if self.player is not None and not self._retry.isActive():
            self.player.play()
        self.refresh()

    def set_typography(self, typography: Typography) -> None:
        super().set_typography(typography)
        self.update()

    # --- drawing ------------------------------------------------------------------------
    def picture_rect(self) -> QRectF:
        box = QRectF(self.rect())
        return box if self.image.isNull() else fitted(self.image.size(), box, False)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if self._frame is not None:
            image = self._frame.toImage()
            self._frame = None
            if not image.isNull():
                self.image = image
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        target = self.picture_rect()
        if not self.image.isNull():
            painter.setOpacity(DIMMED_OPACITY if self.offline else 1.0)
            target = self._scaled.draw(painter, self.image, QRectF(self.rect()), False,
                                       self.devicePixelRatioF())
            painter.setOpacity(1.0)
        font = QFont()
        font.setPixelSize(self.typography.body)
        font.setWeight(QFont.Weight.Bold)
        painter.setFont(font)
        if self.offline:
            self._paint_offline(painter, font)
        else:
            self._paint_events(painter, target)
            self._paint_time(painter)
        painter.end()

    def _paint_events(self, painter: QPainter, picture: QRectF) -> None:
        color = QColor(palette.WARNING)
        metrics = painter.fontMetrics()
        for event in self.events:
            rect = event.rect_in(picture)
            painter.setPen(QPen(color, max(2, round(3 * self.typography.factor))))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)
            text = event.text()
            if not text:
                continue
            height = metrics.height() + 4
            top = rect.y() - height if rect.y() - height >= picture.y() else rect.y()
            tag = QRectF(rect.x(), top, metrics.horizontalAdvance(text) + 12, height)
            painter.fillRect(tag, color)
            painter.setPen(QColor("#000000"))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_time(self, painter: QPainter) -> None:
        """The time of the picture in a corner, as on any CCTV screen: a stuck picture shows."""
        if self.last_frame_at is None:
            return
        text = self.last_frame_at.strftime("%H:%M:%S")
        metrics = painter.fontMetrics()
        box = QRectF(8, self.height() - metrics.height() - 12,
                     metrics.horizontalAdvance(text) + 12, metrics.height() + 4)
        painter.fillRect(box, QColor(0, 0, 0, 160))
        painter.setPen(QColor(palette.TEXT))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_offline(self, painter: QPainter, font: QFont) -> None:
        headline, *details = self.offline_lines()
        big = QFont(font)
        big.setPixelSize(round(self.typography.body * 1.5))
        painter.setFont(big)
        big_height = painter.fontMetrics().height()
        painter.setFont(font)
        small_height = painter.fontMetrics().height()
        details = [d for d in details if d]
        band_height = big_height + len(details) * small_height + 24
        band = QRectF(0, (self.height() - band_height) / 2, self.width(), band_height)
        painter.fillRect(band, QColor(120, 12, 8, 225))
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        painter.setPen(QColor("#ffffff"))
        painter.setFont(big)
        y = band.y() + 12
        painter.drawText(QRectF(0, y, self.width(), big_height), flags, "⚠ " + headline)
        painter.setFont(font)
        y += big_height
        for line in details:
            painter.drawText(QRectF(0, y, self.width(), small_height), flags, line)
            y += small_height


WIDGET = CameraWidget
