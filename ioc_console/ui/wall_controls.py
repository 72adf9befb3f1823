"""Keys and banners on the wall itself: freeze for a briefing, the visible countdown of
an automatic scenario switch that the operator can cancel with Esc, and the running
briefing deck (its keys and caption strip, in briefing_wall.py).

Routes only: the console session decides and records; the binder freezes the tiles.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QWidget

from ioc_console.i18n import _
from ioc_console.model.common import localize
from ioc_console.operations.console_session import ConsoleSession
from ioc_console.ui.briefing_wall import BriefingWall
from ioc_console.ui.denials import guarded
from ioc_console.ui.tile_binder import TileBinder
from ioc_console.ui.wall_keys import CANCEL_KEY, FREEZE_KEY


class Banner(QLabel):
    """A wide strip across the top of a wall window, readable from the back of the room."""

    def __init__(self, parent: QWidget, colour: str) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet(f"background: {colour}; color: white; font-weight: 800;"
                           " padding: 8px;")
        self.hide()

    def show_text(self, text: str) -> None:
        parent = self.parentWidget()
        font = QFont()
        font.setPixelSize(max(14, parent.height() // 30))
        self.setFont(font)
        self.setText(text)
        self.setGeometry(0, 0, parent.width(), round(font.pixelSize() * 2.2))
        self.raise_()
        self.show()


class WallControls(QObject):
    denied = Signal(str)  # a wall key refused: the text for a short notice on the wall

    def __init__(self, session: ConsoleSession, binder: TileBinder,
                 windows: Callable[[], list[QWidget]], language: str,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        super().__init__()
        self.session = session
        self.binder = binder
        self.windows = windows
        self.language = language
        self.clock = clock
        self._banners: dict[int, tuple[Banner, Banner]] = {}
        self.briefing = BriefingWall(session.briefing, windows, language, self.denied.emit)
        self._timer = QTimer(self, interval=500)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.bind_keys()

    def bind_keys(self) -> None:
        """(Re)install the keys on the current first wall window (windows are rebuilt)."""
        windows = self.windows()
        if not windows:
            return
        keys = ((QKeySequence(FREEZE_KEY), self.toggle_freeze),
                (QKeySequence(CANCEL_KEY), self.cancel_countdown))
        for sequence, action in keys:
            shortcut = QShortcut(sequence, windows[0])
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(lambda act=action: act())
        self.briefing.bind_keys()

    def toggle_freeze(self) -> None:
        frozen = not self.binder.frozen
        if guarded(lambda: self.session.freeze(frozen, "wall key"), self.denied.emit):
            self.binder.set_frozen(frozen)
        self.refresh()

    def cancel_countdown(self) -> None:
        pending = self.session.engine.pending
        if pending is not None and pending.switch_at is not None:
            guarded(lambda: self.session.reject_proposal("cancelled on the wall"),
                    self.denied.emit)
            self.refresh()

    def _banners_of(self, window: QWidget) -> tuple[Banner, Banner]:
        key = id(window)
        if key not in self._banners or self._banners[key][0].parentWidget() is not window:
            self._banners[key] = (Banner(window, "#6a4bc4"), Banner(window, "#d93025"))
        return self._banners[key]

    def refresh(self) -> None:
        pending = self.session.engine.pending
        countdown = None
        if pending is not None and pending.switch_at is not None:
            left = max(0, round((pending.switch_at - self.clock()).total_seconds()))
            name = localize(self.session.layout.scenario(pending.scenario_id).name,
                            self.language)
            countdown = _("Switching to {name} in {seconds} s — Esc to cancel").format(
                name=name, seconds=left)
        for window in self.windows():
            frozen_banner, countdown_banner = self._banners_of(window)
            if self.binder.frozen:
                frozen_banner.show_text(_("FROZEN — press {key} to return to live").format(
                    key=FREEZE_KEY))
            else:
                frozen_banner.hide()
            if countdown:
                countdown_banner.show_text(countdown)
                countdown_banner.move(0, frozen_banner.height() if self.binder.frozen else 0)
            else:
                countdown_banner.hide()
        self.briefing.refresh()

    @property
    def frozen_text(self) -> str:
        windows = self.windows()
        return self._banners_of(windows[0])[0].text() if windows else ""
