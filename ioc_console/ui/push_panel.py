"""The operator's "push to the wall" controls: put any tile on a chosen panel, maximise a tile
where it is, and give a panel back to its scenario.

Routes only: the console session checks the rights, records and changes the wall.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ioc_console.i18n import _
from ioc_console.model.common import localize
from ioc_console.operations.console_session import ConsoleSession
from ioc_console.ui.denials import guarded


class PushPanel(QGroupBox):
    def __init__(self, session: ConsoleSession, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(_("Push a tile to the wall"), parent)
        self.session = session
        self.language = language
        self.tiles = QComboBox()
        self.panels = QComboBox()
        self.push_button = QPushButton(_("Push"))
        self.maximise_button = QPushButton(_("Maximise where it is"))
        self.restore_button = QPushButton(_("Restore panel"))
        self.message = QLabel(wordWrap=True)
        self.push_button.clicked.connect(self.push)
        self.maximise_button.clicked.connect(self.maximise)
        self.restore_button.clicked.connect(self.restore)
        choose = QHBoxLayout()
        choose.addWidget(self.tiles, 2)
        choose.addWidget(QLabel("→"))
        choose.addWidget(self.panels, 1)
        buttons = QHBoxLayout()
        for button in (self.push_button, self.maximise_button, self.restore_button):
            buttons.addWidget(button)
        box = QVBoxLayout(self)
        box.addLayout(choose)
        box.addLayout(buttons)
        box.addWidget(self.message)
        self.fill_choices()
        self._unsubscribe: Callable[[], None] = session.engine.subscribe(
            lambda _state: self.show_overrides())
        self.show_overrides()

    def fill_choices(self) -> None:
        """The tiles and panels of the session's layout (again after a layout reload)."""
        layout = self.session.layout
        self.tiles.clear()
        for tile in layout.tiles:
            title = localize(tile.title, self.language) or tile.id
            self.tiles.addItem(f"{title} ({tile.type})", tile.id)
        self.panels.clear()
        for panel in layout.wall.panels:
            self.panels.addItem(localize(panel.name, self.language) or panel.id, panel.id)

    def push(self) -> None:
        self._run(lambda: self.session.push_tile(self.tiles.currentData(),
                                                 self.panels.currentData(), "operator console"))

    def maximise(self) -> None:
        def action() -> None:
            try:
                self.session.maximise_tile(self.tiles.currentData(), "operator console")
            except KeyError:
                self.message.setText(_("That tile is not on the wall now: push it instead."))
        self._run(action)

    def restore(self) -> None:
        self._run(lambda: self.session.restore_panel(self.panels.currentData()))

    def _run(self, action: Callable[[], None]) -> None:
        self.message.clear()
        guarded(action, self.message.setText)

    def show_overrides(self) -> None:
        if self.message.text() and not self.session.engine.state.overrides:
            return  # keep a refusal or hint on screen until the next action
        layout = self.session.layout
        lines = []
        for panel_id, tile_id in self.session.engine.state.overrides.items():
            try:
                title = localize(layout.tile(tile_id).title, self.language) or tile_id
                panel = localize(layout.wall.panel(panel_id).name, self.language) or panel_id
            except KeyError:  # the layout was reloaded without it
                continue
            lines.append(_("{panel}: showing {tile}").format(panel=panel, tile=title))
        self.message.setText("\n".join(lines))

    def closeEvent(self, event) -> None:  # noqa: N802
        self._unsubscribe()
        super().closeEvent(event)
