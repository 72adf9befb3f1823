"""The status rules and the hub: what a badge says, and who hears about it."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from ioc_console.runtime import freshness
from ioc_console.runtime.freshness import Failure, SourceState, SourceStatus, compute_status
from ioc_console.runtime.hub import DataHub

NOW = datetime(2024, 9, 9, 13, 0, tzinfo=UTC)
TTL = 30.0


def ago(seconds: float) -> datetime:
    return NOW - timedelta(seconds=seconds)


S = SourceStatus


@pytest.mark.parametrize(("received", "failure", "from_cache", "silence", "expected"), [
    (None, None, False, S.STALE, S.CONNECTING),  # nothing yet, nothing wrong yet
    (ago(5), None, False, S.STALE, S.LIVE),  # young data, last attempt fine
    (ago(30), None, False, S.STALE, S.LIVE),  # exactly at the TTL is still live
    (ago(31), None, False, S.STALE, S.STALE),  # too old: stale, value kept
    (ago(31), None, False, S.DISCONNECTED, S.DISCONNECTED),  # a silent stream
    (ago(5), Failure.UNREACHABLE, False, S.STALE, S.DISCONNECTED),  # value held, network gone
    (ago(500), Failure.UNREACHABLE, False, S.STALE, S.DISCONNECTED),
    (None, Failure.UNREACHABLE, False, S.STALE, S.ERROR),  # never reached: nothing to show
    (ago(5), Failure.BAD_ANSWER, False, S.STALE, S.ERROR),  # HTTP error / bad payload
    (None, Failure.BAD_ANSWER, False, S.STALE, S.ERROR),
    (ago(1), None, True, S.STALE, S.STALE),  # restored from the cache
])
def test_the_status_table(received, failure, from_cache, silence, expected):
    assert compute_status(received_at=received, ttl_s=TTL, now=NOW, failure=failure,
                          from_cache=from_cache, silence=silence) is expected


def test_a_failure_keeps_the_last_value_its_age_and_says_why():
    good = freshness.succeeded("rivers", {"level": 86.9}, ago(10), TTL)
    gone = freshness.failed(good, "rivers", "cannot connect to 10.0.0.5:80: connection refused",
                            Failure.UNREACHABLE, NOW, TTL)
    assert (gone.status, gone.value, gone.received_at) == (S.DISCONNECTED, {"level": 86.9},
                                                           ago(10))
    assert gone.age_s(NOW) == 10 and "refused" in gone.error
    bad = freshness.failed(gone, "rivers", "HTTP 503 Service Unavailable", Failure.BAD_ANSWER,
                           NOW, TTL)
    assert (bad.status, bad.value, bad.error) == (S.ERROR, {"level": 86.9},
                                                  "HTTP 503 Service Unavailable")
    first = freshness.failed(None, "rivers", "timed out after 10 s", Failure.UNREACHABLE, NOW,
                             TTL)
    assert (first.status, first.value, first.age_s(NOW)) == (S.ERROR, None, None)


def test_a_not_modified_answer_makes_the_held_value_live_again():
    old = freshness.failed(freshness.succeeded("a", 1, ago(100), TTL), "a", "timed out",
                           Failure.UNREACHABLE, ago(50), TTL)
    again = freshness.confirmed(old, NOW)
    assert (again.status, again.value, again.received_at, again.error) == (S.LIVE, 1, NOW, None)


def test_live_data_ages_into_stale_and_a_silent_stream_into_disconnected():
    live = freshness.succeeded("a", [1], ago(31), TTL)
    assert live.aged(ago(31) + timedelta(seconds=29)) is live
    stale = live.aged(NOW)
    assert (stale.status, stale.value, stale.error) == (S.STALE, [1], None)
    assert stale.aged(NOW + timedelta(hours=1)) is stale
    silent = live.aged(NOW, S.DISCONNECTED)
    assert silent.status is S.DISCONNECTED and silent.error == "no heartbeat for 30 s"


def test_a_restored_value_is_stale_and_marked_as_from_the_cache():
    restored = freshness.restored("a", {"x": 1}, ago(3600), TTL)
    assert restored.status is S.STALE and restored.from_cache and restored.age_s(NOW) == 3600
    failed = freshness.failed(restored, "a", "refused", Failure.UNREACHABLE, NOW, TTL)
    assert failed.from_cache and failed.status is S.DISCONNECTED and failed.value == {"x": 1}
    assert freshness.connecting("a", TTL).status is S.CONNECTING


def test_the_hub_delivers_to_subscribers_of_that_source_and_to_all():
    hub = DataHub()
    mine, everything = [], []
    unsubscribe = hub.subscribe("a", mine.append)
    hub.subscribe_all(everything.append)
    first = SourceState("a", S.LIVE, 1)
    hub.publish(first)
    hub.publish(SourceState("b", S.LIVE, 2))
    assert mine == [first] and [s.source_id for s in everything] == ["a", "b"]
    assert hub.state("a") is first and set(hub.states()) == {"a", "b"}
    unsubscribe()
    unsubscribe()  # twice is harmless
    hub.publish(SourceState("a", S.STALE, 1))
    assert mine == [first] and hub.state("a").status is S.STALE
    assert hub.state("missing") is None


def test_a_failing_subscriber_does_not_stop_the_others(caplog):
    hub = DataHub()
    received = []

    def broken(state):
        raise RuntimeError("tile bug")

    hub.subscribe("a", broken)
    hub.subscribe("a", received.append)
    hub.subscribe_all(received.append)
    with caplog.at_level(logging.ERROR):
        hub.publish(SourceState("a", S.LIVE, 1))
    assert len(received) == 2
    assert "a subscriber of source a failed" in caplog.text


def test_a_subscriber_may_unsubscribe_while_being_called():
    hub = DataHub()
    calls = []

    def once(state):
        calls.append(state)
        unsubscribe()

    unsubscribe = hub.subscribe("a", once)
    hub.publish(SourceState("a", S.LIVE, 1))
    hub.publish(SourceState("a", S.LIVE, 2))
    assert len(calls) == 1
