"""The table tile: sortable columns, top N, a severity column with colour and word."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from ioc_console.model.common import localize
from ioc_console.model.number_format import format_number
from ioc_console.model.tiles import TableTile
from ioc_console.ui import palette
from ioc_console.ui.typography import Typography

from .base import TileWidget

_ALIGN = {"left": Qt.AlignmentFlag.AlignLeft, "center": Qt.AlignmentFlag.AlignHCenter,
          "right": Qt.AlignmentFlag.AlignRight}
Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()


def sort_key(value: Any) -> tuple[int, Any]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value)
    return (1, str(value))


class RowsModel(QAbstractTableModel):
    def __init__(self, tile: TableTile, language: str) -> None:
        super().__init__()
        self.tile = tile
        self.language = language
        self.rows: list[dict] = []
        self.sort_key_name = tile.options.sort_by
        self.descending = tile.options.descending

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = self._ordered(rows)
        self.endResetModel()

    def _ordered(self, rows: list[dict]) -> list[dict]:
        if self.sort_key_name:
            rows = sorted(rows, key=lambda r: sort_key(r.get(self.sort_key_name, "")),
                          reverse=self.descending)
        return rows[: self.tile.options.top_n]

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return len(self.rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return len(self.tile.options.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            column = self.tile.options.columns[section]
            return localize(column.title, self.language) or column.key
        return None

    def text(self, row: int, column: int) -> str:
        spec = self.tile.options.columns[column]
        value = self.rows[row].get(spec.key, "")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            decimals = spec.decimals if spec.decimals is not None else (
                0 if float(value).is_integer() else 1)
            return format_number(value, decimals, self.language)
        return "" if value is None else str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        spec = self.tile.options.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN[spec.align] | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and spec.key == self.tile.options.severity_key:
            word = str(self.rows[index.row()].get(spec.key, ""))
            return QColor(palette.SEVERITY.get(word, palette.TEXT))
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_key_name = self.tile.options.columns[column].key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.set_rows(list(self.rows))


class TableWidget(TileWidget):
    def __init__(self, tile: TableTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        self.model = RowsModel(tile, language)
        self.view = QTableView(objectName="TileTable")
        self.view.setModel(self.model)
        keys = [c.key for c in tile.options.columns]
        if tile.options.sort_by in keys:  # before enabling sorting, or Qt sorts by column 0
            order = (Qt.SortOrder.DescendingOrder if tile.options.descending
                     else Qt.SortOrder.AscendingOrder)
            self.view.horizontalHeader().setSortIndicator(keys.index(tile.options.sort_by), order)
        self.view.setSortingEnabled(True)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setStyleSheet(
            f"QTableView {{ background: transparent; color: {palette.TEXT}; border: none; }}"
            f"QHeaderView::section {{ background: {palette.TILE}; color: {palette.TEXT_DIM};"
            f" border: none; border-bottom: 1px solid {palette.GRID_LINE}; }}")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.view)

    def show_value(self, value: Any) -> None:
        if isinstance(value, list):
            self.model.set_rows([row for row in value if isinstance(row, dict)])

    def set_typography(self, typography: Typography) -> None:
        super().set_typography(typography)
        font = QFont()
        font.setPixelSize(typography.body)
        self.view.setFont(font)
        # a style sheet on the header wins over setFont: the size goes into the sheet
        self.view.setStyleSheet(
            f"QTableView {{ background: transparent; color: {palette.TEXT}; border: none; }}"
            f"QHeaderView::section {{ background: {palette.TILE}; color: {palette.TEXT_DIM};"
            f" border: none; border-bottom: 1px solid {palette.GRID_LINE};"
            f" font-size: {round(typography.body * 0.85)}px; }}")
        self.view.verticalHeader().setDefaultSectionSize(round(typography.body * 1.6))


WIDGET = TableWidget
