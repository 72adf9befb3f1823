"""Keeps every source of a layout flowing into the hub, on the asyncio (qasync) loop,
without ever blocking that loop.

* One asyncio task per polled source: ``await run_in_executor(poll)`` (request *and* parse in
  a worker thread), publish on the hub, sleep until the next poll. The loop thread only
  publishes results.
* Failures retry with jittered exponential backoff, capped at the poll interval, so a
  backend that comes back is seen within one poll interval and a dead one is never asked
  more often than when it was healthy.
* One reader thread per SSE source (:mod:`.sse_client`); its states are handed to the loop
  thread with ``call_soon_threadsafe``.
* A tick (1 s) re-publishes states that aged past their TTL, so badges turn stale even when
  nothing arrives, and flushes the last-known-good cache (in a worker thread).
* At start, cached values are published (stale, ``from_cache``) before the first fetch.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import random
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from ioc_console.data.errors import ParseError, one_line
from ioc_console.data.payloads import parse_payload
from ioc_console.model.sources import SourceSpec

from . import freshness
from .backoff import Backoff
from .cache import LastKnownGoodCache
from .freshness import Failure, SourceState, SourceStatus
from .http_fetch import CancelToken, FetchCancelled, FetchError
from .hub import DataHub
from .polling import UNCHANGED, Parser, SourcePoller
from .sse_client import SseStream

log = logging.getLogger(__name__)

MAX_WORKERS = 32
POLL_JITTER = 0.1
"""Polls come up to 10 % early, at random, so sources that share an interval drift apart
instead of hitting the backend (and the GIL) in one burst every interval."""


LATE_TICK_S = 0.5
"""A freshness tick this late skips its turn (see ``_tick_forever``)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def retry_backoff(spec: SourceSpec, rng: random.Random) -> Backoff:
    """Retries after a failure: fast at first (a quarter of the interval, at most 15 s),
    never slower than the normal interval (at most 5 minutes)."""
    base = min(spec.poll_s, 60.0) / 4
    return Backoff(base, min(spec.poll_s, 300.0), rng, floor_s=base / 2)


class SourceScheduler:
    """Runs the sources of one layout. One-shot: ``await start()`` once, ``await stop()``
    once, both on the loop that should receive the data (the GUI's qasync loop)."""

    def __init__(self, specs: Iterable[SourceSpec], hub: DataHub,
                 cache: LastKnownGoodCache | None = None, *,
                 executor: concurrent.futures.Executor | None = None,
                 clock: Callable[[], datetime] = utc_now,
                 rng: random.Random | None = None, tick_s: float = 1.0,
                 parse: Parser = parse_payload, keep_events: int = 200) -> None:
        self.specs: dict[str, SourceSpec] = {}
        for spec in specs:
            if spec.id in self.specs:
                raise ValueError(f"two sources have the id {spec.id}")
            self.specs[spec.id] = spec
        self.hub = hub
        self.cache = cache
        self.clock = clock
        self.rng = rng or random.Random()
        self.tick_s = tick_s
        self.keep_events = keep_events
        polled = [s for s in self.specs.values() if s.kind != "sse"]
        self._own_executor = executor is None
        self.executor = executor or concurrent.futures.ThreadPoolExecutor(
            max_workers=max(2, min(MAX_WORKERS, len(polled))), thread_name_prefix="ioc-source")
        self._cancel = CancelToken()
        self.pollers = {s.id: SourcePoller(s, parse, self._cancel) for s in polled}
        self.streams: dict[str, SseStream] = {}
        self._wake: dict[str, asyncio.Event] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._answered: set[str] = set()
        self._answer_seen = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._flushing = False
        self._started = False
        self.running = False

    # --- life cycle ----------------------------------------------------------------------
    async def start(self) -> None:
        """Publish cached values, then start polling and streaming. Returns at once; the
        first answers arrive later (see :meth:`wait_for_first_answers`)."""
        if self._started:
            raise RuntimeError("a SourceScheduler starts once; make a new one")
        self._started = True
        loop = self._loop = asyncio.get_running_loop()
        self.running = True
        restored = await self._load_cache(loop)
        if not self.running:  # stopped while the cache was read
            return
        for spec in self.specs.values():
            if self.hub.state(spec.id) is not None:
                continue
            if spec.id in restored:
                value, received_at = restored[spec.id]
                self.hub.publish(freshness.restored(spec.id, value, received_at,
                                                    spec.effective_ttl()))
            else:
                self.hub.publish(freshness.connecting(spec.id, spec.effective_ttl()))
        for source_id, poller in self.pollers.items():
            self._wake[source_id] = asyncio.Event()
            self._tasks.append(loop.create_task(self._poll_forever(poller),
                                                name=f"poll-{source_id}"))
        for spec in self.specs.values():
            if spec.kind == "sse":
                stream = SseStream(spec, self._from_stream_thread, clock=self.clock,
                                   keep=self.keep_events, rng=random.Random(self.rng.random()))
                self.streams[spec.id] = stream
                stream.start()
        self._tasks.append(loop.create_task(self._tick_forever(), name="source-freshness"))

    async def stop(self, timeout_s: float = 5.0) -> None:
        """Stop promptly: cancel the tasks, abort requests in flight, close the streams,
        then (in a thread, bounded by ``timeout_s``) wait for the stream threads and write
        the pending cache entries. Nothing is published after this starts."""
        if not self.running:
            return
        self.running = False
        self._cancel.cancel()
        for stream in self.streams.values():
            stream.stop()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        loop = asyncio.get_running_loop()
        try:
            # our own workers are free again (requests were cancelled); the loop's default
            # executor would be qasync's, whose QThreads outlive the application
            await asyncio.wait_for(loop.run_in_executor(self.executor, self._finish, timeout_s),
                                   timeout_s + 1.0)
        except TimeoutError:
            log.warning("sources did not finish within %.0f s; leaving them behind", timeout_s)
        if self._own_executor:
            self.executor.shutdown(wait=False, cancel_futures=True)

    def _finish(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        for stream in self.streams.values():
            stream.join(max(0.0, deadline - time.monotonic()))
        if self.cache is not None:
            self.cache.flush(force=True)

    async def _load_cache(self, loop: asyncio.AbstractEventLoop) -> dict[str, Any]:
        if self.cache is None:
            return {}
        kinds = {s.id: s.kind for s in self.specs.values() if s.kind != "sse"}
        try:
            return await loop.run_in_executor(self.executor,
                                              partial(self.cache.load_all, kinds))
        except Exception as error:  # an unreadable cache directory: start without it
            log.warning("cannot read the last-known-good cache: %s", error)
            return {}

    # --- requests from the GUI -----------------------------------------------------------
    def refresh(self, source_id: str) -> bool:
        """Poll this source now (or reconnect a waiting stream). False for an unknown id."""
        if source_id in self._wake:
            self._wake[source_id].set()
            return True
        if source_id in self.streams:
            self.streams[source_id].reconnect_now()
            return True
        return False

    def answered(self, source_id: str) -> bool:
        """Whether the source has answered at least once in this run (data or failure;
        a cached value does not count)."""
        return source_id in self._answered

    async def wait_for_first_answers(self, source_ids: Iterable[str] | None = None,
                                     timeout_s: float = 15.0) -> set[str]:
        """Wait until every source (or those named) has answered once, or ``timeout_s``.

        Returns the ids still without an answer (empty: all answered); ids the scheduler
        does not run are returned at once. This is what a screenshot waits for.
        """
        wanted = set(self.specs) if source_ids is None else set(source_ids)
        unknown = wanted - set(self.specs)
        wanted -= unknown
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while True:
            missing = wanted - self._answered
            remaining = deadline - loop.time()
            if not missing or remaining <= 0:
                return missing | unknown
            self._answer_seen.clear()
            try:
                await asyncio.wait_for(self._answer_seen.wait(), remaining)
            except TimeoutError:
                pass

    # --- publishing (loop thread only) -----------------------------------------------------
    def _publish(self, state: SourceState, answer: bool) -> None:
        if not self.running:
            return
        self.hub.publish(state)
        if answer and state.source_id not in self._answered:
            self._answered.add(state.source_id)
            self._answer_seen.set()

    def _from_stream_thread(self, state: SourceState) -> None:
        """Called in an SSE reader thread: hand the state over to the loop thread."""
        loop = self._loop
        if not self.running or loop is None or loop.is_closed():
            return
        try:
            loop.call_soon_threadsafe(self._publish, state, True)
        except RuntimeError:  # the loop closed between the check and the call
            pass

    # --- polling -----------------------------------------------------------------------------
    async def _poll_forever(self, poller: SourcePoller) -> None:
        spec = poller.spec
        loop = asyncio.get_running_loop()
        backoff = retry_backoff(spec, self.rng)
        while True:
            started = loop.time()
            ok = await self._poll_once(poller)
            if ok is None:
                delay = 0.0  # a 304 with nothing held: ask again for the full body
            elif ok:
                backoff.reset()
                interval = spec.poll_s * (1 - POLL_JITTER * self.rng.random())
                delay = max(0.0, interval - (loop.time() - started))
            else:
                delay = backoff.next_delay()
            wake = self._wake[spec.id]
            if delay > 0:
                try:
                    await asyncio.wait_for(wake.wait(), delay)
                except TimeoutError:
                    pass
            wake.clear()

    async def _poll_once(self, poller: SourcePoller) -> bool | None:
        """One poll, published. True: success; False: failure; None: poll again now."""
        spec = poller.spec
        loop = asyncio.get_running_loop()
        ttl = spec.effective_ttl()
        failure: Failure | None = None
        try:
            value = await loop.run_in_executor(self.executor, poller.poll)
        except FetchCancelled:
            return False
        except FetchError as error:
            failure = Failure.UNREACHABLE if error.unreachable else Failure.BAD_ANSWER
            reason = error.reason
        except ParseError as error:
            failure, reason = Failure.BAD_ANSWER, str(error)
        except Exception as error:  # a parser bug must not end this source's polling
            log.exception("source %s: unexpected error", spec.id)
            failure, reason = Failure.BAD_ANSWER, one_line(
                f"internal error: {type(error).__name__}: {error}", 200)
        now = self.clock()
        previous = self.hub.state(spec.id)
        if failure is not None:
            self._publish(freshness.failed(previous, spec.id, reason, failure, now, ttl), True)
            return False
        if value is UNCHANGED:
            if previous is None or previous.received_at is None or previous.from_cache:
                poller.validators = {}
                return None
            self._publish(freshness.confirmed(previous, now), True)
            return True
        self._publish(freshness.succeeded(spec.id, value, now, ttl), True)
        if self.cache is not None:
            self.cache.offer(spec.id, value, now, spec.kind)
        return True

    # --- ageing and cache --------------------------------------------------------------------
    async def _tick_forever(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + self.tick_s
            await asyncio.sleep(self.tick_s)
            if loop.time() - due > LATE_TICK_S:
                # The loop (the GUI thread) was blocked: answers that arrived meanwhile are
                # queued behind this tick. Ageing now would flash fresh sources as stale.
                continue
            self.age_states()
            self._flush_cache_if_due()

    def age_states(self) -> None:
        """Re-publish live states that outlived their TTL: stale, or disconnected for a
        stream whose heartbeats stopped."""
        now = self.clock()
        for source_id, spec in self.specs.items():
            state = self.hub.state(source_id)
            if state is None:
                continue
            silence = SourceStatus.DISCONNECTED if spec.kind == "sse" else SourceStatus.STALE
            aged = state.aged(now, silence)
            if aged is not state:
                self._publish(aged, False)

    def _flush_cache_if_due(self) -> None:
        if self.cache is None or self._flushing or not self.cache.has_due():
            return
        self._flushing = True
        future = asyncio.get_running_loop().run_in_executor(self.executor, self.cache.flush)

        def done(finished: asyncio.Future[int]) -> None:
            self._flushing = False
            if not finished.cancelled() and finished.exception() is not None:
                log.warning("cache flush failed: %s", finished.exception())

        future.add_done_callback(done)
