"""The chart's history: polls merge by timestamp into a bounded, ordered window."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ioc_console.model.ring_buffer import TimeSeriesRing, parse_points

T0 = 1725886800000  # 2024-09-09T13:00Z
MIN = 60_000


def poll(first: int, count: int, step_ms: int = 10 * MIN, level: float = 80.0) -> list:
    return [[T0 + (first + i) * step_ms, level + (first + i) * 0.1] for i in range(count)]


def test_an_overlapping_poll_adds_only_what_is_new_and_keeps_time_order():
    ring = TimeSeriesRing(capacity=1000, window_ms=24 * 3600_000)
    assert ring.merge(poll(0, 100))
    assert not ring.merge(poll(0, 100))  # the same history again: nothing to redraw
    assert ring.merge(poll(50, 60))  # overlaps, then 10 newer points
    seconds, values = ring.arrays()
    assert len(ring) == 110
    assert seconds == sorted(seconds) and len(set(seconds)) == 110
    assert values[-1] == 80.0 + 109 * 0.1


def test_a_corrected_value_replaces_the_old_one_for_its_timestamp():
    ring = TimeSeriesRing(capacity=100, window_ms=24 * 3600_000)
    ring.merge(poll(0, 10))
    assert ring.merge([[T0 + 3 * 10 * MIN, 99.0]])
    assert ring.arrays()[1][3] == 99.0
    assert len(ring) == 10


def test_at_most_capacity_points_are_kept_the_newest_ones():
    ring = TimeSeriesRing(capacity=50, window_ms=10**12)
    for start in range(0, 500, 7):  # many small newer polls: exercises the slide-back
        ring.merge(poll(start, 7))
    seconds, _values = ring.arrays()
    assert len(ring) == 50
    assert seconds[-1] == (T0 + 503 * 10 * MIN) / 1000  # the last poll: 497..503
    assert seconds == sorted(seconds)


def test_points_older_than_the_window_before_the_newest_are_dropped():
    ring = TimeSeriesRing(capacity=10_000, window_ms=3600_000)  # one hour
    ring.merge(poll(0, 100, step_ms=MIN))
    seconds, _values = ring.arrays()
    assert seconds[0] == (T0 + 39 * MIN) / 1000  # 99 - 60 minutes
    assert not ring.merge(poll(0, 10, step_ms=MIN))  # too old to show: not a change


def test_a_full_buffer_ignores_a_repeat_of_history_it_has_already_let_go():
    ring = TimeSeriesRing(capacity=20, window_ms=10**12)
    ring.merge(poll(0, 145))
    assert not ring.merge(poll(0, 145))  # a series endpoint repeats its whole history


def test_bad_points_are_skipped_one_by_one():
    ring = TimeSeriesRing(capacity=100, window_ms=10**12)
    assert ring.merge([[T0, 1.0], [T0 + MIN, None], "junk", [T0 + 2 * MIN], {"t": 1},
                       [T0 + 3 * MIN, float("nan")], [T0 + 4 * MIN, "2.5"], [T0 + 5 * MIN, 3]])
    assert ring.arrays() == ([T0 / 1000, (T0 + 4 * MIN) / 1000, (T0 + 5 * MIN) / 1000],
                             [1.0, 2.5, 3.0])
    assert not ring.merge([])
    assert not ring.merge(["junk"])


def test_within_one_poll_the_last_value_of_a_repeated_stamp_wins():
    stamps, values = parse_points([[T0 + MIN, 1.0], [T0, 5.0], [T0 + MIN, 2.0]])
    assert stamps.tolist() == [T0, T0 + MIN] and values.tolist() == [5.0, 2.0]


def test_columns_are_copies_a_plot_may_keep():
    ring = TimeSeriesRing(capacity=5, window_ms=10**12)
    ring.merge(poll(0, 5))
    seconds, values = ring.columns()
    ring.merge(poll(5, 5))
    assert seconds[0] == T0 / 1000 and values[0] == 80.0


points = st.lists(st.tuples(st.integers(0, 400), st.integers(-50, 50)), max_size=40)


@settings(max_examples=150, deadline=None)
@given(polls=st.lists(points, max_size=8), capacity=st.integers(1, 30),
       window=st.integers(1, 300))
def test_the_ring_holds_what_a_plain_dict_of_the_newest_points_would(polls, capacity, window):
    ring = TimeSeriesRing(capacity=capacity, window_ms=window)
    expected: dict[int, float] = {}
    for batch in polls:
        ring.merge([[stamp, value] for stamp, value in batch])
        for stamp, value in batch:
            expected[stamp] = float(value)
        if expected:
            newest = max(expected)
            kept = sorted(s for s in expected if s >= newest - window)[-capacity:]
            expected = {s: expected[s] for s in kept}
    seconds, values = ring.arrays()
    assert [round(s * 1000) for s in seconds] == sorted(expected)
    assert values == [expected[s] for s in sorted(expected)]
