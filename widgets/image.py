"""The image tile: a picture from a file or a URL, optionally refreshed."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QWidget

from ioc_console.i18n import _
from ioc_console.model.tiles import ImageTile
from ioc_console.ui import palette
from ioc_console.ui.picture_fetcher import PictureFetcher

from .base import TileWidget


def fitted(image_size, box: QRectF, cover: bool) -> QRectF:
    width, height = image_size.width(), image_size.height()
    if not width or not height:
        return box
    scale = (max if cover else min)(box.width() / width, box.height() / height)
    w, h = width * scale, height * scale
    return QRectF(box.x() + (box.width() - w) / 2, box.y() + (box.height() - h) / 2, w, h)


class ImageWidget(TileWidget):
    def __init__(self, tile: ImageTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        self.image = QImage()
        self.problem = ""
        self.fetcher = PictureFetcher(parent=self)
        self.fetcher.loaded.connect(self._loaded)
        self.fetcher.failed.connect(self._failed)
        if tile.options.url:
            self.fetcher.fetch(tile.options.url)
            if tile.options.refresh_s:
                self._timer = QTimer(self, interval=round(tile.options.refresh_s * 1000))
                self._timer.timeout.connect(lambda: self.fetcher.fetch(tile.options.url))
                self._timer.start()

    def _loaded(self, image: QImage) -> None:
        if not self.frozen:
            self.image, self.problem = image, ""
            self.update()

    def _failed(self, reason: str) -> None:
        self.problem = _("Cannot load the picture: {reason}").format(reason=reason)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        box = QRectF(self.rect())
        if not self.image.isNull():
            painter.setClipRect(box)
            painter.drawImage(fitted(self.image.size(), box, self.tile.options.fit == "cover"),
                              self.image)
        if self.problem:
            font = QFont()
            font.setPixelSize(self.typography.body)
            painter.setFont(font)
            painter.setPen(QColor(palette.WARNING))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.problem)
        painter.end()


WIDGET = ImageWidget
