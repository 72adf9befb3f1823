"""Polling every source on the asyncio (qasync) loop without ever blocking it.

One task per source. The request *and* the parsing run in a worker thread; the loop thread
only publishes results on the hub. Failures back off with jitter; a 304 confirms the data
we hold. A one-second tick re-publishes states that aged past their TTL, so badges turn
stale even when nothing new arrives.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

from ioc_console.data.errors import ParseError
from ioc_console.data.payloads import parse_payload
from ioc_console.model.sources import SourceSpec

from . import freshness
from .backoff import Backoff
from .cache import LastKnownGoodCache
from .http_fetch import FetchError, FetchResult, fetch
from .hub import DataHub
from .sse_client import SseStream

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


def fetch_and_parse(spec: SourceSpec, etag: str | None,
                    last_modified: str | None) -> tuple[FetchResult, Any]:
    """Worker-thread half of a poll: bytes in, parsed value out (None for a 304)."""
    if spec.url.startswith("file:"):
        path = urlparse(spec.url).path
        with open(path, "rb") as handle:
            body = handle.read()
        result = FetchResult(200, body, None, None, None, False, 0.0)
    else:
        result = fetch(spec, etag, last_modified)
    if result.not_modified:
        return result, None
    value = parse_payload(spec.kind, result.body, result.content_type, source_id=spec.id,
                          extract=spec.extract, base_url=spec.url)
    if spec.kind == "cap" and isinstance(value, dict) and "index" in value:
        value = _follow_cap_index(spec, value["index"])
    return result, value


def _follow_cap_index(spec: SourceSpec, links: list[str]) -> dict[str, list]:
    """Fetch each CAP message of an index; a bad message is reported, the feed goes on."""
    alerts, problems = [], []
    for link in links:
        try:
            message = fetch(spec.model_copy(update={"url": link, "kind": "cap"}))
            parsed = parse_payload("cap", message.body, message.content_type, source_id=spec.id)
            alerts.extend(parsed.get("alerts", []))
        except (FetchError, ParseError) as error:
            problems.append({"link": link, "error": str(error)})
    return {"alerts": alerts, "problems": problems}


class SourceScheduler:
    def __init__(self, specs: list[SourceSpec], hub: DataHub,
                 cache: LastKnownGoodCache | None = None, *,
                 executor: concurrent.futures.Executor | None = None,
                 clock: Callable[[], datetime] = utc_now,
                 rng: random.Random | None = None, tick_s: float = 1.0) -> None:
        self.specs = {spec.id: spec for spec in specs}
        self.hub = hub
        self.cache = cache
        self.clock = clock
        self.rng = rng or random.Random()
        self.tick_s = tick_s
        polled = [s for s in specs if s.kind != "sse"]
        self._own_executor = executor is None
        self.executor = executor or concurrent.futures.ThreadPoolExecutor(
            max_workers=max(2, min(16, len(polled))), thread_name_prefix="source")
        self._tasks: list[asyncio.Task] = []
        self._wake: dict[str, asyncio.Event] = {}
        self._validators: dict[str, tuple[str | None, str | None]] = {}
        self._streams: list[SseStream] = []
        self.running = False

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self.running = True
        if self.cache is not None:
            cached = await loop.run_in_executor(self.executor, self.cache.load_all)
            for source_id, (value, received_at) in cached.items():
                spec = self.specs.get(source_id)
                if spec is not None and self.hub.state(source_id) is None:
                    self.hub.publish(freshness.from_cache(source_id, value, received_at,
                                                          spec.effective_ttl()))
        for spec in self.specs.values():
            if spec.kind == "sse":
                stream = SseStream(spec, self._publish_threadsafe(loop), clock=self.clock)
                self._streams.append(stream)
                stream.start()
            else:
                self._wake[spec.id] = asyncio.Event()
                self._tasks.append(loop.create_task(self._poll_loop(spec), name=spec.id))
        self._tasks.append(loop.create_task(self._freshness_loop(), name="freshness"))

    def _publish_threadsafe(self, loop: asyncio.AbstractEventLoop) -> Callable[[Any], None]:
        def publish(state: Any) -> None:
            if self.running and not loop.is_closed():
                loop.call_soon_threadsafe(self.hub.publish, state)
        return publish

    async def stop(self) -> None:
        self.running = False
        for stream in self._streams:
            stream.stop()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        if self._own_executor:
            self.executor.shutdown(wait=False, cancel_futures=True)

    def refresh(self, source_id: str) -> None:
        if source_id in self._wake:
            self._wake[source_id].set()

    async def _poll_loop(self, spec: SourceSpec) -> None:
        loop = asyncio.get_running_loop()
        backoff = Backoff(spec.poll_s, cap_s=max(300.0, spec.poll_s), rng=self.rng)
        ttl = spec.effective_ttl()
        while True:
            etag, modified = self._validators.get(spec.id, (None, None))
            delay = spec.poll_s
            previous = self.hub.state(spec.id)
            try:
                result, value = await loop.run_in_executor(
                    self.executor, fetch_and_parse, spec, etag, modified)
            except FetchError as error:
                delay = backoff.next_delay()
                self.hub.publish(freshness.after_failure(previous, spec.id, str(error),
                                                         error.unreachable, ttl))
            except ParseError as error:
                delay = backoff.next_delay()
                self._validators.pop(spec.id, None)
                self.hub.publish(freshness.after_failure(previous, spec.id, str(error), False,
                                                         ttl))
            except OSError as error:
                delay = backoff.next_delay()
                self.hub.publish(freshness.after_failure(previous, spec.id, str(error), True,
                                                         ttl))
            else:
                backoff.reset()
                now = self.clock()
                if result.not_modified and previous is not None and previous.value is not None:
                    self.hub.publish(freshness.after_not_modified(previous, now))
                else:
                    self._validators[spec.id] = (result.etag, result.last_modified)
                    self.hub.publish(freshness.after_success(previous, spec.id, value, now, ttl))
                    if self.cache is not None:
                        loop.run_in_executor(self.executor, self._store, spec.id, value, now)
            wake = self._wake[spec.id]
            try:
                await asyncio.wait_for(wake.wait(), timeout=delay)
            except TimeoutError:
                pass
            wake.clear()

    def _store(self, source_id: str, value: Any, received_at: datetime) -> None:
        try:
            self.cache.store(source_id, value, received_at)
        except Exception as error:  # the disk is full or read-only: the wall goes on
            log.warning("cannot cache %s: %s", source_id, error)

    async def _freshness_loop(self) -> None:
        while True:
            await asyncio.sleep(self.tick_s)
            now = self.clock()
            for state in self.hub.states().values():
                aged = state.aged(now)
                if aged is not state:
                    self.hub.publish(aged)
