"""The alert-feed tile as an operator sees it: order, words, acknowledgements, sound, flash."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from ioc_console.widgets import alert_feed
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QRegion
from PySide6.QtWidgets import QLabel, QWidget

from ioc_console import i18n
from ioc_console.data.alert_store import Acknowledgement
from ioc_console.model.alert_feed_view import LOCAL_ZONE
from ioc_console.ui.typography import Typography
from tests.tile_samples import alert as sample_alert
from tests.tile_samples import make_tile, show_tile

HOSTILE = "<img src=x onerror=alert(1)>"


def alert(identifier: str, severity: str, minutes: int = 0, **fields):
    replaced = {k: fields.pop(k) for k in ("category", "area_descriptions", "sent")
                if k in fields}
    return sample_alert(identifier, severity, minutes, **fields).model_copy(update=replaced)


@pytest.fixture
def english():
    i18n.set_language("en")
    yield


@pytest.fixture
def vietnamese():
    i18n.set_language("vi")
    yield
    i18n.set_language("en")


@pytest.fixture
def feed(qtbot):
    """A shown alert-feed tile built with the given options."""

    def build(size=(700, 900), **options):
        widget = alert_feed.WIDGET(make_tile("alert-feed", options=options), "vi")
        return show_tile(widget, qtbot, size)

    return build


def ink(label: QLabel) -> int:
    """How many pixels of text the label draws (rendered on black, light text)."""
    image = QImage(label.size(), QImage.Format.Format_RGB32)
    image.fill(QColor("#000000"))
    label.render(image, QPoint(0, 0), QRegion(), QWidget.RenderFlag.DrawChildren)
    return sum(1 for x in range(image.width()) for y in range(image.height())
               if image.pixelColor(x, y).lightness() > 60)


def headlines(widget) -> list[str]:
    return [row.headline.text() for row in widget.rows]


def test_rows_read_most_severe_first_then_newest_with_icon_word_and_colour(feed, english):
    widget = feed()
    widget.show_data("cap", {"alerts": [alert("m", "Minor"), alert("s-old", "Severe"),
                                        alert("s-new", "Severe", minutes=7),
                                        alert("x", "Extreme")], "problems": []})
    assert headlines(widget) == ["Extreme x", "Severe s-new", "Severe s-old", "Minor m"]
    top = widget.rows[0]
    assert top.badge.text() in ("⛔ EXTREME", "✖ EXTREME")  # ⛔ when the font has it
    assert "#d400ff" in top.badge.styleSheet() and "#d400ff" in top.styleSheet()
    assert widget.rows[3].badge.text() == "● MINOR"
    assert top.detail.text() == "Lũ (MÔ PHỎNG) · Ven sông Hồng"
    assert top.time_label.text() == "20:00 09/09"  # 13:00Z is 20:00 in Lào Cai, not today
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    widget.show_data("cap", [alert("today", "Minor", sent=now)])
    assert widget.rows[0].time_label.text() == now.astimezone(LOCAL_ZONE).strftime("%H:%M")


def test_severity_words_are_translated_and_keep_the_cap_word(feed, vietnamese):
    widget = feed()
    widget.show_data("cap", [alert("x", "Extreme"), alert("s", "Severe")])
    assert widget.rows[0].badge.text().endswith("CỰC KỲ NGUY HIỂM / EXTREME")
    assert widget.rows[1].badge.text() == "▲ NGHIÊM TRỌNG / SEVERE"
    assert widget.rows[0].ack_button.text() == "Xác nhận"


def test_the_options_filter_what_is_listed(feed):
    widget = feed(min_severity="Moderate", categories=["Met"], area_contains="sa pa")
    widget.show_data("cap", [
        alert("in", "Severe", area_descriptions=["Thị xã Sa Pa"]),
        alert("too-minor", "Minor", area_descriptions=["Sa Pa"]),
        alert("geo", "Extreme", category=["Geo"], area_descriptions=["Sa Pa"]),
        alert("elsewhere", "Extreme", area_descriptions=["Bát Xát"])])
    assert [a.identifier for a in widget.visible_alerts()] == ["in"]


def test_beyond_max_items_the_rest_is_summed_up_per_severity(feed, english):
    widget = feed(max_items=3)
    minors = [alert(f"m{i:02}", "Minor", minutes=i) for i in range(40)]
    widget.show_data("cap", {"alerts": minors, "problems": []})
    assert len(widget.rows) == 3
    assert widget.summary.isVisible() and widget.summary.text() == "+37 more Minor"
    widget.show_data("cap", minors[:2])
    assert len(widget.rows) == 2 and not widget.summary.isVisible()


def test_the_summary_in_vietnamese(feed, vietnamese):
    widget = feed(max_items=1)
    widget.show_data("cap", [alert("s", "Severe"), alert("a", "Minor"), alert("b", "Minor")])
    assert widget.summary.text() == "+2 cảnh báo Nhẹ khác"


def test_a_hostile_headline_appears_literally_and_nothing_renders_markup(feed):
    widget = feed()
    widget.show_data("cap", [alert("x", "Extreme", headline=HOSTILE,
                                   area_descriptions=["<b>Lào Cai</b>"])])
    row = widget.rows[0]
    assert row.headline.text() == HOSTILE
    assert row.headline.textFormat() == Qt.TextFormat.PlainText
    assert "<b>Lào Cai</b>" in row.detail.text()
    labels = widget.findChildren(QLabel)
    assert labels and all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    # on screen it is the 28 characters, not a (broken) picture as rich text would draw it
    rich = QLabel(HOSTILE, widget)
    rich.setTextFormat(Qt.TextFormat.RichText)
    rich.setFont(row.headline.font())
    rich.setStyleSheet(row.headline.styleSheet())
    rich.resize(row.headline.size())
    assert ink(row.headline) > 5 * ink(rich) + 200


def test_acknowledging_asks_for_a_comment_in_the_tile_and_then_shows_who(
        feed, qtbot, english):
    widget = feed()
    widget.show_data("cap", [alert("a", "Severe"), alert("b", "Minor")])
    row = widget.row_for("a")
    assert row.ack_button.isVisible() and not row.comment.isVisible()
    qtbot.mouseClick(row.ack_button, Qt.MouseButton.LeftButton)
    assert row.comment.isVisible()
    qtbot.keyClicks(row.comment, "evacuated")
    row.comment.setText(row.comment.text() + " — đã sơ tán")  # QTest can only type ASCII
    with qtbot.waitSignal(widget.acknowledge_requested) as request:
        qtbot.keyClick(row.comment, Qt.Key.Key_Return)
    assert request.args == ["a", "evacuated — đã sơ tán"]
    assert not row.comment.isVisible()
    ack = Acknowledgement("a", "lan", "evacuated — đã sơ tán",
                          datetime(2024, 9, 9, 13, 5, tzinfo=UTC))
    widget.set_acknowledgements({"a": ack})
    assert row.ack_label.isVisible()
    assert row.ack_label.text() == "✓ acknowledged by lan at 20:05"
    assert row.ack_comment.text() == "evacuated — đã sơ tán"
    assert not row.ack_button.isVisible()
    other = widget.row_for("b")
    assert other.ack_button.isVisible() and not other.ack_label.isVisible()
    widget.show_data("cap", [alert("a", "Severe"), alert("b", "Minor")])  # the next poll
    assert widget.row_for("a").ack_label.text() == "✓ acknowledged by lan at 20:05"


def test_double_click_opens_the_comment_escape_gives_up_the_button_confirms(feed, qtbot):
    widget = feed()
    widget.show_data("cap", [alert("a", "Severe")])
    row = widget.rows[0]
    qtbot.mouseDClick(row, Qt.MouseButton.LeftButton)
    assert row.comment.isVisible()
    with qtbot.assertNotEmitted(widget.acknowledge_requested):
        qtbot.keyClick(row.comment, Qt.Key.Key_Escape)
    assert not row.comment.isVisible()
    qtbot.mouseClick(row.ack_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(widget.acknowledge_requested) as request:
        qtbot.mouseClick(row.ack_button, Qt.MouseButton.LeftButton)  # second click confirms
    assert request.args == ["a", ""]


def test_a_comment_being_typed_survives_the_next_poll(feed, qtbot):
    widget = feed()
    widget.show_data("cap", [alert("a", "Severe")])
    row = widget.rows[0]
    qtbot.mouseClick(row.ack_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(row.comment, "dang xu ly")
    widget.show_data("cap", [alert("a", "Severe"), alert("b", "Extreme")])
    assert widget.row_for("a") is row and row.comment.isVisible()
    assert row.comment.text() == "dang xu ly"
    assert headlines(widget) == ["Extreme b", "Severe a"]


def test_sound_per_severity_only_for_new_alerts_and_never_when_muted(feed):
    widget = feed()
    widget.show_data("cap", [alert("a", "Severe")])
    assert widget.played == []  # what was there when the wall started is not news
    widget.show_data("cap", [alert("a", "Severe"), alert("b", "Moderate")])
    assert widget.played == ["Moderate"]
    widget.show_data("cap", [alert("a", "Severe"), alert("b", "Moderate")])  # same poll again
    assert widget.played == ["Moderate"]
    widget.show_data("cap", [alert("a", "Severe"), alert("c", "Minor"), alert("d", "Severe")])
    assert widget.played == ["Moderate", "Severe"]  # one sound per poll: the worst new one
    widget.set_muted(True)
    widget.show_data("cap", [alert("e", "Extreme")])
    assert widget.played == ["Moderate", "Severe"]
    widget.set_muted(False)
    widget.show_data("cap", [alert("f", "Minor")])
    assert widget.played[-1] == "Minor"


def test_no_sound_when_the_option_is_off_or_the_alert_is_filtered_out(feed):
    quiet = feed(sound=False)
    quiet.show_data("cap", [])
    quiet.show_data("cap", [alert("x", "Extreme")])
    assert quiet.played == []
    severe_only = feed(min_severity="Severe")
    severe_only.show_data("cap", [])
    severe_only.show_data("cap", [alert("m", "Minor")])
    assert severe_only.played == []


def test_the_sound_files_exist_small_and_playing_never_raises(feed):
    from importlib import resources

    folder = resources.files("ioc_console.resources") / "sounds"
    for severity in ("extreme", "severe", "moderate", "minor", "unknown"):
        data = (folder / f"{severity}.wav").read_bytes()
        assert data[:4] == b"RIFF" and len(data) < 100_000
    widget = feed()
    for severity in ("Extreme", "Unknown"):
        widget._play(severity)  # with or without an audio device
    assert widget.played == ["Extreme", "Unknown"]


def test_a_new_extreme_alert_flashes_the_tile_for_a_few_seconds(feed, qtbot, monkeypatch):
    monkeypatch.setattr(alert_feed, "FLASH_PERIOD_MS", 40)
    widget = feed(size=(600, 500))
    widget.show_data("cap", [alert("s", "Severe")])
    before = widget.grab().toImage()
    assert not widget.flashing
    widget.show_data("cap", [alert("s", "Severe"), alert("x", "Extreme")])
    assert widget.flashing and widget.property("flashing") is True
    during = widget.grab().toImage()
    corner = during.pixelColor(2, 2)
    assert corner != before.pixelColor(2, 2)
    assert corner.name() == "#d400ff"  # the border, in the Extreme colour
    qtbot.waitUntil(lambda: not widget.flashing, timeout=3000)
    assert widget.grab().toImage().pixelColor(2, 2) == before.pixelColor(2, 2)


def test_no_flash_for_other_severities_or_when_the_option_is_off(feed):
    widget = feed()
    widget.show_data("cap", [])
    widget.show_data("cap", [alert("s", "Severe")])
    assert not widget.flashing
    calm = feed(flash_extreme=False)
    calm.show_data("cap", [])
    calm.show_data("cap", [alert("x", "Extreme")])
    assert not calm.flashing and calm.played == ["Extreme"]


def test_frozen_holds_the_list_and_the_news_until_released(feed):
    widget = feed()
    widget.show_data("cap", [alert("a", "Severe")])
    widget.set_frozen(True)
    widget.show_data("cap", [alert("a", "Severe"), alert("x", "Extreme")])
    assert headlines(widget) == ["Severe a"] and widget.played == []
    widget.set_frozen(False)
    assert headlines(widget) == ["Extreme x", "Severe a"]
    assert widget.played == ["Extreme"] and widget.flashing


def test_bad_values_keep_the_last_good_list_and_an_empty_feed_says_so(feed, english):
    widget = feed()
    widget.show_data("cap", [alert("a", "Severe")])
    for garbage in (None, "HTTP 503", {"error": "down"}, [{"headline": "?"}]):
        widget.show_data("cap", garbage)
    assert headlines(widget) == ["Severe a"] and not widget.empty.isVisible()
    widget.show_data("cap", {"alerts": [], "problems": [{"link": "x", "error": "bad"}]})
    assert widget.rows == [] and widget.empty.isVisible()
    assert widget.empty.text() == "No active alerts"
    assert widget.problem_label.text() == "⚠ 1 alert messages could not be read"


def test_text_sizes_follow_the_typography_headlines_bigger(feed):
    widget = feed()
    widget.show_data("cap", [alert("a", "Severe")])
    widget.set_typography(Typography(1.5))
    body = Typography(1.5).body
    row = widget.rows[0]
    assert row.headline.font().pixelSize() > body
    for label in (row.badge, row.time_label, row.detail, row.ack_label, widget.summary,
                  widget.empty):
        assert label.font().pixelSize() >= body
    assert row.ack_button.font().pixelSize() >= body


def test_on_a_narrow_tile_every_row_and_its_button_stay_inside_the_tile(feed, vietnamese):
    widget = feed(size=(240, 600))
    widget.show_data("cap", {"alerts": [
        alert("a1", "Moderate", headline="Khả năng mưa dông chiều tối, nguy cơ lũ quét")]})
    row = widget.rows[0]
    right_edge = row.mapTo(widget, QPoint(row.width(), 0)).x()
    button_right = row.ack_button.mapTo(widget, QPoint(row.ack_button.width(), 0)).x()
    assert right_edge <= widget.width() and button_right <= widget.width()
    assert row.headline.height() > row.headline.fontMetrics().height() * 1.5  # it wrapped
