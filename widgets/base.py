"""What every tile widget offers the frame that holds it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from ioc_console.model.tiles import TileBase
from ioc_console.ui.typography import Typography


class TileWidget(QWidget):
    """The content of one tile. The frame around it owns the title and the data badge.

    Subclasses draw their type; they receive already-selected values through
    ``show_value`` (on the GUI thread) and sizes through ``set_typography``.
    """

    # Built, laid out and painted once, off the wall, when the wall opens, so the first
    # switch to its scenario creates nothing. A tile that starts a browser engine waits
    # until it is first shown.
    build_ahead = True
    # Off the wall, the frame is parked outside the canvas (cheap to bring back) unless
    # its content would keep running there unseen (a browser engine): that one is hidden.
    parks_off_canvas = True

    def __init__(self, tile: TileBase, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tile = tile
        self.language = language
        self.typography = Typography(1.0)
        self.frozen = False
        self.on_wall = True
        self._held: dict[str, Any] = {}

    def set_on_wall(self, on_wall: bool) -> None:
        """Placed on the wall, or parked off it because the scenario does not show it."""
        if on_wall != self.on_wall:
            self.on_wall = on_wall
            self.showing_changed()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self.showing_changed()

    def hideEvent(self, event: Any) -> None:  # noqa: N802
        super().hideEvent(event)
        self.showing_changed()

    def showing_changed(self) -> None:
        """``is_showing()`` may have changed (shown, hidden, placed on or parked off the
        wall): start or stop what only matters while the tile can be seen."""

    def is_showing(self) -> bool:
        """On the wall and shown: parked tiles are visible to Qt but seen by nobody."""
        return self.on_wall and self.isVisible()

    def set_typography(self, typography: Typography) -> None:
        self.typography = typography

    def show_value(self, value: Any) -> None:
        """New data for a tile with one binding: the selection from its source's value."""

    def show_data(self, source_id: str, value: Any) -> None:
        """New data from one of the tile's sources. While frozen it is held, not shown."""
        if self.frozen:
            self._held[source_id] = value
            return
        self.receive(source_id, value)

    def receive(self, source_id: str, value: Any) -> None:
        """Draw new data; tiles reading several sources override this."""
        self.show_value(value)

    def set_frozen(self, frozen: bool) -> None:
        """Briefing freeze: the picture stays still; on release the newest data shows."""
        self.frozen = frozen
        if not frozen:
            held, self._held = self._held, {}
            for source_id, value in held.items():
                self.receive(source_id, value)
