"""Retries spread out and grow, but never beyond the cap, and start over after a success."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ioc_console.model.sources import SourceSpec
from ioc_console.runtime.backoff import Backoff
from ioc_console.runtime.scheduler import retry_backoff


def test_each_delay_stays_between_the_floor_and_a_doubling_ceiling():
    backoff = Backoff(1.0, 30.0, random.Random(1), floor_s=0.2)
    for failure in range(1, 12):
        delay = backoff.next_delay()
        ceiling = min(30.0, 2.0 ** (failure - 1))
        assert backoff.ceiling() == ceiling
        assert 0.2 <= delay <= ceiling


def test_delays_grow_on_average_until_the_cap():
    rng = random.Random(7)
    means = []
    for failures in (1, 3, 5, 9):
        samples = []
        for _ in range(400):
            backoff = Backoff(1.0, 10.0, rng)
            for _ in range(failures):
                delay = backoff.next_delay()
            samples.append(delay)
        means.append(sum(samples) / len(samples))
    assert means[0] < means[1] < means[2]
    assert means[3] == pytest.approx(5.0, rel=0.15)  # capped: uniform over [0, 10]
    assert max(samples) <= 10.0


def test_a_success_starts_over_from_the_base():
    backoff = Backoff(2.0, 60.0, random.Random(3))
    for _ in range(6):
        backoff.next_delay()
    assert backoff.ceiling() == 60.0
    backoff.reset()
    assert backoff.next_delay() <= 2.0


def test_the_same_seed_gives_the_same_delays():
    def delays(seed):
        backoff = Backoff(0.5, 20.0, random.Random(seed))
        return [backoff.next_delay() for _ in range(8)]

    assert delays(42) == delays(42)
    assert delays(42) != delays(43)


def test_nonsense_settings_are_refused():
    with pytest.raises(ValueError):
        Backoff(0, 10)
    with pytest.raises(ValueError):
        Backoff(5, 1)


@given(st.floats(min_value=0.5, max_value=86400), st.integers(min_value=1, max_value=40),
       st.integers(min_value=0, max_value=2**32))
def test_a_failing_source_retries_no_later_than_its_poll_interval(poll_s, failures, seed):
    """So a backend that comes back is seen within one poll interval."""
    spec = SourceSpec(id="a", kind="json", url="/x", poll_s=poll_s)
    backoff = retry_backoff(spec, random.Random(seed))
    for _ in range(failures):
        delay = backoff.next_delay()
    assert 0 < delay <= min(poll_s, 300.0)
