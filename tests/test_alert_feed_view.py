"""What an alert feed lists, in which order, and what counts as news: pure rules, no Qt."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from ioc_console import i18n
from ioc_console.data.alerts import AlertReference
from ioc_console.model.alert_feed_view import (
    NewsTracker,
    feed_view,
    fold,
    local_time,
    loudest,
    parse_feed_value,
    severity_badge,
    summary_text,
)
from tests.tile_samples import alert as sample_alert

T0 = datetime(2024, 9, 9, 13, tzinfo=UTC)


@dataclass
class StandIn:
    """Anything with an alert's attributes is listed like one (the model reads attributes)."""

    identifier: str
    severity: str
    sent: datetime = T0
    category: list[str] = field(default_factory=lambda: ["Met"])
    area_descriptions: list[str] = field(default_factory=list)
    headline: str = ""
    expires: datetime | None = None


@pytest.fixture
def vietnamese():
    i18n.set_language("vi")
    yield
    i18n.set_language("en")


def alert(identifier: str, severity: str, minutes: int = 0, **fields):
    """A sample alert; category and area_descriptions may be replaced too."""
    replaced = {k: fields.pop(k) for k in ("category", "area_descriptions") if k in fields}
    return sample_alert(identifier, severity, minutes, **fields).model_copy(update=replaced)


def ids(alerts) -> list[str]:
    return [a.identifier for a in alerts]


def test_most_severe_first_then_newest_and_ties_never_swap():
    alerts = [alert("m-old", "Minor"), alert("s", "Severe"), alert("m-new", "Minor", minutes=9),
              alert("x", "Extreme"), alert("b", "Moderate"), alert("a", "Moderate")]
    assert ids(feed_view(alerts).shown) == ["x", "s", "a", "b", "m-new", "m-old"]
    assert ids(feed_view(list(reversed(alerts))).shown) == ["x", "s", "a", "b", "m-new",
                                                             "m-old"]


def test_filters_by_minimum_severity_category_and_area_ignoring_case_and_accents():
    alerts = [alert("rain", "Minor", area_descriptions=["Xã Bản Hồ, Sa Pa"]),
              alert("flood", "Severe", area_descriptions=["Phường Lào Cai"]),
              alert("quake", "Extreme", category=["Geo"], area_descriptions=["Bát Xát"])]
    assert ids(feed_view(alerts, min_severity="Severe").shown) == ["quake", "flood"]
    assert ids(feed_view(alerts, categories=["geo"]).shown) == ["quake"]
    assert ids(feed_view(alerts, area_contains="lao cai").shown) == ["flood"]
    assert ids(feed_view(alerts, area_contains="BAN HO").shown) == ["rain"]
    assert ids(feed_view(alerts, categories=["Met"], min_severity="Moderate").shown) == [
        "flood"]
    assert fold("Đường Điện Biên") == "duong dien bien"


def test_beyond_max_items_the_rest_is_counted_per_severity_most_severe_first():
    alerts = [alert(f"m{i}", "Minor", minutes=i) for i in range(37)]
    alerts += [alert("s1", "Severe"), alert("s2", "Severe", minutes=1), alert("x", "Extreme"),
               alert("u", "Unknown")]
    view = feed_view(alerts, max_items=2)
    assert ids(view.shown) == ["x", "s2"]
    assert view.hidden_by_severity == {"Severe": 1, "Minor": 37, "Unknown": 1}
    assert view.hidden_total == 39
    assert summary_text({"Minor": 37}) == "+37 more Minor"
    assert summary_text(view.hidden_by_severity).split("   ") == [
        "+1 more Severe", "+37 more Minor", "+1 more Unknown"]


def test_the_summary_and_the_severity_badge_speak_vietnamese(vietnamese):
    assert summary_text({"Minor": 37}) == "+37 cảnh báo Nhẹ khác"
    assert severity_badge("Extreme") == "⛔ CỰC KỲ NGUY HIỂM / EXTREME"
    assert severity_badge("Minor") == "● NHẸ / MINOR"
    assert severity_badge("nonsense") == "○ CHƯA RÕ / UNKNOWN"


def test_the_badge_in_english_is_icon_and_word():
    assert severity_badge("Severe") == "▲ SEVERE"


def test_a_feed_value_is_read_or_refused_so_the_tile_keeps_its_last_good_list():
    first = alert("a", "Severe")
    assert parse_feed_value({"alerts": [first], "problems": [{"link": "x", "error": "bad"}]}
                            ) == ([first], [{"link": "x", "error": "bad"}])
    assert parse_feed_value([first]) == ([first], [])
    assert parse_feed_value([]) == ([], [])  # every alert is over: an empty list is news
    for garbage in (None, "down", 42, {"level": 3}, [{"headline": "not an alert"}]):
        assert parse_feed_value(garbage) is None


def test_updates_and_cancels_in_the_batch_are_applied_and_expired_alerts_leave():
    first = alert("a1", "Severe")
    update = alert("a2", "Extreme", minutes=5, msg_type="Update", references=[
        AlertReference(sender=first.sender, identifier="a1", sent=first.sent)])
    old = alert("old", "Minor", expires=T0 + timedelta(hours=1))
    alerts, _problems = parse_feed_value([first, update, old], now=T0 + timedelta(hours=2))
    assert ids(alerts) == ["a2"]
    alerts, _problems = parse_feed_value([old], now=T0 + timedelta(minutes=30))
    assert ids(alerts) == ["old"]


def test_a_stand_in_with_the_alert_attributes_works_too():
    alerts = [StandIn("b", "Minor", area_descriptions=["Sa Pa"]), StandIn("a", "Extreme"),
              StandIn("c", "Minor", expires=T0)]
    parsed, _problems = parse_feed_value(alerts, now=T0 + timedelta(seconds=1))
    assert ids(feed_view(parsed, area_contains="sa pa").shown) == ["b"]
    assert ids(feed_view(parsed).shown) == ["a", "b"]


def test_news_is_what_this_tile_never_saw_and_the_first_batch_is_not_news():
    tracker = NewsTracker()
    assert tracker.news([alert("a", "Severe")]) == []
    assert ids(tracker.news([alert("a", "Severe"), alert("b", "Minor")])) == ["b"]
    assert tracker.news([alert("a", "Severe"), alert("b", "Minor")]) == []
    assert tracker.news([alert("b", "Minor")]) == []
    assert tracker.news([alert("a", "Severe")]) == []  # back after a flaky poll: not news
    empty_start = NewsTracker()
    assert empty_start.news([]) == []
    assert ids(empty_start.news([alert("x", "Extreme")])) == ["x"]


def test_the_loudest_new_alert_chooses_the_sound():
    assert loudest([alert("a", "Minor"), alert("b", "Severe"), alert("c", "Moderate")]) == \
        "Severe"
    assert loudest([]) is None


def test_times_read_in_lao_cai_time_with_the_date_when_not_today():
    now = datetime(2024, 9, 9, 15, tzinfo=UTC)  # 22:00 in Lào Cai
    assert local_time(T0, now) == "20:00"
    assert local_time(T0, now + timedelta(days=1)) == "20:00 09/09"
    assert local_time(datetime(2024, 9, 9, 17, 30, tzinfo=UTC), now) == "00:30 10/09"
