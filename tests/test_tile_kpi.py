"""The KPI tile as the room reads it: a big Vietnamese number, its change with an arrow
and a sign, a threshold colour that always comes with a word, and a sparkline."""

from __future__ import annotations

from ioc_console.widgets.kpi import KpiWidget

from ioc_console import i18n
from ioc_console.ui import palette
from ioc_console.ui.typography import Typography
from tests.tile_samples import make_tile, show_tile

AMBER, GREEN = "#f2b233", "#3ddc84"
ON_TIME = {"unit": "%", "decimals": 2, "thresholds": [{"value": 97, "color": AMBER},
                                                     {"value": 98.5, "color": GREEN}]}


def kpi(qtbot, language="vi", size=(520, 320), **options):
    widget = KpiWidget(make_tile("kpi", options=options), language)
    return show_tile(widget, qtbot, size)


def colours_in(widget) -> set[str]:
    image = widget.grab().toImage()
    return {image.pixelColor(x, y).name() for x in range(0, image.width(), 2)
            for y in range(0, image.height(), 2)}


def test_the_number_is_written_the_vietnamese_way(qtbot):
    widget = kpi(qtbot, decimals=1, unit="%")
    widget.show_data("s", 1234.5)
    assert widget.value_label.text() == "1.234,5"
    assert widget.unit_label.text() == "%"
    english = kpi(qtbot, language="en", decimals=1)
    english.show_data("s", 1234.5)
    assert english.value_label.text() == "1,234.5"


def test_the_value_is_big_and_bold_even_on_a_1080p_panel(qtbot):
    widget = kpi(qtbot)
    widget.show_data("s", 41234)
    font = widget.value_label.font()
    assert font.pixelSize() >= Typography(1.0).value >= 24
    assert font.bold()


def test_a_long_number_shrinks_but_never_below_the_value_size(qtbot):
    widget = kpi(qtbot, size=(240, 200), unit={"vi": "tỷ đồng", "en": "bn VND"})
    widget.show_data("s", 15_450_000_000)
    assert widget.value_label.font().pixelSize() == Typography(1.0).value
    roomy = kpi(qtbot, size=(900, 300))
    roomy.show_data("s", 12)
    assert roomy.value_label.font().pixelSize() > Typography(1.0).value


def test_the_change_has_an_arrow_and_a_sign_not_only_a_colour(qtbot):
    widget = kpi(qtbot, decimals=0)
    widget.show_data("s", 41100)
    assert widget.change_label.text() == ""  # nothing to compare with yet
    widget.show_data("s", 41234)
    assert widget.change_label.text() == "▲ +134"
    widget.show_data("s", 41234)  # the same reading again: the last change stays
    assert widget.change_label.text() == "▲ +134"
    widget.show_data("s", 41231)
    assert widget.change_label.text() == "▼ −3"
    assert palette.DANGER in widget.change_label.styleSheet()  # fewer visitors: bad news


def test_a_rise_is_bad_news_when_lower_is_better(qtbot):
    widget = kpi(qtbot, higher_is_better=False)
    widget.show_data("s", 5)
    widget.show_data("s", 8)
    assert widget.change_label.text() == "▲ +3"
    assert palette.DANGER in widget.change_label.styleSheet()


def test_the_change_against_a_target(qtbot):
    i18n.set_language("vi")
    try:
        widget = kpi(qtbot, decimals=2, compare="target", target=8.5, unit="%")
        widget.show_data("s", 8.12)
        assert widget.change_label.text() == "▼ −0,38 so với mục tiêu"
    finally:
        i18n.set_language("en")


def test_threshold_colour_comes_with_a_word_and_shows_on_screen(qtbot):
    widget = kpi(qtbot, **ON_TIME)
    widget.show_data("s", 99.24)
    assert GREEN in widget.value_label.styleSheet()
    assert widget.level_label.text() == "● ≥ 98,50"
    assert GREEN in colours_in(widget)
    widget.show_data("s", 97.8)
    assert AMBER in widget.value_label.styleSheet() and AMBER in colours_in(widget)
    widget.show_data("s", 96.1)  # below every level of a higher-is-better KPI
    assert palette.DANGER in widget.value_label.styleSheet()
    assert widget.level_label.text() == "● < 97,00"


def test_thresholds_of_a_lower_is_better_kpi_leave_the_normal_range_uncoloured(qtbot):
    widget = kpi(qtbot, decimals=1, higher_is_better=False, thresholds=[
        {"value": 90, "color": AMBER, "label": "Cao"}, {"value": 100, "color": "#ff5a52",
                                                        "label": "Quá tải"}])
    widget.show_data("s", 72.5)
    assert palette.TEXT in widget.value_label.styleSheet()
    assert widget.level_label.text() == ""
    widget.show_data("s", 103.0)
    assert widget.level_label.text() == "● Quá tải"


def test_null_or_junk_keeps_the_last_good_number(qtbot):
    widget = kpi(qtbot, decimals=2)
    widget.show_data("s", None)
    assert widget.value_label.text() == "—"
    widget.show_data("s", "99.4")  # a number sent as text (Prometheus does this)
    for junk in (None, "timeout", {"error": 1}, float("nan"), True):
        widget.show_data("s", junk)
    assert widget.value_label.text() == "99,40"


def test_the_sparkline_follows_the_last_readings(qtbot):
    widget = kpi(qtbot)
    for value in (10, 12, 11, 15, 15, 18):
        widget.show_data("s", value)
    assert widget.sparkline.values == [10, 12, 11, 15, 18]
    assert palette.ACCENT in colours_in(widget.sparkline)
    hidden = kpi(qtbot, sparkline=False)
    assert not hidden.sparkline.isVisible()


def test_the_caption_is_shown_in_the_tile_language(qtbot):
    widget = kpi(qtbot, caption={"vi": "Mục tiêu 2025: 8,5 %", "en": "2025 target: 8.5 %"})
    assert widget.caption_label.text() == "Mục tiêu 2025: 8,5 %"
    assert widget.caption_label.isVisible()


def test_frozen_the_number_stays_and_the_newest_shows_on_release(qtbot):
    widget = kpi(qtbot)
    widget.show_data("s", 100)
    widget.set_frozen(True)
    widget.show_data("s", 120)
    widget.show_data("s", 130)
    assert widget.value_label.text() == "100"
    widget.set_frozen(False)
    assert widget.value_label.text() == "130"
    assert widget.change_label.text() == "▲ +10"
    assert widget.sparkline.values == [100, 120, 130]  # nothing was lost meanwhile


def test_new_typography_reapplies_every_font(qtbot):
    widget = kpi(qtbot, size=(1000, 600), caption="x")
    widget.show_data("s", 5)
    widget.set_typography(Typography(2.0))
    assert widget.value_label.font().pixelSize() >= Typography(2.0).value
    assert widget.change_label.font().pixelSize() == Typography(2.0).body
    assert widget.caption_label.font().pixelSize() == Typography(2.0).body
