"""The wall definition: its panels (add, remove), each panel's grid, bezel and the OS screen
that shows it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ioc_console.i18n import _
from ioc_console.model.wall import Wall


class WallForm(QWidget):
    grid_changed = Signal(str, int, int)  # panel id, rows, columns
    bezel_changed = Signal(str, float)
    screen_changed = Signal(str, object)  # panel id, int | str | None
    add_panel_requested = Signal(str, str)  # "right" or "below", the panel to copy
    remove_panel_requested = Signal(str)  # panel id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = QComboBox()
        self.rows, self.columns = QSpinBox(), QSpinBox()
        for spin in (self.rows, self.columns):
            spin.setRange(1, 24)
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(self._grid)
        self.bezel = QDoubleSpinBox(suffix=" mm", decimals=1)
        self.bezel.setRange(0, 100)
        self.bezel.setKeyboardTracking(False)
        self.bezel.valueChanged.connect(
            lambda value: self.bezel_changed.emit(self.panel.currentText(), value))
        self.screen = QLineEdit(placeholderText=_("index (0, 1…) or name (DP-1)"))
        self.screen.editingFinished.connect(self._screen)
        self.add_right = QPushButton(_("Add panel to the right"))
        self.add_below = QPushButton(_("Add panel below"))
        self.remove = QPushButton(_("Remove panel"))
        self.add_right.clicked.connect(
            lambda: self.add_panel_requested.emit("right", self.panel.currentText()))
        self.add_below.clicked.connect(
            lambda: self.add_panel_requested.emit("below", self.panel.currentText()))
        self.remove.clicked.connect(
            lambda: self.remove_panel_requested.emit(self.panel.currentText()))
        adding = QHBoxLayout()
        adding.addWidget(self.add_right)
        adding.addWidget(self.add_below)
        form = QFormLayout(self)
        form.addRow(adding)
        form.addRow(_("Panel"), self.panel)
        form.addRow(_("Grid rows"), self.rows)
        form.addRow(_("Grid columns"), self.columns)
        form.addRow(_("Bezel"), self.bezel)
        form.addRow(_("Screen"), self.screen)
        form.addRow(self.remove)
        self.wall: Wall | None = None
        self.panel.currentTextChanged.connect(lambda _t: self._fill())

    def show_wall(self, wall: Wall) -> None:
        self.wall = wall
        current = self.panel.currentText()
        self.panel.blockSignals(True)
        self.panel.clear()
        self.panel.addItems([p.id for p in wall.panels])
        if current in [p.id for p in wall.panels]:
            self.panel.setCurrentText(current)
        self.panel.blockSignals(False)
        self._fill()

    def select_panel(self, panel_id: str) -> None:
        """Show ``panel_id`` in the form (a panel just added, whose screen comes next)."""
        self.panel.setCurrentText(panel_id)

    def _fill(self) -> None:
        if self.wall is None or not self.panel.currentText():
            return
        panel = self.wall.panel(self.panel.currentText())
        for widget, value in ((self.rows, panel.grid.rows), (self.columns, panel.grid.columns),
                              (self.bezel, panel.bezel_mm)):
            widget.blockSignals(True)
            widget.setValue(value)
            widget.blockSignals(False)
        self.screen.setText("" if panel.screen is None else str(panel.screen))

    def _grid(self) -> None:
        self.grid_changed.emit(self.panel.currentText(), self.rows.value(), self.columns.value())

    def _screen(self) -> None:
        text = self.screen.text().strip()
        value: int | str | None = int(text) if text.isdigit() else (text or None)
        self.screen_changed.emit(self.panel.currentText(), value)
