"""Big numbers are drawn once per change and copied at every other paint, and what they
show is always the current text in the current colour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from ioc_console.ui.picture_label import PictureLabel


def colours(label: PictureLabel) -> set[str]:
    image = label.grab().toImage()
    return {QColor(image.pixel(x, y)).name()
            for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)}


def big_label(qtbot, text: str) -> PictureLabel:
    label = PictureLabel(text, alignment=Qt.AlignmentFlag.AlignCenter)
    font = QFont()
    font.setPixelSize(120)  # beyond Qt's glyph cache, as on a 1080p panel
    label.setFont(font)
    label.setStyleSheet("color: #ffffff; background: #000000;")
    qtbot.addWidget(label)
    label.resize(600, 200)
    label.show()
    qtbot.waitExposed(label)
    return label


def test_a_repaint_with_the_same_text_copies_the_picture(qtbot):
    label = big_label(qtbot, "18,911")
    label.repaint()
    drawn = label.pictures_drawn
    label.repaint()
    label.repaint()
    assert label.pictures_drawn == drawn


def test_new_text_and_a_new_colour_show_at_the_next_paint(qtbot):
    label = big_label(qtbot, "8")
    one = label.grab().toImage()
    label.setText("88")
    assert label.grab().toImage() != one
    assert "#ffffff" in colours(label)
    label.setStyleSheet("color: #ff0000; background: #000000;")
    seen = colours(label)
    assert "#ff0000" in seen and "#ffffff" not in seen
