"""The frame every tile sits in: its title and its data-state badge.

One place decides how freshness looks (as PyDM does with its alarm-sensitive border), so
no tile type can forget to show that its data is old. Colours come from the theme via
the ``dataState`` property.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ioc_console.model.badge import Badge
from ioc_console.model.common import localize
from ioc_console.ui.typography import Typography
from ioc_console.widgets.base import TileWidget


class TileFrame(QFrame):
    def __init__(self, content: TileWidget, language: str, parent: QWidget | None = None):
        super().__init__(parent, objectName="TileFrame")
        self.content = content
        self.tile_id = content.tile.id
        self.title = QLabel(localize(content.tile.title, language), objectName="TileTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.badge = QLabel(objectName="DataBadge")
        self.badge.setVisible(content.tile.binding is not None)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.title, 1)
        header.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._box = QVBoxLayout(self)
        self._box.addLayout(header)
        self._box.addWidget(content, 1)
        self.title.setVisible(bool(self.title.text()))
        self.set_badge(Badge("connecting", ""))

    def set_typography(self, typography: Typography) -> None:
        margin = typography.px(12)
        self._box.setContentsMargins(margin, typography.px(8), margin, margin)
        self._box.setSpacing(typography.px(6))
        title_font = QFont()
        title_font.setPixelSize(typography.title)
        title_font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(title_font)
        badge_font = QFont()
        badge_font.setPixelSize(typography.badge)
        badge_font.setWeight(QFont.Weight.Bold)
        self.badge.setFont(badge_font)
        self.content.set_typography(typography)

    def set_badge(self, badge: Badge) -> None:
        """Show the data state; re-polish so the theme's colour for the state applies."""
        self.badge.setText(badge.text)
        self.badge.setToolTip(badge.tooltip)
        for widget in (self, self.badge):
            if widget.property("dataState") != badge.state:
                widget.setProperty("dataState", badge.state)
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    @property
    def data_state(self) -> str:
        return str(self.property("dataState"))
