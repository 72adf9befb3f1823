"""Bind a tile to a source, with a live preview of what the source returns right now.

The list holds the layout's sources, then the demo backend's catalog. The preview runs
``ioc-console probe``'s code on a pool thread (a slow or dead feed never freezes the
editor) and shows the parsed value and what the tile's ``select`` expression picks from it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ioc_console.editor.source_choices import SourceChoice, preview
from ioc_console.i18n import _

PREVIEW_CHARS = 4000


class _PreviewSignals(QObject):
    done = Signal(int, object, str)  # request number, result, error


class _PreviewJob(QRunnable):
    def __init__(self, number: int, choice: SourceChoice, select: str, base_url: str | None,
                 signals: _PreviewSignals) -> None:
        super().__init__()
        self.number, self.choice, self.select, self.base_url = number, choice, select, base_url
        self.signals = signals

    def run(self) -> None:
        try:
            result, problem = preview(self.choice, self.select or None, self.base_url), ""
        except Exception as error:  # any failure is something to show, not to crash on
            result, problem = None, f"{type(error).__name__}: {error}"
        try:
            self.signals.done.emit(self.number, result, problem)
        except RuntimeError:  # the editor was closed while the source was being fetched
            pass


class SourcePicker(QWidget):
    bind_requested = Signal(object, str)  # SourceChoice, select expression

    def __init__(self, base_url: Callable[[], str | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base_url = base_url
        self.choices: list[SourceChoice] = []
        self.combo = QComboBox()
        self.select = QLineEdit(placeholderText=_("JMESPath, e.g. gauges[0].level_m"))
        self.bind_button = QPushButton(_("Bind"))
        self.preview_button = QPushButton(_("Preview"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.output = QPlainTextEdit(readOnly=True)
        self.output.setMaximumBlockCount(400)
        self.output.setMinimumHeight(120)
        row = QHBoxLayout()
        row.addWidget(self.select, 1)
        row.addWidget(self.preview_button)
        row.addWidget(self.bind_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.output, 1)
        self._signals = _PreviewSignals(self)
        self._signals.done.connect(self._show_preview)
        self._request = 0
        self.pool = QThreadPool.globalInstance()
        self.combo.activated.connect(lambda _i: self.start_preview())
        self.select.editingFinished.connect(self.start_preview)
        self.preview_button.clicked.connect(self.start_preview)
        self.bind_button.clicked.connect(self._bind)

    def set_choices(self, choices: list[SourceChoice], source_id: str | None,
                    select: str | None) -> None:
        self.choices = choices
        self.combo.blockSignals(True)
        self.combo.clear()
        for choice in choices:
            where = "" if choice.in_layout else "  " + _("(demo catalog)")
            self.combo.addItem(f"{choice.id} — {choice.title or choice.url}{where}")
        index = next((i for i, c in enumerate(choices) if c.id == source_id), -1)
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        self.select.setText(select or "")
        self.output.clear()
        self.status.clear()

    def current(self) -> SourceChoice | None:
        index = self.combo.currentIndex()
        return self.choices[index] if 0 <= index < len(self.choices) else None

    def choose(self, source_id: str) -> None:
        self.combo.setCurrentIndex(next(i for i, c in enumerate(self.choices)
                                        if c.id == source_id))

    def start_preview(self) -> None:
        choice = self.current()
        if choice is None:
            return
        self._request += 1
        self.status.setText(_("Fetching {url}…").format(url=choice.url))
        self.pool.start(_PreviewJob(self._request, choice, self.select.text().strip(),
                                    self.base_url(), self._signals))

    def _show_preview(self, number: int, result: Any, error: str) -> None:
        if number != self._request:
            return  # an older request answered late: the newer one will be shown
        if error:
            self.status.setText(_("Preview failed: {reason}").format(reason=error))
            self.output.clear()
            return
        shown = result.get("selected") if "selected" in result else result["result"]
        text = json.dumps(shown, ensure_ascii=False, indent=2, default=str)
        if len(text) > PREVIEW_CHARS:
            text = text[:PREVIEW_CHARS] + "\n…"
        what = _("Selected value") if "selected" in result else _("Parsed result")
        self.status.setText(f"{what} ({result['result'].get('kind', '?')})")
        self.output.setPlainText(text)

    def _bind(self) -> None:
        choice = self.current()
        if choice is not None:
            self.bind_requested.emit(choice, self.select.text().strip())
