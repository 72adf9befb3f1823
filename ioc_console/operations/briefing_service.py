"""Running a briefing deck on the wall on behalf of the person at the desk.

Pure: the console session gives the clock, the rights check, the audited scenario switch
and the store. Every item is shown by an ordinary switch, recorded with the reason
"briefing <deck> item N", so the audit trail reads like the meeting did.

A switch that does not come from the deck (a scenario key, an accepted alert proposal, an
automatic switch by a rule) ends the briefing and leaves the wall where it was switched to:
a timer must never page an emergency away. The running deck is saved after every change,
so a console restarted mid-briefing carries on at the same item.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ioc_console.model.briefing import Deck, DeckItem, DeckPlayer
from ioc_console.model.common import LocalizedText, localize
from ioc_console.model.wall_state import WallState

if TYPE_CHECKING:
    from .console_session import ConsoleSession

log = logging.getLogger(__name__)

ACTION = "run-briefing"  # the right every briefing control needs (see authorization.py)
STORE_KEY = "briefing"


class UnknownDeck(KeyError):
    pass


@dataclass(frozen=True)
class BriefingStatus:
    """What the wall's caption strip and the desk show about the running deck."""

    deck: Deck
    index: int
    item: DeckItem
    scenario_name: LocalizedText
    remaining_s: float
    paused: bool
    finished: bool

    def deck_name(self, language: str) -> str:
        return localize(self.deck.name, language, self.deck.id)

    def caption(self, language: str) -> str:
        """The item's caption, or the name of the scenario it shows."""
        return localize(self.item.caption, language) or localize(self.scenario_name, language)

    @property
    def position(self) -> str:
        return f"{self.index + 1} / {len(self.deck.items)}"

    @property
    def time_left(self) -> str:
        seconds = max(0, round(self.remaining_s))
        return f"{seconds // 60}:{seconds % 60:02d}"


class BriefingService:
    def __init__(self, session: ConsoleSession) -> None:
        self.session = session
        self.player: DeckPlayer | None = None
        self._return_to: str | None = None  # the scenario to go back to when stopped
        self._switching = False  # the deck itself is switching the wall
        self._started_by = ""  # who started the deck: the actor of its timed advances
        self._by_timer = False
        self._listeners: list[Callable[[], None]] = []
        session.engine.subscribe(self._on_wall_switched)
        self._restore()

    # --- what the views listen to --------------------------------------------------------
    def subscribe(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Called after a briefing starts, changes item, pauses, resumes or ends."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def decks(self) -> list[Deck]:
        return list(self.session.layout.decks)

    def status(self) -> BriefingStatus | None:
        player = self.player
        if player is None:
            return None
        item = player.item
        try:
            name: LocalizedText = self.session.layout.scenario(item.scenario).name
        except KeyError:
            name = item.scenario
        return BriefingStatus(player.deck, player.index, item, name,
                              player.remaining().total_seconds(), player.paused,
                              player.finished)

    # --- controls (each one checks the right first) --------------------------------------
    def start(self, deck_id: str) -> None:
        self.session.authorize(ACTION, deck_id)
        deck = self._deck(deck_id)
        if deck is None:
            raise UnknownDeck(deck_id)
        return_to = self._return_to or self.session.engine.current
        if self.player is not None:
            self._end(f"deck {deck_id} started instead", restore=False)
        self._return_to = return_to
        self._started_by = self.session.user
        self.session.record("briefing-start", deck.id, "", items=len(deck.items))
        self.player = DeckPlayer(deck, self.session.clock, self._show)
        try:
            self.player.start()
        except Exception:
            self.player = self._return_to = None
            raise
        self._changed()

    def next(self) -> None:
        self._step(lambda player: player.next())

    def previous(self) -> None:
        self._step(lambda player: player.previous())

    def pause(self) -> None:
        player = self._authorized_player()
        if player is not None and not player.paused:
            player.pause()
            self.session.record("briefing-pause", player.deck.id, "",
                                item=player.index + 1)
            self._changed()

    def resume(self) -> None:
        player = self._authorized_player()
        if player is not None and player.paused:
            player.resume()
            self.session.record("briefing-resume", player.deck.id, "",
                                item=player.index + 1)
            self._changed()

    def toggle_pause(self) -> None:
        if self.player is not None and self.player.paused:
            self.resume()
        else:
            self.pause()

    def stop(self, reason: str = "stopped by the operator") -> None:
        """End the briefing and bring back the scenario shown before it started."""
        if self._authorized_player() is not None:
            self._end(reason, restore=True)

    def tick(self) -> None:
        """Once a second (the console's clock): the next item when the dwell is over."""
        player = self.player
        if player is None:
            return
        if not self._follow_layout(player):
            return
        before = (player.index, player.finished)
        self._by_timer = True
        try:
            player.tick()
        finally:
            self._by_timer = False
        if (player.index, player.finished) != before:
            self._after_step(player, was_finished=before[1])

    # --- inside --------------------------------------------------------------------------
    def _authorized_player(self) -> DeckPlayer | None:
        player = self.player
        if player is not None:
            self.session.authorize(ACTION, player.deck.id)
        return player

    def _step(self, move: Callable[[DeckPlayer], None]) -> None:
        player = self._authorized_player()
        if player is None:
            return
        was_finished = player.finished
        move(player)
        self._after_step(player, was_finished)

    def _after_step(self, player: DeckPlayer, was_finished: bool) -> None:
        if player.finished and not was_finished:
            self.session.record("briefing-end", player.deck.id, "last item shown",
                                item=player.index + 1)
        self._changed()

    def _show(self, item: DeckItem) -> None:
        player = self.player
        assert player is not None
        reason = f"briefing {player.deck.id} item {player.index + 1}"
        self._switching = True
        try:
            if self._by_timer:
                # like a rule's armed switch: decided when the deck was started, by someone
                # with the right, so it carries on if the desk locks itself mid-briefing
                self.session.engine.switch(item.scenario, self._started_by or "briefing",
                                           reason)
            else:
                self.session.switch(item.scenario, reason)
        finally:
            self._switching = False

    def _on_wall_switched(self, _state: WallState) -> None:
        player = self.player
        if self._switching or player is None:
            return
        current = self.session.engine.current
        if current != player.item.scenario:
            self._end(f"the wall was switched to {current}", restore=False)

    def _end(self, reason: str, restore: bool) -> None:
        player = self.player
        if player is None:
            return
        self.player = None
        self.session.record("briefing-stop", player.deck.id, reason, item=player.index + 1)
        target, self._return_to = self._return_to, None
        known = {s.id for s in self.session.layout.scenarios}
        if restore and target in known and target != self.session.engine.current:
            self.session.switch(target, f"briefing {player.deck.id} ended")
        self._changed()

    def _deck(self, deck_id: str) -> Deck | None:
        return next((d for d in self.session.layout.decks if d.id == deck_id), None)

    def _follow_layout(self, player: DeckPlayer) -> bool:
        """A reloaded layout may have changed or removed the running deck."""
        deck = self._deck(player.deck.id)
        if deck is None:
            self._end("the deck was removed from the layout", restore=False)
            return False
        if deck != player.deck:
            player.deck = deck
            player.index = min(player.index, len(deck.items) - 1)
            self._changed()
        return True

    def _changed(self) -> None:
        self._save()
        for listener in list(self._listeners):
            listener()

    def _save(self) -> None:
        player = self.player
        saved: dict[str, Any] | None = None
        if player is not None:
            saved = {"deck": player.deck.id, "index": player.index,
                     "left_s": player.remaining().total_seconds(), "paused": player.paused,
                     "return_to": self._return_to, "started_by": self._started_by}
        self.session.store.put(STORE_KEY, saved)

    def _restore(self) -> None:
        saved = self.session.store.get(STORE_KEY)
        if not isinstance(saved, dict):
            return
        deck = self._deck(str(saved.get("deck")))
        index = saved.get("index")
        if deck is None or not isinstance(index, int) or not 0 <= index < len(deck.items):
            return
        if deck.items[index].scenario != self.session.engine.current:
            return  # the wall moved on before the restart: the deck is not what shows
        self.player = DeckPlayer(deck, self.session.clock, self._show)
        self.player.restore(index, timedelta(seconds=float(saved.get("left_s") or 0)),
                            bool(saved.get("paused")))
        return_to = saved.get("return_to")
        self._return_to = return_to if isinstance(return_to, str) else None
        self._started_by = str(saved.get("started_by") or "")
        self.session.record("briefing-restored", deck.id, "console restarted",
                            item=index + 1)
        log.info("briefing %s carries on at item %d after a restart", deck.id, index + 1)
