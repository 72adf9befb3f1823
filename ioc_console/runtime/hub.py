"""Publish/subscribe keyed by source id: the one road from data to tiles."""

from __future__ import annotations

import logging
from collections.abc import Callable

from .freshness import SourceState

log = logging.getLogger(__name__)
Listener = Callable[[SourceState], None]


class DataHub:
    """Callbacks run synchronously in the publishing thread (the event-loop/GUI thread)."""

    def __init__(self) -> None:
        self._states: dict[str, SourceState] = {}
        self._listeners: dict[str, list[Listener]] = {}
        self._all: list[Listener] = []

    def subscribe(self, source_id: str, listener: Listener) -> Callable[[], None]:
        self._listeners.setdefault(source_id, []).append(listener)
        return lambda: self._remove(self._listeners.get(source_id, []), listener)

    def subscribe_all(self, listener: Listener) -> Callable[[], None]:
        self._all.append(listener)
        return lambda: self._remove(self._all, listener)

    @staticmethod
    def _remove(listeners: list[Listener], listener: Listener) -> None:
        if listener in listeners:
            listeners.remove(listener)

    def publish(self, state: SourceState) -> None:
        self._states[state.source_id] = state
        for listener in [*self._listeners.get(state.source_id, ()), *self._all]:
            try:
                listener(state)
            except Exception:
                log.exception("a subscriber of %s failed", state.source_id)

    def state(self, source_id: str) -> SourceState | None:
        return self._states.get(source_id)

    def states(self) -> dict[str, SourceState]:
        return dict(self._states)
