"""The wall definition: each panel's grid, bezel and the OS screen that shows it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from ioc_console.i18n import _
from ioc_console.model.wall import Wall


class WallForm(QWidget):
    grid_changed = Signal(str, int, int)  # panel id, rows, columns
    bezel_changed = Signal(str, float)
    screen_changed = Signal(str, object)  # panel id, int | str | None

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
        form = QFormLayout(self)
        form.addRow(_("Panel"), self.panel)
        form.addRow(_("Grid rows"), self.rows)
        form.addRow(_("Grid columns"), self.columns)
        form.addRow(_("Bezel"), self.bezel)
        form.addRow(_("Screen"), self.screen)
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
