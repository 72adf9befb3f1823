"""The table tile: columns from the layout, top N rows, sortable, severity with its word.

Which rows show is the layout's ranking (``sort_by``, ``descending``, ``top_n``: e.g. the
six worst air-quality stations); a header click re-orders those rows without swapping
them for others, so the table never loses the rows it is there to show. Sorting follows
``ioc_console.model.ranking`` (missing values last, severities by rank, Vietnamese names
by their letters). The severity cell shows the word itself in the severity colour with a
colour chip beside it: never colour alone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from ioc_console.model.common import localize
from ioc_console.model.number_format import format_number
from ioc_console.model.ranking import sort_rows
from ioc_console.model.tile_values import as_number, decimals_for
from ioc_console.model.tiles import TableTile
from ioc_console.ui import palette
from ioc_console.ui.typography import Typography

from .base import TileWidget

_ALIGN = {"left": Qt.AlignmentFlag.AlignLeft, "center": Qt.AlignmentFlag.AlignHCenter,
          "right": Qt.AlignmentFlag.AlignRight}
Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()


class RowsModel(QAbstractTableModel):
    """The shown rows: ranked and cut to top N by the layout, then ordered by the header."""

    def __init__(self, tile: TableTile, language: str) -> None:
        super().__init__()
        self.tile = tile
        self.language = language
        self.columns = tile.options.columns
        self.all_rows: list[dict] = []
        self.rows: list[dict] = []
        self.order_key: str | None = tile.options.sort_by
        self.descending = tile.options.descending
        self.bold = QFont()
        self.bold.setWeight(QFont.Weight.Bold)

    def set_rows(self, rows: list[dict]) -> None:
        self.all_rows = rows
        self._refresh()

    def _refresh(self) -> None:
        options = self.tile.options
        chosen = self.all_rows
        if options.sort_by:
            chosen = self._sorted(chosen, options.sort_by, options.descending)
        chosen = chosen[: options.top_n]
        if self.order_key:
            chosen = self._sorted(chosen, self.order_key, self.descending)
        self.beginResetModel()
        self.rows = chosen
        self.endResetModel()

    def _sorted(self, rows: list[dict], key: str, descending: bool) -> list[dict]:
        return sort_rows(rows, key, descending, severity=key == self.tile.options.severity_key)

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return localize(column.title, self.language) or column.key
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN[column.align] | Qt.AlignmentFlag.AlignVCenter
        return None

    def text(self, row: int, column: int) -> str:
        """The cell as written: numbers in the tile's language (1.234,5), words as sent."""
        spec = self.columns[column]
        value = self.rows[row].get(spec.key)
        if value is None:
            return ""
        number = as_number(value) if not isinstance(value, str) else None
        if number is not None:
            return format_number(number, decimals_for(number, spec.decimals), self.language)
        return str(value)

    def severity_color(self, row: int, column: int) -> QColor | None:
        if self.columns[column].key != self.tile.options.severity_key:
            return None
        word = str(self.rows[row].get(self.columns[column].key, ""))
        return QColor(palette.SEVERITY[word]) if word in palette.SEVERITY else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN[self.columns[column].align] | Qt.AlignmentFlag.AlignVCenter
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.DecorationRole):
            return self.severity_color(row, column)
        if role == Qt.ItemDataRole.FontRole and self.severity_color(row, column) is not None:
            return self.bold
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: re-order the shown rows (column -1: back to the layout's order)."""
        if 0 <= column < len(self.columns):
            self.order_key = self.columns[column].key
            self.descending = order == Qt.SortOrder.DescendingOrder
        else:
            self.order_key = self.tile.options.sort_by
            self.descending = self.tile.options.descending
        self._refresh()


class TableWidget(TileWidget):
    def __init__(self, tile: TableTile, language: str, parent: QWidget | None = None) -> None:
        super().__init__(tile, language, parent)
        self.model = RowsModel(tile, language)
        self.view = QTableView(objectName="TileTable")
        self.view.setModel(self.model)
        keys = [c.key for c in tile.options.columns]
        order = (Qt.SortOrder.DescendingOrder if tile.options.descending
                 else Qt.SortOrder.AscendingOrder)
        # before enabling sorting, or Qt sorts by column 0; -1: no column shows the ranking
        section = keys.index(tile.options.sort_by) if tile.options.sort_by in keys else -1
        self.view.horizontalHeader().setSortIndicator(section, order)
        self.view.setSortingEnabled(True)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.view)
        self.set_typography(self.typography)

    def show_value(self, value: Any) -> None:
        if isinstance(value, list):  # an empty list is data (no rows); None is not
            self.model.set_rows([row for row in value if isinstance(row, dict)])

    def set_typography(self, typography: Typography) -> None:
        super().set_typography(typography)
        font = QFont()
        font.setPixelSize(typography.body)
        self.view.setFont(font)
        self.model.bold = QFont(font)
        self.model.bold.setWeight(QFont.Weight.Bold)
        chip = round(typography.body * 0.6)
        self.view.setIconSize(QSize(chip, chip))
        # a style sheet on the header wins over setFont: the size goes into the sheet
        self.view.setStyleSheet(
            f"QTableView {{ background: transparent; color: {palette.TEXT}; border: none; }}"
            f"QHeaderView::section {{ background: {palette.TILE}; color: {palette.TEXT_DIM};"
            f" border: none; border-bottom: 1px solid {palette.GRID_LINE};"
            f" padding: 0 {typography.px(6)}px; font-size: {round(typography.body * 0.85)}px;"
            f" font-weight: 600; }}")
        self.view.verticalHeader().setDefaultSectionSize(round(typography.body * 1.6))


WIDGET = TableWidget
