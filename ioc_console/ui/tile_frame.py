"""The frame every tile sits in: its title and its data-state badge.

One place decides how freshness looks (as PyDM does with its alarm-sensitive border), so
no tile type can forget to show that its data is old. The frame and its badge paint
themselves in the colours of ``ioc_console.ui.theme`` (no style sheet: see there why).
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap, QPixmapCache
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ioc_console.model.badge import Badge
from ioc_console.model.common import localize
from ioc_console.ui import palette
from ioc_console.ui.theme import (
    BADGE_COLOURS,
    FRAME_BORDER_DEFAULT,
    FRAME_BORDERS,
    set_colours,
)
from ioc_console.ui.typography import Typography
from ioc_console.widgets.base import TileWidget

FRAME_RADIUS = 6
BORDER_PX = 2
CORNER_PX = FRAME_RADIUS + BORDER_PX


@functools.cache
def _colour(name: str) -> QColor:
    return QColor(name)


def frame_corners(ratio: float, border: str) -> QPixmap:
    """A small rounded tile, 2 corners wide and high, on the wall's background: the frame
    copies its four corners from it, drawn once per colour."""
    key = f"ioc-frame-corners@{ratio}:{border}"
    corners = QPixmapCache.find(key)
    if corners is not None:
        return corners
    side = 2 * CORNER_PX
    corners = QPixmap(QSize(side, side) * ratio)
    corners.setDevicePixelRatio(ratio)
    corners.fill(QColor(palette.BACKGROUND))
    painter = QPainter(corners)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(border), BORDER_PX))
    painter.setBrush(QColor(palette.TILE))
    half = BORDER_PX / 2
    painter.drawRoundedRect(QRectF(half, half, side - BORDER_PX, side - BORDER_PX),
                            FRAME_RADIUS, FRAME_RADIUS)
    painter.end()
    QPixmapCache.insert(key, corners)
    return corners


def paint_frame(painter: QPainter, width: int, height: int, ratio: float, border: str,
                dashed: bool) -> None:
    """The rounded tile with its border, every pixel opaque.

    A scenario switch repaints two dozen frames in one event-loop turn, and on these
    machines painting is bound by memory: an anti-aliased fill of a whole tile, or
    copying a picture of it, costs ~0.1 ms a frame, where plain fills cost a third. So the
    inside and the straight edges are plain fills; only the corners are copied.
    """
    c, b = CORNER_PX, BORDER_PX
    painter.fillRect(b, b, width - 2 * b, height - 2 * b, _colour(palette.TILE))
    # a dashed border's gaps show the wall (every pixel is painted: the frame is opaque)
    strip = _colour(palette.BACKGROUND if dashed else border)
    for edge in (QRect(c, 0, width - 2 * c, b), QRect(c, height - b, width - 2 * c, b),
                 QRect(0, c, b, height - 2 * c), QRect(width - b, c, b, height - 2 * c)):
        painter.fillRect(edge, strip)
    if dashed:
        painter.setPen(QPen(_colour(border), b, Qt.PenStyle.DashLine, Qt.PenCapStyle.FlatCap))
        painter.drawRect(QRectF(b / 2, b / 2, width - b, height - b))
    corners = frame_corners(ratio, border)
    for x, y in ((0, 0), (width - c, 0), (0, height - c), (width - c, height - c)):
        source = QRectF(0 if x == 0 else c * ratio, 0 if y == 0 else c * ratio,
                        c * ratio, c * ratio)
        painter.drawPixmap(QRectF(x, y, c, c), corners, source)


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
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # see paint_frame
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
        paint_frame(QPainter(self), self.width(), self.height(), self.devicePixelRatioF(),
                    colour, dashed)

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
