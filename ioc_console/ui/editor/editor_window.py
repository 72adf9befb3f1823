"""The layout editor window: scenario picker, the grid, the palette, the properties, the
problems, undo/redo, save, and "try on the wall".

Every change is an ``Edit`` from ``ioc_console.editor.edits`` pushed on a QUndoStack; the
window redraws from the document after each one. Rights are checked by the layout service
(a refusal is shown, never swallowed).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ioc_console.editor import edits
from ioc_console.editor.document import LayoutDocument
from ioc_console.editor.placement import PlacementRefused
from ioc_console.editor.source_choices import SourceChoice, demo_catalog, source_choices
from ioc_console.editor.tree_changes import Edit, plain
from ioc_console.i18n import _
from ioc_console.model.common import localize
from ioc_console.model.problems import LayoutError
from ioc_console.operations.authorization import PermissionDenied
from ioc_console.operations.layout_service import LayoutService
from ioc_console.ui import palette

from .grid_view import LayoutGridView
from .tile_palette import TilePalette
from .tile_properties import TileProperties
from .undo_command import EditCommand
from .wall_form import WallForm


def editor_stylesheet() -> str:
    return (resources.files("ioc_console.resources") / "theme" / "editor.qss").read_text("utf-8")


class LayoutEditor(QMainWindow):
    def __init__(self, document: LayoutDocument, service: LayoutService, language: str,
                 base_url: Callable[[], str | None] = lambda: None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.service = service
        self.language = language
        self.path = Path(document.filename)
        self.catalog = demo_catalog()
        self.undo_stack = QUndoStack(self)
        self.setStyleSheet(editor_stylesheet())
        self.setWindowTitle(_("Layout editor") + f" — {self.path.name}")
        self.scenario = QComboBox()
        self.grid = LayoutGridView(language)
        self.grid.setMinimumSize(640, 360)
        self.palette = TilePalette()
        self.properties = TileProperties(base_url)
        self.wall_form = WallForm()
        self.message = QLabel(objectName="EditorMessage")
        self.message.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setMaximumHeight(130)
        self._build(base_url)
        self._connect()
        for scenario in document.layout.scenarios:
            self.scenario.addItem(localize(scenario.name, language, scenario.id), scenario.id)
        self.refresh()

    # --- construction --------------------------------------------------------------------
    def _build(self, base_url: Callable[[], str | None]) -> None:
        bar = QToolBar()
        bar.setMovable(False)
        self.addToolBar(bar)
        bar.addWidget(QLabel(_("Scenario") + "  "))
        bar.addWidget(self.scenario)
        bar.addSeparator()
        self.undo_action = self.undo_stack.createUndoAction(self, _("Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, _("Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.remove_action = QAction(_("Remove from scenario"), self)
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.save_action = QAction(_("Save"), self, shortcut=QKeySequence.StandardKey.Save)
        self.try_action = QAction(_("Try on the wall"), self)
        self.keep_action = QAction(_("Keep"), self)
        self.revert_action = QAction(_("Revert"), self)
        for action in (self.undo_action, self.redo_action, self.remove_action, None,
                       self.save_action, None, self.try_action, self.keep_action,
                       self.revert_action):
            if action is None:
                bar.addSeparator()
            else:
                bar.addAction(action)
        for action in (self.try_action, self.keep_action, self.revert_action):
            action.setVisible(self.service.can_try_on_wall)
        center = QWidget()
        column = QVBoxLayout(center)
        column.addWidget(self.grid, 1)
        column.addWidget(self.message)
        column.addWidget(QLabel(_("Problems")))
        column.addWidget(self.problems)
        tabs = QTabWidget()
        tabs.addTab(self.properties, _("Tile"))
        tabs.addTab(self.wall_form, _("Wall"))
        self.tabs = tabs
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.palette)
        splitter.addWidget(center)
        splitter.addWidget(tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([150, 900, 430])
        self.setCentralWidget(splitter)

    def _connect(self) -> None:
        self.scenario.currentIndexChanged.connect(lambda _i: self.refresh())
        self.grid.tile_selected.connect(lambda _tile: self._show_selected())
        self.grid.move_requested.connect(self.move_tile)
        self.grid.add_requested.connect(self.add_tile)
        self.palette.add_requested.connect(lambda tile_type: self.add_tile(tile_type))
        self.properties.option_changed.connect(
            lambda tile, name, value: self.perform(
                edits.set_tile_option(self.document, tile, name, value)))
        self.properties.title_changed.connect(self._set_title)
        self.properties.bind_requested.connect(self.bind_source)
        self.wall_form.grid_changed.connect(lambda panel, rows, columns: self.perform(
            edits.set_panel_grid(self.document, panel, rows, columns)))
        self.wall_form.bezel_changed.connect(lambda panel, mm: self.perform(
            edits.set_panel_bezel(self.document, panel, mm)))
        self.wall_form.screen_changed.connect(lambda panel, screen: self.perform(
            edits.set_panel_screen(self.document, panel, screen)))
        self.wall_form.add_panel_requested.connect(self.add_panel)
        self.wall_form.remove_panel_requested.connect(self.remove_panel)
        self.remove_action.triggered.connect(self.remove_selected)
        self.save_action.triggered.connect(self.save)
        self.try_action.triggered.connect(self.try_on_wall)
        self.keep_action.triggered.connect(lambda: self._guarded(self.service.keep,
                                                                 str(self.path)))
        self.revert_action.triggered.connect(lambda: self._guarded(self.service.revert,
                                                                   str(self.path)))

    # --- what the technician does --------------------------------------------------------
    @property
    def scenario_id(self) -> str:
        return self.scenario.currentData() or self.document.layout.scenarios[0].id

    def perform(self, edit: Edit) -> None:
        if edit.changes:
            self.undo_stack.push(EditCommand(self.document, edit, self.refresh))

    def move_tile(self, tile_id: str, panel_id: str, at: tuple, span: tuple) -> None:
        self._placement(lambda: edits.move_tile(self.document, self.scenario_id, tile_id,
                                                panel_id or None, tuple(at), tuple(span)))

    def add_tile(self, tile_type: str, panel_id: str | None = None,
                 at: tuple | None = None) -> None:
        def build() -> Edit:
            edit, tile_id = edits.add_tile(self.document, tile_type, self.scenario_id,
                                           panel_id, tuple(at) if at else None)
            self.grid.selected = tile_id
            return edit
        self._placement(build)

    def remove_selected(self) -> None:
        if self.grid.selected:
            self._placement(lambda: edits.remove_placement(self.document, self.scenario_id,
                                                           self.grid.selected))

    def add_panel(self, direction: str, like: str = "") -> None:
        """A panel like ``like`` to the right of the wall's last column or below its last row."""
        try:
            row, column = edits.free_position(self.document.layout.wall, direction)
            edit, panel_id = edits.add_panel(self.document, row, column, like or None)
        except ValueError as refusal:
            self._say(_("Refused: {reason}").format(reason=refusal), error=True)
            return
        self.perform(edit)
        self.wall_form.select_panel(panel_id)

    def remove_panel(self, panel_id: str) -> None:
        try:
            edit = edits.remove_panel(self.document, panel_id)
        except ValueError as refusal:
            self._say(_("Refused: {reason}").format(reason=refusal), error=True)
            return
        self.perform(edit)

    def bind_source(self, tile_id: str, choice: SourceChoice, select: str) -> None:
        new = None if choice.in_layout else choice.as_new_source()
        self.perform(edits.bind_source(self.document, tile_id, choice.id, select or None, new))

    def _set_title(self, tile_id: str, title: Any) -> None:
        current = plain(self.document.raw("tiles", self.document.tile_index(tile_id))
                        .get("title"))
        if current != title:
            self.perform(edits.set_tile_title(self.document, tile_id, title))

    def _placement(self, build: Callable[[], Edit]) -> None:
        if not self.document.is_valid:
            self._say(_("Fix the problems below before moving tiles."), error=True)
            self.refresh()
            return
        try:
            edit = build()
        except (PlacementRefused, ValueError) as refusal:
            self._say(_("Refused: {reason}").format(reason=refusal), error=True)
            self.refresh()  # the dragged rectangle springs back
            return
        self.perform(edit)

    def save(self) -> None:
        try:
            written = self.service.save(self.document, self.path, self.edits_since_save())
        except PermissionDenied as denial:
            self._say(str(denial), error=True)
        except LayoutError:
            self._say(_("Not saved: the layout has problems (see below)."), error=True)
        except OSError as error:
            self._say(_("Not saved: {reason}").format(reason=error), error=True)
        else:
            self.undo_stack.setClean()
            self._say(_("Saved to {path}").format(path=written))

    def edits_since_save(self) -> list[str]:
        """What the undo stack did since the file was last saved, for the audit trail."""
        stack = self.undo_stack
        clean, now = max(stack.cleanIndex(), 0), stack.index()
        if now >= clean:
            return [stack.text(i) for i in range(clean, now)]
        return [f"undo {stack.text(i)}" for i in reversed(range(now, clean))]

    def try_on_wall(self) -> None:
        if not self.document.is_valid:
            self._say(_("Fix the problems below before trying the layout."), error=True)
            return
        if self._guarded(self.service.try_on_wall, self.document.layout, str(self.path)):
            self._say(_("The wall shows the edited layout: Keep or Revert."))

    def _guarded(self, action: Callable[..., Any], *args: Any) -> bool:
        try:
            action(*args)
        except PermissionDenied as denial:
            self._say(str(denial), error=True)
            return False
        self._update_actions()
        return True

    # --- showing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        layout = self.document.layout
        scenario_ids = [s.id for s in layout.scenarios]
        if self.scenario.currentData() not in scenario_ids and self.scenario.count():
            self.scenario.setCurrentIndex(0)
        self.grid.show_scenario(layout, self.scenario_id)
        self.wall_form.show_wall(layout.wall)
        self._show_selected()
        self.problems.clear()
        for problem in self.document.problems:
            self.problems.addItem(f"{problem.line}:{problem.column}  {problem.message}")
        if not self.document.problems:
            self.problems.addItem(_("No problems."))
        self._update_actions()

    def _show_selected(self) -> None:
        tile_id = self.grid.selected
        try:
            index = self.document.tile_index(tile_id)
        except KeyError:
            self.properties.clear()
            return
        raw = self.document.raw("tiles", index)
        choices = source_choices(self.document.layout, self.catalog)
        self.properties.show_tile(tile_id, raw["type"], plain(raw.get("title")),
                                  plain(raw.get("options") or {}), plain(raw.get("binding")),
                                  choices)

    def _update_actions(self) -> None:
        self.save_action.setEnabled(self.document.is_valid)
        self.keep_action.setEnabled(self.service.trying)
        self.revert_action.setEnabled(self.service.trying)
        self.remove_action.setEnabled(bool(self.grid.selected))

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {palette.DANGER if error else palette.GOOD};")
        self.message.setText(text)
