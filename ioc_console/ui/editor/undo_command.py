"""One edit on the undo stack: redo applies it, undo applies the inverse it returned."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from ioc_console.editor.document import LayoutDocument
from ioc_console.editor.tree_changes import Edit


class EditCommand(QUndoCommand):
    def __init__(self, document: LayoutDocument, edit: Edit,
                 changed: Callable[[], None]) -> None:
        super().__init__(edit.label)
        self.document = document
        self.forward = edit
        self.backward: Edit | None = None
        self.changed = changed

    def redo(self) -> None:
        self.backward, _problems = self.document.apply(self.forward)
        self.changed()

    def undo(self) -> None:
        assert self.backward is not None
        self.forward, _problems = self.document.apply(self.backward)
        self.changed()
