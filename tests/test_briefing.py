"""A briefing deck steps through its pages on time, and pauses when the leader talks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ioc_console.model.briefing import Deck, DeckPlayer

DECK = Deck.model_validate({"id": "weekly", "name": "Weekly", "items": [
    {"scenario": "normal", "dwell_s": 30}, {"scenario": "flood", "dwell_s": 20},
    {"scenario": "briefing", "dwell_s": 10}]})


class Clock:
    now = datetime(2024, 9, 9, 8, tzinfo=UTC)

    def __call__(self):
        return self.now


def test_the_deck_advances_after_each_dwell_time_and_stops_at_the_end():
    clock, shown = Clock(), []
    player = DeckPlayer(DECK, clock, lambda item: shown.append(item.scenario))
    player.start()
    clock.now += timedelta(seconds=29)
    player.tick()
    assert shown == ["normal"]
    clock.now += timedelta(seconds=1)
    player.tick()
    assert shown == ["normal", "flood"]
    clock.now += timedelta(seconds=20)
    player.tick()
    clock.now += timedelta(seconds=10)
    player.tick()
    assert shown == ["normal", "flood", "briefing"] and player.finished


def test_pause_keeps_the_time_left_and_resume_continues_from_it():
    clock, shown = Clock(), []
    player = DeckPlayer(DECK, clock, lambda item: shown.append(item.scenario))
    player.start()
    clock.now += timedelta(seconds=10)
    player.pause()
    clock.now += timedelta(minutes=5)
    player.tick()
    assert shown == ["normal"] and player.remaining() == timedelta(seconds=20)
    player.resume()
    clock.now += timedelta(seconds=20)
    player.tick()
    assert shown == ["normal", "flood"]
    player.previous()
    assert shown[-1] == "normal"
