"""The selected tile: its title, its options (a generated form) and its source."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ioc_console.editor.option_fields import (
    OptionField,
    format_value,
    options_model,
    parse_text,
)
from ioc_console.editor.source_choices import SourceChoice
from ioc_console.i18n import _

from .option_form import OptionForm
from .source_picker import SourcePicker

_TITLE = OptionField("title", "localized", optional=True, required=False, default=None)


class TileProperties(QWidget):
    option_changed = Signal(str, str, object)  # tile id, option, value
    title_changed = Signal(str, object)
    bind_requested = Signal(str, object, str)  # tile id, SourceChoice, select

    def __init__(self, base_url: Callable[[], str | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tile_id = ""
        self.tile_type = ""
        self.heading = QLabel(_("Select a tile on the grid"), objectName="EditorHeading")
        self.heading.setStyleSheet("font-weight: 700; font-size: 15px;")
        self.title = QLineEdit(placeholderText=_("plain text, or {vi: …, en: …}"))
        self.title.editingFinished.connect(self._title)
        header = QFormLayout()
        header.addRow(_("Title"), self.title)
        self.options_box = QGroupBox(_("Options"))
        self.options_layout = QVBoxLayout(self.options_box)
        self.form: OptionForm | None = None
        self.sources = SourcePicker(base_url)
        self.sources.bind_requested.connect(
            lambda choice, select: self.bind_requested.emit(self.tile_id, choice, select))
        source_box = QGroupBox(_("Source"))
        QVBoxLayout(source_box).addWidget(self.sources)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(header)
        layout.addWidget(self.options_box)
        layout.addWidget(source_box, 1)
        self.setEnabled(False)

    def show_tile(self, tile_id: str, tile_type: str, title: Any, options: dict[str, Any],
                  binding: dict[str, Any] | None, choices: list[SourceChoice]) -> None:
        """Show a tile's values; the form is rebuilt only when another tile is selected."""
        self.setEnabled(True)
        same = tile_id == self.tile_id and tile_type == self.tile_type and self.form is not None
        self.tile_id, self.tile_type = tile_id, tile_type
        self.heading.setText(f"{tile_id}  ·  {tile_type}")
        self.title.setText(format_value(_TITLE, title))
        if same:
            self.form.set_values(options)
        else:
            if self.form is not None:
                self.form.deleteLater()
            self.form = OptionForm(options_model(tile_type), options)
            self.form.option_changed.connect(
                lambda name, value: self.option_changed.emit(self.tile_id, name, value))
            self.options_layout.addWidget(self.form)
            binding = binding or {}
            self.sources.set_choices(choices, binding.get("source"), binding.get("select"))

    def clear(self) -> None:
        if self.form is not None:
            self.form.deleteLater()
            self.form = None
        self.tile_id = self.tile_type = ""
        self.heading.setText(_("Select a tile on the grid"))
        self.title.clear()
        self.setEnabled(False)

    def _title(self) -> None:
        if not self.tile_id:
            return
        try:
            self.title_changed.emit(self.tile_id, parse_text(_TITLE, self.title.text()))
        except ValueError as error:
            self.title.setToolTip(str(error))
