"""The live-data layer: from the sources of a layout to :class:`~.hub.DataHub` states.

No Qt here: the scheduler runs on whatever asyncio loop is current (qasync's in the app, a
plain one in tests) and never blocks it; requests and parsing run in worker threads.

* :mod:`.scheduler` ``SourceScheduler``: one task per polled source, one thread per event
  stream, a freshness tick; ``start`` / ``stop`` / ``refresh`` / ``wait_for_first_answers``.
* :mod:`.hub` ``DataHub``: latest state per source and its subscribers (tiles, alerts).
* :mod:`.freshness` ``SourceState`` / ``SourceStatus`` and the pure status rule.
* :mod:`.polling` the worker-thread half of a poll (fetch, parse, follow a CAP index).
* :mod:`.http_fetch` one guarded HTTP request; :mod:`.sse_client` one event stream.
* :mod:`.backoff` jittered retries; :mod:`.cache` last known good values on disk.
"""
