"""A property form generated from a tile type's options model (never written per type).

Each field of the model gets an input chosen by its type (see
``ioc_console.editor.option_fields``). A value is checked against the model as soon as it is
entered; a bad one is shown in red under its input and never reaches the layout.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ioc_console.editor.option_fields import (
    OptionField,
    check_option,
    format_value,
    option_fields,
    parse_text,
)
from ioc_console.ui import palette

LIMIT = 1_000_000_000


class OptionForm(QWidget):
    option_changed = Signal(str, object)  # name, value (None = back to the default)

    def __init__(self, model: type[BaseModel], values: dict[str, Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.values = dict(values)
        self.fields = {f.name: f for f in option_fields(model)}
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for field in self.fields.values():
            editor = self._input_for(field)
            editor.setToolTip(field.description or field.name)
            error = QLabel(objectName="FieldError")
            error.setStyleSheet(f"color: {palette.DANGER};")
            error.setWordWrap(True)
            error.hide()
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(1)
            column.addWidget(editor)
            column.addWidget(error)
            form.addRow(field.name.replace("_", " "), cell)
            self.inputs[field.name], self.errors[field.name] = editor, error
        self.set_values(values)

    # --- one input per field ---------------------------------------------------------------
    def _input_for(self, field: OptionField) -> QWidget:
        if field.kind == "bool":
            box = QCheckBox()
            box.toggled.connect(lambda on, f=field: self._submit(f, on))
            return box
        if field.kind == "choice":
            combo = QComboBox()
            combo.addItems([str(choice) for choice in field.choices])
            combo.currentTextChanged.connect(lambda text, f=field: self._submit(f, text))
            return combo
        if field.kind == "int" and not field.optional:
            spin = QSpinBox()
            spin.setRange(int(field.minimum if field.minimum is not None else -LIMIT),
                          int(field.maximum if field.maximum is not None else LIMIT))
            spin.setKeyboardTracking(False)  # one edit per value, not per keystroke
            spin.valueChanged.connect(lambda value, f=field: self._submit(f, value))
            return spin
        if field.kind == "float" and not field.optional:
            spin = QDoubleSpinBox()
            spin.setDecimals(3)
            spin.setRange(field.minimum if field.minimum is not None else -LIMIT,
                          field.maximum if field.maximum is not None else LIMIT)
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(lambda value, f=field: self._submit(f, value))
            return spin
        line = QLineEdit()
        if field.kind in ("localized", "structured") or field.optional:
            line.setPlaceholderText(format_value(field, field.default) or "—")
        line.editingFinished.connect(lambda f=field, w=line: self._submit_text(f, w.text()))
        return line

    def set_values(self, values: dict[str, Any]) -> None:
        """Show ``values`` (what the layout says; missing = the default) without emitting."""
        self.values = dict(values)
        for name, field in self.fields.items():
            editor = self.inputs[name]
            value = values.get(name, field.default)
            editor.blockSignals(True)
            if isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QComboBox):
                editor.setCurrentText(str(value))
            elif isinstance(editor, QSpinBox | QDoubleSpinBox):
                editor.setValue(value if value is not None else editor.minimum())
            else:
                editor.setText(format_value(field, values.get(name)) if name in values
                               else "")
            editor.blockSignals(False)
            self.errors[name].hide()

    # --- checking and sending ----------------------------------------------------------------
    def _submit_text(self, field: OptionField, text: str) -> None:
        try:
            value = parse_text(field, text)
        except ValueError as error:
            self._show_error(field.name, str(error))
            return
        if value is None and field.name not in self.values:
            self.errors[field.name].hide()
            return
        self._submit(field, value)

    def _submit(self, field: OptionField, value: Any) -> None:
        if isinstance(value, float) and field.kind == "float" and value == int(value):
            value = float(value)
        problem = check_option(self.model, self.values, field.name, value)
        if problem is not None:
            self._show_error(field.name, problem)
            return
        self.errors[field.name].hide()
        if value is None:
            self.values.pop(field.name, None)
        else:
            self.values[field.name] = value
        self.option_changed.emit(field.name, value)

    def _show_error(self, name: str, message: str) -> None:
        self.errors[name].setText(message)
        self.errors[name].show()
