"""The twelve tile types: drag one onto the grid, or select it and press "Add"."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtWidgets import QListWidget, QPushButton, QVBoxLayout, QWidget

from ioc_console.i18n import _
from ioc_console.model.tiles import TILE_TYPES

from .grid_view import TILE_TYPE_MIME


class _TypeList(QListWidget):
    def mimeData(self, items) -> QMimeData:  # noqa: N802
        data = QMimeData()
        if items:
            data.setData(TILE_TYPE_MIME, items[0].text().encode())
        return data

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [TILE_TYPE_MIME]


class TilePalette(QWidget):
    add_requested = Signal(str)  # tile type: put it on the first free cell

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.types = _TypeList()
        self.types.addItems(list(TILE_TYPES))
        self.types.setDragEnabled(True)
        self.types.setCurrentRow(0)
        self.add_button = QPushButton(_("Add to first free cell"))
        self.add_button.clicked.connect(self._add)
        self.types.itemDoubleClicked.connect(lambda _item: self._add())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.types, 1)
        layout.addWidget(self.add_button)

    def _add(self) -> None:
        item = self.types.currentItem()
        if item is not None:
            self.add_requested.emit(item.text())
