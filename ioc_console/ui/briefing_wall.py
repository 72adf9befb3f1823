"""The running briefing on the wall: a calm caption strip along the bottom, the deck keys,
and each item's map view and chart time range handed to the tiles.

Routes only: the briefing service decides, switches and records.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from ioc_console.i18n import _
from ioc_console.operations.briefing_service import BriefingService, BriefingStatus
from ioc_console.ui import palette
from ioc_console.ui.denials import guarded
from ioc_console.ui.tile_frame import TileFrame
from ioc_console.ui.wall_keys import NEXT_KEYS, PAUSE_KEYS, PREVIOUS_KEYS

log = logging.getLogger(__name__)

# 1/24 of a panel's height: 45 px on a 1080-line panel, ~28 mm on a 55" screen, read at 5 m
CAPTION_SHARE = 24
PAUSED_COLOUR = palette.WARNING


class BriefingStrip(QFrame):
    """Deck name, the item's caption, then "3 / 7 · 0:42 left" (or PAUSED) on the right."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, objectName="BriefingStrip")
        self.setStyleSheet(
            f"#BriefingStrip {{ background: rgba(5, 8, 13, 225);"
            f" border-top: 3px solid #6a4bc4; }}"
            f" QLabel {{ color: {palette.TEXT}; background: transparent; }}")
        self.deck_name = QLabel()
        self.caption = QLabel()
        self.position = QLabel()
        self.time_left = QLabel()
        self.deck_name.setStyleSheet(f"color: {palette.TEXT_DIM};")
        self.position.setStyleSheet(f"color: {palette.TEXT_DIM};")
        for label in (self.deck_name, self.position, self.time_left):
            label.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        row = QHBoxLayout(self)
        row.addWidget(self.deck_name)
        row.addWidget(self.caption, 1)
        row.addWidget(self.position)
        row.addWidget(self.time_left)
        self.hide()

    def show_status(self, status: BriefingStatus, language: str, panel_rows: int) -> None:
        parent = self.parentWidget()
        size = max(14, parent.height() // (CAPTION_SHARE * max(1, panel_rows)))
        small = max(12, round(size * 0.75))
        self._set_font(self.caption, size, QFont.Weight.DemiBold)
        for label in (self.deck_name, self.position, self.time_left):
            self._set_font(label, small, QFont.Weight.Normal)
        self.deck_name.setText(status.deck_name(language) + "  ·")
        self.caption.setText(status.caption(language))
        self.position.setText(status.position)
        if status.paused:
            self.time_left.setText(_("PAUSED"))  # a word, not a glyph: wall fonts lack ⏸
            self.time_left.setStyleSheet(f"color: {PAUSED_COLOUR}; font-weight: 700;"
                                         f" border: 2px solid {PAUSED_COLOUR};"
                                         " border-radius: 4px; padding: 0 0.4em;")
        else:
            text = _("end of the deck") if status.finished else _("{time} left").format(
                time=status.time_left)
            self.time_left.setText("·  " + text)
            self.time_left.setStyleSheet(f"color: {palette.TEXT};")
        row = self.layout()
        row.setContentsMargins(size, round(size * 0.35), size, round(size * 0.35))
        row.setSpacing(round(size * 0.6))
        height = round(size * 2.3)
        self.setGeometry(0, parent.height() - height, parent.width(), height)
        self.raise_()
        self.show()

    @staticmethod
    def _set_font(label: QLabel, pixels: int, weight: QFont.Weight) -> None:
        font = QFont()
        font.setPixelSize(pixels)
        font.setWeight(weight)
        label.setFont(font)


class BriefingWall(QObject):
    def __init__(self, service: BriefingService, windows: Callable[[], list[QWidget]],
                 language: str, on_denied: Callable[[str], None]) -> None:
        super().__init__()
        self.service = service
        self.on_denied = on_denied  # a refused key: a short notice on the wall
        self.windows = windows
        self.language = language
        self._strips: dict[int, BriefingStrip] = {}
        self._applied: tuple[str, int] | None = None  # the item whose tile views are set
        self._map_view_set = False
        self._unsubscribe = service.subscribe(self._on_change)

    def close(self) -> None:
        self._unsubscribe()

    def _on_change(self) -> None:
        self.apply_tile_views()
        self.refresh()

    # --- keys ----------------------------------------------------------------------------
    def bind_keys(self) -> None:
        """Deck keys on every wall window, active only while that window is (see wall_keys)."""
        actions = ((NEXT_KEYS, self.service.next), (PREVIOUS_KEYS, self.service.previous),
                   (PAUSE_KEYS, self.service.toggle_pause))
        for window in self.windows():
            for keys, action in actions:
                for key in keys:
                    shortcut = QShortcut(QKeySequence(key), window)
                    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                    shortcut.activated.connect(
                        lambda act=action: guarded(act, self.on_denied))
        self._applied = None
        self.apply_tile_views()  # rebuilt windows have new tiles

    # --- strip ---------------------------------------------------------------------------
    def strip_of(self, window: QWidget) -> BriefingStrip:
        strip = self._strips.get(id(window))
        if strip is None or strip.parentWidget() is not window:
            strip = self._strips[id(window)] = BriefingStrip(window)
        return strip

    def refresh(self) -> None:
        status = self.service.status()
        windows = self.windows()
        lowest = max((w.geometry().bottom() for w in windows), default=0)
        for window in windows:
            strip = self.strip_of(window)
            # one strip along the bottom of the wall, not one per screen
            if status is not None and window.geometry().bottom() == lowest:
                strip.show_status(status, self.language, _panel_rows(window))
            else:
                strip.hide()

    # --- tiles ---------------------------------------------------------------------------
    def apply_tile_views(self) -> None:
        """The item's map view and chart range; without them, the tiles' own."""
        status = self.service.status()
        key = (status.deck.id, status.index) if status is not None else None
        if key == self._applied:
            return
        self._applied = key
        item = status.item if status is not None else None
        map_view = item.map_view if item is not None else None
        chart_range = item.chart_range_s if item is not None else None
        for window in self.windows():
            for frame in window.findChildren(TileFrame):
                content = frame.content
                set_range = getattr(content, "set_time_range", None)
                if set_range is not None:
                    set_range(chart_range)
                set_view = getattr(content, "set_scenario", None)
                if set_view is not None and map_view is not None:
                    set_view(map_view)
                elif set_view is not None and self._map_view_set:
                    set_view(self.service.session.engine.current)  # back to its own view
        self._map_view_set = map_view is not None


def _panel_rows(window: QWidget) -> int:
    """How many rows of panels a window shows: a simulated wall shows them all at once."""
    rects = getattr(window, "panel_rects", None)
    return len({r.y for r in rects.values()}) if rects else 1
