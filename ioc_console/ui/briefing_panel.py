"""The desk's briefing controls: pick a deck, start and stop it, step, pause, freeze.

Every button goes through the briefing service (which checks the right and records); a
refusal is shown under the buttons instead of escaping the slot.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
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
from ioc_console.ui import palette
from ioc_console.ui.denials import guarded


class BriefingPanel(QGroupBox):
    def __init__(self, session: ConsoleSession, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(_("Briefing"), parent)
        self.service = session.briefing
        self.language = language
        self.deck_picker = QComboBox()
        self.start_button = QPushButton(_("Start"))
        self.stop_button = QPushButton(_("Stop"))
        self.previous_button = QPushButton("◀ " + _("Previous"))
        self.pause_button = QPushButton(_("Pause"))
        self.next_button = QPushButton(_("Next") + " ▶")
        self.freeze_button = QPushButton(_("Freeze"))
        self.freeze_button.setCheckable(True)
        self.freeze_button.setEnabled(False)  # until the wall's freeze is connected
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.problem = QLabel(styleSheet=f"color: {palette.DANGER};")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.start_button.clicked.connect(lambda: self._run(self._start))
        self.stop_button.clicked.connect(lambda: self._run(self.service.stop))
        self.previous_button.clicked.connect(lambda: self._run(self.service.previous))
        self.pause_button.clicked.connect(lambda: self._run(self.service.toggle_pause))
        self.next_button.clicked.connect(lambda: self._run(self.service.next))
        self.freeze_button.clicked.connect(lambda: self._run(self._toggle_freeze))
        picker_row = QHBoxLayout()
        picker_row.addWidget(self.deck_picker, 1)
        picker_row.addWidget(self.start_button)
        picker_row.addWidget(self.stop_button)
        step_row = QHBoxLayout()
        for button in (self.previous_button, self.pause_button, self.next_button,
                       self.freeze_button):
            step_row.addWidget(button)
        box = QVBoxLayout(self)
        box.addLayout(picker_row)
        box.addLayout(step_row)
        box.addWidget(self.status)
        box.addWidget(self.problem)
        self._toggle_wall_freeze: Callable[[], None] | None = None
        self._wall_frozen: Callable[[], bool] = lambda: False
        unsubscribe = self.service.subscribe(self.refresh)
        self.destroyed.connect(lambda *_a: unsubscribe())
        self._timer = QTimer(self, interval=1000)  # the time left, and a freeze made by F12
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def connect_freeze(self, toggle: Callable[[], None], frozen: Callable[[], bool]) -> None:
        """The wall's freeze (WallControls.toggle_freeze): the panel only routes to it."""
        self._toggle_wall_freeze, self._wall_frozen = toggle, frozen
        self.freeze_button.setEnabled(True)
        self.refresh()

    def _start(self) -> None:
        deck_id = self.deck_picker.currentData()
        if deck_id is not None:
            self.service.start(deck_id)

    def _toggle_freeze(self) -> None:
        if self._toggle_wall_freeze is not None:
            self._toggle_wall_freeze()

    def _run(self, action: Callable[[], None]) -> None:
        if guarded(action, self._show_problem):
            self.problem.hide()
        self.refresh()

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _fill_decks(self) -> None:
        """The layout's decks (again after a reload changed them)."""
        decks = self.service.decks()
        shown = [self.deck_picker.itemData(i) for i in range(self.deck_picker.count())]
        if shown == [d.id for d in decks]:
            return
        chosen = self.deck_picker.currentData()
        self.deck_picker.clear()
        for deck in decks:
            self.deck_picker.addItem(localize(deck.name, self.language, deck.id), deck.id)
        index = self.deck_picker.findData(chosen)
        self.deck_picker.setCurrentIndex(max(0, index))

    def refresh(self) -> None:
        self._fill_decks()
        status = self.service.status()
        running = status is not None
        self.deck_picker.setEnabled(self.deck_picker.count() > 0)
        self.start_button.setEnabled(self.deck_picker.count() > 0)
        for button in (self.stop_button, self.previous_button, self.pause_button,
                       self.next_button):
            button.setEnabled(running)
        self.pause_button.setText(_("Resume") if running and status.paused else _("Pause"))
        frozen = self._wall_frozen()
        self.freeze_button.setChecked(frozen)
        self.freeze_button.setText(_("Back to live") if frozen else _("Freeze"))
        if status is None:
            self.status.setText(_("No briefing running.") if self.deck_picker.count()
                                else _("The layout has no briefing decks."))
            return
        if status.paused:
            left = _("PAUSED")
        elif status.finished:
            left = _("end of the deck")
        else:
            left = _("{time} left").format(time=status.time_left)
        self.status.setText(f"{status.deck_name(self.language)} — {status.position}: "
                            f"{status.caption(self.language)} · {left}")
