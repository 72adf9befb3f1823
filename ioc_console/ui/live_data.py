"""The data side of a running console: which backend, the hub, the scheduler.

With no backend configured the console starts the built-in demo backend on a free
loopback port, so a new user sees a living wall; with one configured it never does.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable

from ioc_console.model.layout import Layout
from ioc_console.operations.paths import cache_dir
from ioc_console.runtime.cache import LastKnownGoodCache
from ioc_console.runtime.freshness import SourceStatus
from ioc_console.runtime.hub import DataHub
from ioc_console.runtime.scheduler import SourceScheduler

log = logging.getLogger(__name__)


def configured_backend(layout: Layout, override: str | None = None) -> str | None:
    """The backend base URL to use, or None for the built-in demo."""
    for candidate in (override, os.environ.get("IOC_BACKEND_URL"), layout.backend):
        if candidate and candidate != "demo":
            return candidate
    return None


class LiveData:
    def __init__(self, layout: Layout, backend: str | None = None,
                 use_cache: bool = True) -> None:
        self.layout = layout
        self.hub = DataHub()
        self.demo = None
        self.base_url = configured_backend(layout, backend)
        if self.base_url is None and any(s.url.startswith("/") for s in layout.sources):
            from ioc_console.demo_backend.server import DemoBackend

            self.demo = DemoBackend(port=0).start()
            self.base_url = self.demo.base_url
            log.info("started the built-in demo backend at %s", self.base_url)
        specs = [source.resolve(self.base_url) for source in layout.sources]
        cache = LastKnownGoodCache(cache_dir() / "last-known-good") if use_cache else None
        self.scheduler = SourceScheduler(specs, self.hub, cache)

    async def start(self) -> None:
        await self.scheduler.start()

    async def stop(self) -> None:
        await self.scheduler.stop()
        if self.demo is not None:
            self.demo.stop()

    async def wait_for_data(self, source_ids: Iterable[str] | None = None,
                            timeout_s: float = 15.0) -> bool:
        """Until every source has answered once (with data or an error), or the timeout."""
        wanted = set(source_ids) if source_ids is not None else {s.id for s in
                                                                 self.layout.sources}
        deadline = asyncio.get_running_loop().time() + timeout_s
        answered = asyncio.Event()

        def check(_state=None) -> None:
            states = self.hub.states()
            if all(sid in states and states[sid].status is not SourceStatus.CONNECTING
                   and not states[sid].from_cache for sid in wanted):
                answered.set()

        unsubscribe = self.hub.subscribe_all(check)
        check()
        try:
            await asyncio.wait_for(answered.wait(),
                                   max(0.0, deadline - asyncio.get_running_loop().time()))
            return True
        except TimeoutError:
            return False
        finally:
            unsubscribe()
