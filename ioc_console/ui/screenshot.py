"""Render the whole wall, every panel at its own resolution with bezels, into one image."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from ioc_console.model.geometry import wall_pixel_rects
from ioc_console.ui.wall_view import WallView


def render_wall(wall_view: WallView, scale: float = 1.0) -> QImage:
    """Grab each canvas at full resolution and cut it into its panels on the physical wall.

    The canvases must have been built (``wall_view.build_canvases()``) and shown. Called
    from a coroutine on the qasync loop, it must not process events itself: that would step
    other tasks re-entrantly ("Cannot enter into task … while another task … is being
    executed"), leaving the screenshot's own task waiting forever.
    """
    layout = wall_view.layout
    (width, height), panel_rects = wall_pixel_rects(layout.wall)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#000000"))
    painter = QPainter(image)
    for view in wall_view.canvases.values():
        picture = view.grab()
        for panel_id in view.canvas.panels:
            source = view.grid.panel_rect(panel_id).scaled(view.scale)
            target = panel_rects[panel_id]
            painter.drawPixmap(QRect(target.x, target.y, target.width, target.height), picture,
                               QRect(source.x, source.y, source.width, source.height))
    painter.end()
    if scale != 1.0:
        image = image.scaled(round(width * scale), round(height * scale),
                             Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return image
