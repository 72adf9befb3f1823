"""Putting the wall on the room's screens: one frameless full-screen window per canvas.

When the screens the layout needs are not all there (a technician's laptop, a panel that
lost its cable) the wall is shown simulated in one window instead of crashing or
leaving a canvas nowhere; when the screens come back the wall returns to them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QScreen, QShortcut
from PySide6.QtWidgets import QWidget

from ioc_console.i18n import _
from ioc_console.model.layout import Layout
from ioc_console.model.screen_assignment import assign_screens
from ioc_console.ui.simulated_wall import SimulatedWall
from ioc_console.ui.tile_frame import TileFrame
from ioc_console.ui.wall_view import FrameHook, WallView

log = logging.getLogger(__name__)


class WallWindows(QObject):
    """Owns the top-level wall windows and rebuilds them when layout or screens change."""

    notice = Signal(str)
    opened = Signal()  # the windows were (re)built: keys and banners attach to the new ones

    def __init__(self, layout: Layout, language: str, simulate: bool = False,
                 scenario: str | None = None, on_frame_created: FrameHook | None = None,
                 switch: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.language = language
        self.force_simulated = simulate
        self._on_frame_created = on_frame_created
        self.view = WallView(layout, language, scenario, on_frame_created)
        self.switch = switch or self.view.switch
        self.windows: list[QWidget] = []
        self.simulated = False
        app = QGuiApplication.instance()
        app.screenAdded.connect(self._screens_changed)
        app.screenRemoved.connect(self._screen_removed)

    @property
    def layout(self) -> Layout:
        return self.view.layout

    def open(self) -> None:
        self.close()
        screens = QGuiApplication.screens()
        assignment = assign_screens(self.layout.wall, [s.name() for s in screens])
        if self.force_simulated or not assignment.complete:
            if not self.force_simulated:
                canvases = len(self.layout.wall.effective_canvases())
                message = _("The layout needs {needed} screens but {found} are connected; "
                            "showing a simulated wall.").format(needed=canvases,
                                                                found=len(screens))
                log.warning("%s %s", message, "; ".join(assignment.missing))
                self.notice.emit(message)
            self._open_simulated()
        else:
            self._open_fullscreen({cid: screens[i] for cid, i in assignment.screens.items()})
        self._bind_hotkeys()
        self.opened.emit()

    def _open_simulated(self) -> None:
        window = SimulatedWall(self.view)
        window.show()
        self.windows = [window]
        self.simulated = True

    def _open_fullscreen(self, screens: dict[str, QScreen]) -> None:
        canvases = self.view.build_canvases()
        for canvas_id, view in canvases.items():
            screen = screens[canvas_id]
            geometry = screen.geometry()
            view.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.Window)
            view.winId()  # a native window must exist before it can be given a screen
            view.windowHandle().setScreen(screen)
            view.setGeometry(geometry)
            view.set_scale(geometry.width() / view.grid.size_px[0])
            view.showFullScreen()
        self.windows = list(canvases.values())
        self.simulated = False

    def _bind_hotkeys(self) -> None:
        """One application-wide shortcut per scenario, whichever wall window has focus."""
        if not self.windows:
            return
        for scenario in self.layout.scenarios:
            if scenario.hotkey:
                shortcut = QShortcut(QKeySequence(scenario.hotkey), self.windows[0])
                shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
                shortcut.activated.connect(lambda sid=scenario.id: self.switch(sid))

    def close(self) -> None:
        for window in self.windows:
            window.close()
            window.deleteLater()
        self.windows = []
        self.view.canvases = {}

    def frames(self) -> list[TileFrame]:
        return [f for view in self.view.canvases.values() for f in view.frames.values()]

    def _screens_changed(self, _screen: QScreen | None = None) -> None:
        if self.windows:
            QTimer.singleShot(0, self.open)

    def _screen_removed(self, screen: QScreen) -> None:
        if not self.windows:
            return
        if not self.simulated:
            self.notice.emit(_("Screen {name} was removed; showing the wall in one window.")
                             .format(name=screen.name()))
        # the screen list is only up to date once this signal has been delivered
        QTimer.singleShot(0, self.open)
