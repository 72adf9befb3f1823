"""Publish/subscribe keyed by source id: the one road from data to tiles.

Tiles, the alert store and the connection inspector never talk to the network; they
subscribe here. Pure Python, no locks: the scheduler publishes only from the event-loop
thread, which in the app is the GUI thread (qasync), so callbacks may touch widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from .freshness import SourceState

log = logging.getLogger(__name__)
Listener = Callable[[SourceState], None]


class DataHub:
    """The latest :class:`SourceState` of every source, and who wants to hear about it."""

    def __init__(self) -> None:
        self._states: dict[str, SourceState] = {}
        self._listeners: dict[str, list[Listener]] = {}
        self._all: list[Listener] = []

    def subscribe(self, source_id: str, listener: Listener) -> Callable[[], None]:
        """Call ``listener(state)`` on every publish for ``source_id``; returns the function
        that unsubscribes (safe to call twice). The current state is *not* replayed: read
        :meth:`state` after subscribing if you need it."""
        self._listeners.setdefault(source_id, []).append(listener)
        return lambda: self._remove(self._listeners.get(source_id, []), listener)

    def subscribe_all(self, listener: Listener) -> Callable[[], None]:
        """Like :meth:`subscribe`, for every source (inspectors, the alert store)."""
        self._all.append(listener)
        return lambda: self._remove(self._all, listener)

    @staticmethod
    def _remove(listeners: list[Listener], listener: Listener) -> None:
        if listener in listeners:
            listeners.remove(listener)

    def publish(self, state: SourceState) -> None:
        """Store ``state`` and call the listeners synchronously, in this thread.

        A listener that raises is logged and skipped: one broken tile must not stop the
        others (or the scheduler) from getting data.
        """
        self._states[state.source_id] = state
        for listener in [*self._listeners.get(state.source_id, ()), *self._all]:
            try:
                listener(state)
            except Exception:
                log.exception("a subscriber of source %s failed", state.source_id)

    def state(self, source_id: str) -> SourceState | None:
        return self._states.get(source_id)

    def states(self) -> dict[str, SourceState]:
        """A copy: safe to iterate while publishing."""
        return dict(self._states)
