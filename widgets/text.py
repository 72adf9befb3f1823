"""The text tile: a static notice, plain or markdown (from the layout, never from a source)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ioc_console.model.common import localize
from ioc_console.model.tiles import TextTile
from ioc_console.ui.typography import Typography

from .base import TileWidget

_ALIGN = {
    "left": Qt.AlignmentFlag.AlignLeft,
    "center": Qt.AlignmentFlag.AlignHCenter,
    "right": Qt.AlignmentFlag.AlignRight,
}
_SIZE = {"normal": 1.0, "large": 1.5, "huge": 2.4}


class TextWidget(TileWidget):
    def __init__(self, tile: TextTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        options = tile.options
        self.label = QLabel(objectName="TextBody", wordWrap=True)
        self.label.setAlignment(_ALIGN[options.align] | Qt.AlignmentFlag.AlignVCenter)
        self.label.setTextFormat(Qt.TextFormat.MarkdownText if options.format == "markdown"
                                 else Qt.TextFormat.PlainText)
        self.label.setText(localize(options.text, language))
        box = QVBoxLayout(self)
        box.addWidget(self.label)

    def set_typography(self, typography: Typography) -> None:
        super().set_typography(typography)
        font = QFont()
        font.setPixelSize(round(typography.body * _SIZE[self.tile.options.size]))
        self.label.setFont(font)


WIDGET = TextWidget
