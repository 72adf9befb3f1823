"""The Qt-free rules behind the tiles: thresholds, changes, rankings, numbers, ranges."""

from __future__ import annotations

from ioc_console.model.chart_scale import settle, time_window, value_range
from ioc_console.model.kpi_logic import (
    History,
    ThresholdLevel,
    change,
    change_is_good,
    judge,
    threshold_color,
)
from ioc_console.model.ranking import sort_rows, text_key, top_n
from ioc_console.model.tile_values import as_number, decimals_for

AMBER, GREEN, RED = "#f2b233", "#3ddc84", "#ff5a52"
ON_TIME = [ThresholdLevel(98.5, GREEN, "đạt"), ThresholdLevel(97, AMBER)]  # any order


def test_a_value_takes_the_colour_and_word_of_the_highest_level_it_reached():
    assert judge(99.2, ON_TIME, True).reached == ON_TIME[0]
    assert judge(97.5, ON_TIME, True).reached == ON_TIME[1]
    assert threshold_color(judge(97.0, ON_TIME, True), RED) == AMBER


def test_below_every_level_is_worst_when_higher_is_better_and_normal_otherwise():
    short = judge(96.0, ON_TIME, higher_is_better=True)
    assert short.short and threshold_color(short, RED) == RED
    beds = [ThresholdLevel(90, AMBER), ThresholdLevel(100, RED)]
    normal = judge(85.0, beds, higher_is_better=False)
    assert not normal.short and threshold_color(normal, RED) is None
    assert threshold_color(judge(101.0, beds, False), "#000000") == RED
    assert threshold_color(judge(5.0, [], True), RED) is None  # no levels, no colour


def test_change_is_against_the_previous_reading_or_the_target():
    assert change(41234, 41100, None, "previous") == 134
    assert change(8.9, None, 8.5, "target") == 8.9 - 8.5
    assert change(5, None, None, "previous") is None
    assert change(5, 4, 3, "none") is None


def test_whether_a_change_is_good_news_depends_on_the_direction():
    assert change_is_good(3, True) is True
    assert change_is_good(3, False) is False
    assert change_is_good(-1, False) is True
    assert change_is_good(0, True) is None


def test_history_keeps_distinct_readings_and_the_one_before_the_latest():
    history = History(size=3)
    for value in (1, 1, 2, 2, 3, 4):
        history.add(value)
    assert history.values == [2, 3, 4]
    assert (history.latest, history.previous) == (4, 3)


def test_numbers_are_read_leniently_but_only_finite_ones():
    assert as_number(3) == 3.0 and as_number(" 0.25 ") == 0.25
    for junk in (None, True, "n/a", float("nan"), float("inf"), [1], {"v": 1}):
        assert as_number(junk) is None
    assert decimals_for(12.0, None) == 0 and decimals_for(12.5, None) == 1
    assert decimals_for(12.0, 2) == 2


def test_top_n_ranks_by_value_and_leaves_out_rows_without_one():
    rows = [{"name": "Sở Xây dựng", "overdue": 12}, {"name": "Sở Y tế", "overdue": 30},
            {"name": "Sở Tư pháp"}, {"name": "Sở Tài chính", "overdue": 3},
            {"name": "Sở Nội vụ", "overdue": 12}]
    assert [r["name"] for r in top_n(rows, "overdue", 3)] == [
        "Sở Y tế", "Sở Xây dựng", "Sở Nội vụ"]  # ties keep the source's order
    assert [r["name"] for r in top_n(rows, "overdue", 2, descending=False)] == [
        "Sở Tài chính", "Sở Xây dựng"]


def test_missing_values_sink_in_both_directions():
    rows = [{"k": 2}, {"k": None}, {}, {"k": 5}, {"k": ""}]
    assert [r.get("k") for r in sort_rows(rows, "k", True)][:2] == [5, 2]
    assert [r.get("k") for r in sort_rows(rows, "k", False)][:2] == [2, 5]


def test_severity_sorts_by_rank_not_alphabetically():
    rows = [{"s": "Minor"}, {"s": "Extreme"}, {"s": "Moderate"}, {"s": "Severe"}]
    ordered = [r["s"] for r in sort_rows(rows, "s", True, severity=True)]
    assert ordered == ["Extreme", "Severe", "Moderate", "Minor"]


def test_vietnamese_names_sort_by_their_letters():
    names = ["Yên Bái", "Đồng Tâm", "Bảo Hà", "Lào Cai", "Dương Quỳ", "Bắc Hà"]
    assert sorted(names, key=text_key) == [
        "Bảo Hà", "Bắc Hà", "Dương Quỳ", "Đồng Tâm", "Lào Cai", "Yên Bái"]


def test_the_value_axis_reaches_the_next_alarm_level_above_and_below():
    alarms = [80.0, 82.0, 83.5]
    low, high = value_range((77.1, 77.4), alarms)
    assert low < 77.1 and 80.0 < high < 82.0  # BĐ I in view, BĐ II not
    low, high = value_range((84.0, 86.9), alarms)
    assert 82.0 < low < 83.5 and high > 86.9  # in flood: BĐ III in view
    assert value_range((5.0, 5.0), []) == (4.75, 5.25)
    assert value_range(None, alarms) is None


def test_the_time_axis_shows_the_window_and_moves_in_steps():
    day = 86400.0
    start, end = time_window(1725886800.0, day)  # 13:00Z, on a half-hour step
    assert end - start == day and 0 < end - 1725886800.0 <= 1800
    assert time_window(1725886800.0 + 60, day) == (start, end)  # a minute later: no change
    assert time_window(end + 1, day)[1] == end + 1800


def test_the_value_axis_only_moves_when_the_data_no_longer_fits():
    assert settle(None, (76.0, 81.0)) == (76.0, 81.0)
    assert settle((76.0, 81.0), (76.1, 81.0)) == (76.0, 81.0)  # centimetres: keep
    assert settle((76.0, 81.0), (76.0, 82.0)) == (76.0, 82.0)  # the data would touch the top
    assert settle((60.0, 81.0), (76.0, 81.0)) == (76.0, 81.0)  # far too zoomed out
