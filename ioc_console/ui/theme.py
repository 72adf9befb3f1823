"""The dark control-room theme as a Qt palette, and the colours of each data state.

Not a style sheet: once an application has one, Qt paints every widget through its style
sheet engine, which more than doubled the cost of painting the wall (10 ms against 4 ms
per full repaint of four panels, bench/scenario_switch.py). Widgets that need more than
colours (the tile frame, the data badge) paint themselves.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from ioc_console.ui import palette

# (text, background) of the data badge per state
BADGE_COLOURS: dict[str, tuple[str, str]] = {
    "live": ("#061a0c", palette.GOOD),
    "stale": ("#1d1400", palette.WARNING),
    "disconnected": ("#0b0f14", palette.TEXT_DIM),
    "error": ("#ffffff", "#d93025"),
    "connecting": ("#cfd8e3", "#2b3947"),
    "frozen": ("#ffffff", "#6a4bc4"),
}

# (colour, dashed) of the tile border per state; a dashed border reads as "not current"
# even on a projector that washes colours out
FRAME_BORDERS: dict[str, tuple[str, bool]] = {
    "stale": (palette.WARNING, True),
    "disconnected": (palette.TEXT_DIM, True),
    "error": (palette.DANGER, False),
}
FRAME_BORDER_DEFAULT = (palette.GRID_LINE, False)


def dark_palette() -> QPalette:
    colours = QPalette()
    roles = {
        QPalette.ColorRole.Window: palette.BACKGROUND,
        QPalette.ColorRole.WindowText: palette.TEXT,
        QPalette.ColorRole.Base: "#0b1118",
        QPalette.ColorRole.AlternateBase: palette.TILE,
        QPalette.ColorRole.Text: palette.TEXT,
        QPalette.ColorRole.Button: "#1b2733",
        QPalette.ColorRole.ButtonText: palette.TEXT,
        QPalette.ColorRole.Highlight: "#2f6fb3",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: palette.TILE,
        QPalette.ColorRole.ToolTipText: palette.TEXT,
        QPalette.ColorRole.PlaceholderText: palette.TEXT_DIM,
        QPalette.ColorRole.Link: palette.ACCENT,
    }
    for role, colour in roles.items():
        colours.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        colours.setColor(QPalette.ColorGroup.Disabled, role, QColor("#5c6975"))
    return colours


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")  # the same look on every desktop, and it follows the palette
    app.setPalette(dark_palette())


def set_colours(widget: QWidget, text: str | None = None, background: str | None = None) -> None:
    """Text and background colours of one widget (and, by inheritance, its children)."""
    colours = widget.palette()
    if text is not None:
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
            colours.setColor(role, QColor(text))
    if background is not None:
        colours.setColor(QPalette.ColorRole.Window, QColor(background))
        widget.setAutoFillBackground(True)
    widget.setPalette(colours)
