"""Connects tile frames to the data hub: values to widgets, freshness to badges.

Runs on the GUI thread (the hub publishes from the event-loop thread). Selections are
compiled once per binding. A value that fails to select keeps the last good one on screen
and turns the badge to error with the reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import jmespath
from PySide6.QtCore import QObject, QTimer

from ioc_console.model.badge import badge_for
from ioc_console.model.tile_status import SourceSummary, worst
from ioc_console.ui.tile_frame import TileFrame

log = logging.getLogger(__name__)


class TileBinder(QObject):
    """Subscribes every frame to its sources; refreshes badge ages once a second."""

    def __init__(self, hub: Any, clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.clock = clock
        self.frozen = False
        self._frames: list[TileFrame] = []
        self._unsubscribe: dict[int, list[Callable[[], None]]] = {}
        self._select_errors: dict[tuple[int, str], str] = {}
        self._ticker = QTimer(self, interval=1000)
        self._ticker.timeout.connect(self.refresh_badges)
        self._ticker.start()

    def bind(self, frame: TileFrame) -> None:
        tile = frame.content.tile
        bindings = tile.bindings()
        if not bindings:
            return
        self._frames.append(frame)
        unsubscribers = []
        for binding in bindings:
            expression = jmespath.compile(binding.select) if binding.select else None

            def deliver(state: Any, binding=binding, expression=expression) -> None:
                self._deliver(frame, binding.source, expression, state)

            unsubscribers.append(self.hub.subscribe(binding.source, deliver))
            current = self.hub.state(binding.source)
            if current is not None:
                deliver(current)
        key = id(frame)
        self._unsubscribe[key] = unsubscribers
        frame.destroyed.connect(lambda *_a: self._forget(key, frame))
        self._update_badge(frame)

    def _forget(self, key: int, frame: TileFrame) -> None:
        for unsubscribe in self._unsubscribe.pop(key, []):
            unsubscribe()
        self._frames = [f for f in self._frames if f is not frame]

    def _deliver(self, frame: TileFrame, source_id: str, expression: Any, state: Any) -> None:
        if state.value is not None:
            try:
                value = expression.search(state.value) if expression is not None else state.value
            except Exception as error:  # a selection on odd data must not stop the wall
                self._select_errors[(id(frame), source_id)] = f"select: {error}"
            else:
                self._select_errors.pop((id(frame), source_id), None)
                try:
                    frame.content.show_data(source_id, value)
                except Exception:
                    log.exception("tile %s failed to show data from %s", frame.tile_id,
                                  source_id)
                    self._select_errors[(id(frame), source_id)] = "tile could not draw the data"
        self._update_badge(frame)

    def _update_badge(self, frame: TileFrame) -> None:
        if self.frozen:
            frame.set_badge(badge_for("frozen"))
            return
        summaries = []
        for binding in frame.content.tile.bindings():
            state = self.hub.state(binding.source)
            problem = self._select_errors.get((id(frame), binding.source))
            if state is None:
                summaries.append(SourceSummary("connecting", None, problem))
            else:
                status = str(getattr(state.status, "value", state.status))
                summaries.append(SourceSummary("error" if problem else status,
                                               state.received_at, problem or state.error))
        status, age, error = worst(summaries, self.clock())
        frame.set_badge(badge_for(status, age, error))

    def refresh_badges(self) -> None:
        for frame in self._frames:
            if frame.content.on_wall and not frame.isHidden():
                self._update_badge(frame)

    def set_frozen(self, frozen: bool) -> None:
        self.frozen = frozen
        for frame in self._frames:
            frame.content.set_frozen(frozen)
        self.refresh_badges()
