"""Briefing decks: a calm, ordered walk through scenarios for leaders.

A deck is a list of items (a scenario, how long to dwell, optionally a map view or a time
range for charts). The player is pure: it is told the time and answers what to show; the
console drives it with a timer and its keys (next, previous, pause, resume).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import Field

from .common import Identifier, LocalizedText, StrictModel


class DeckItem(StrictModel):
    scenario: Identifier
    dwell_s: float = Field(60, ge=3, le=3600)
    caption: LocalizedText | None = None
    map_view: Identifier | None = Field(None, description="a scenario id whose map view to use")
    chart_range_s: float | None = Field(None, gt=0, description="time window of charts")


class Deck(StrictModel):
    id: Identifier
    name: LocalizedText
    items: list[DeckItem] = Field(min_length=1)
    loop: bool = False


@dataclass
class DeckPlayer:
    deck: Deck
    clock: Callable[[], datetime]
    show: Callable[[DeckItem], None]
    index: int = 0
    paused: bool = False
    finished: bool = False
    _item_started: datetime | None = None
    _paused_left: timedelta | None = None

    def start(self) -> None:
        self.index, self.finished, self.paused = 0, False, False
        self._enter()

    def _enter(self) -> None:
        self._item_started = self.clock()
        self.show(self.deck.items[self.index])

    def restore(self, index: int, left: timedelta, paused: bool) -> None:
        """Carry on where a previous run stopped (after a restart), without showing again:
        the wall already came back on that item's scenario."""
        self.index = min(max(0, index), len(self.deck.items) - 1)
        self.finished = False
        left = min(max(timedelta(0), left), timedelta(seconds=self.item.dwell_s))
        self._item_started = self.clock() - (timedelta(seconds=self.item.dwell_s) - left)
        self.paused, self._paused_left = paused, left if paused else None

    @property
    def item(self) -> DeckItem:
        return self.deck.items[self.index]

    def remaining(self) -> timedelta:
        if self.paused and self._paused_left is not None:
            return self._paused_left
        elapsed = self.clock() - (self._item_started or self.clock())
        return max(timedelta(0), timedelta(seconds=self.item.dwell_s) - elapsed)

    def tick(self) -> None:
        """Advance when the current item's dwell time is over."""
        if not self.finished and not self.paused and self.remaining() <= timedelta(0):
            self.next()

    def next(self) -> None:
        if self.index + 1 < len(self.deck.items):
            self.index += 1
        elif self.deck.loop:
            self.index = 0
        else:
            self.finished = True
            return
        self._enter()

    def previous(self) -> None:
        self.index = max(0, self.index - 1)
        self.finished = False
        self._enter()

    def pause(self) -> None:
        if not self.paused:
            self._paused_left = self.remaining()
            self.paused = True

    def resume(self) -> None:
        if self.paused:
            left = self._paused_left or timedelta(0)
            self._item_started = self.clock() - (timedelta(seconds=self.item.dwell_s) - left)
            self.paused = False
