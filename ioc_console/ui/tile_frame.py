"""The frame every tile sits in: its title and its data-state badge.

One place decides how freshness looks (as PyDM does with its alarm-sensitive border), so
no tile type can forget to show that its data is old. The frame and its badge paint
themselves in the colours of ``ioc_console.ui.theme`` (no style sheet: see there why).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ioc_console.model.badge import Badge
from ioc_console.model.common import localize
from ioc_console.ui import palette
from ioc_console.ui.frame_paint import frame_paint
from ioc_console.ui.theme import (
    BADGE_COLOURS,
    FRAME_BORDER_DEFAULT,
    FRAME_BORDERS,
    set_colours,
)
from ioc_console.ui.typography import Typography
from ioc_console.widgets.base import TileWidget


class StateBadge(QLabel):
    """"LIVE", "STALE 3 min"...: a rounded pill in the colours of the data state."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="DataBadge")
        self.setContentsMargins(8, 1, 8, 1)
        self.state = ""

    def set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            text, _background = BADGE_COLOURS.get(state, BADGE_COLOURS["connecting"])
            set_colours(self, text=text)
            self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        if not self.text():
            return  # nothing to say yet: no empty pill
        _text, background = BADGE_COLOURS.get(self.state, BADGE_COLOURS["connecting"])
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(QRectF(self.rect()), 4, 4)
        painter.end()
        super().paintEvent(event)


class TitleLabel(QLabel):
    """A tile title that ends in "…" when the tile is too narrow, instead of being cut off
    mid-letter under the badge; the whole title stays in the tooltip."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent, objectName="TileTitle")
        self.full_text = text
        self.setToolTip(text)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight,
                                              max(0, self.width()))
        if shown != self.text():
            self.setText(shown)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._elide()


class TileFrame(QFrame):
    double_clicked = Signal(str)  # the tile id: maximise it, or restore its panel

    def __init__(self, content: TileWidget, language: str, parent: QWidget | None = None):
        super().__init__(parent, objectName="TileFrame")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # see frame_paint
        self.content = content
        self.tile_id = content.tile.id
        self.title = TitleLabel(localize(content.tile.title, language))
        set_colours(self, text=palette.TEXT)
        self.badge = StateBadge()
        self.badge.setVisible(bool(content.tile.bindings()))
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.title, 1)
        header.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._box = QVBoxLayout(self)
        self._box.addLayout(header)
        self._box.addWidget(content, 1)
        self.title.setVisible(bool(self.title.full_text))
        self.set_badge(Badge("connecting", ""))

    def paintEvent(self, event) -> None:  # noqa: N802
        colour, dashed = FRAME_BORDERS.get(self.data_state, FRAME_BORDER_DEFAULT)
        frame_paint(self.width(), self.height(), self.devicePixelRatioF(), colour,
                    dashed).paint(QPainter(self))

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        self.double_clicked.emit(self.tile_id)
        super().mouseDoubleClickEvent(event)

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
        """Show the data state in the badge and on the border."""
        self.badge.setText(badge.text)
        self.badge.setToolTip(badge.tooltip)
        self.badge.set_state(badge.state)
        if self.property("dataState") != badge.state:
            self.setProperty("dataState", badge.state)
            self.update()  # the border shows the state too

    @property
    def data_state(self) -> str:
        return str(self.property("dataState"))
