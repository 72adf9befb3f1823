"""The worker-thread half of polling one source: request, parse, follow a CAP index.

Everything here blocks and runs in the scheduler's executor, never on the event-loop (GUI)
thread: parsing a few megabytes of GeoJSON or a dozen CAP messages takes tens of
milliseconds, which would be a visible hitch on the wall.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ioc_console.data.errors import ParseError
from ioc_console.data.payloads import parse_payload
from ioc_console.model.sources import SourceSpec

from .http_fetch import CancelToken, FetchCancelled, FetchError, fetch, same_origin

Parser = Callable[..., Any]
"""Same signature as :func:`ioc_console.data.payloads.parse_payload`."""


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()
"""What :meth:`SourcePoller.poll` returns for a 304: the value held is still current."""


@dataclass(frozen=True)
class _Message:
    validators: dict[str, str]
    alerts: list[Any]


class SourcePoller:
    """Polls one source; remembers the validators of the last good answer (so an unchanged
    source costs a 304) and, for a CAP index, the messages already parsed (CAP messages
    never change: an update is a new message)."""

    def __init__(self, spec: SourceSpec, parse: Parser = parse_payload,
                 cancel: CancelToken | None = None) -> None:
        self.spec = spec
        self.parse = parse
        self.cancel = cancel
        self.validators: dict[str, str] = {}
        self._messages: dict[str, _Message] = {}
        self._lock = threading.Lock()  # the scheduler never overlaps polls; this makes sure

    def poll(self) -> Any:
        """Fetch and parse once: the parsed value, or :data:`UNCHANGED`.

        Raises :class:`FetchError` or :class:`ParseError` (one-line reasons). Validators are
        kept only once the body parsed: a 304 must never vouch for a broken answer.
        """
        with self._lock:
            spec = self.spec
            result = fetch(spec, validators=self.validators, cancel=self.cancel)
            if result.not_modified:
                return UNCHANGED
            try:
                value = self.parse(spec.kind, result.body, result.content_type,
                                   source_id=spec.id, extract=spec.extract, base_url=spec.url)
                if spec.kind == "cap":
                    value = self._cap_value(value)
            except BaseException:
                self.validators = {}
                raise
            self.validators = result.validators
            return value

    def _cap_value(self, parsed: Any) -> dict[str, list[Any]]:
        if isinstance(parsed, dict) and "index" in parsed:
            return self._follow_index(list(parsed["index"]))
        alerts = parsed.get("alerts", []) if isinstance(parsed, dict) else []
        return {"alerts": list(alerts), "problems": []}

    def _follow_index(self, links: list[str]) -> dict[str, list[Any]]:
        """Fetch every message an Atom/RSS index links to. A bad message becomes a problem
        and the feed goes on; a message fetched before is asked for with its validators."""
        spec = self.spec
        budget_s = max(2 * spec.timeout_s, 5.0)
        deadline = time.monotonic() + budget_s
        alerts: list[Any] = []
        problems: list[dict[str, str]] = []
        kept: dict[str, _Message] = {}
        for link in dict.fromkeys(links):
            known = self._messages.get(link)
            if time.monotonic() > deadline:
                if known is not None:
                    kept[link] = known
                    alerts.extend(known.alerts)
                else:
                    problems.append({"link": link, "error": "not fetched: the feed took "
                                                            f"longer than {budget_s:g} s"})
                continue
            try:
                message = self._message(link, known)
            except FetchCancelled:
                raise
            except (FetchError, ParseError) as error:
                problems.append({"link": link, "error": str(error)})
                if known is not None:  # it parsed before; its alert may well still stand
                    kept[link] = known
                    alerts.extend(known.alerts)
                continue
            kept[link] = message
            alerts.extend(message.alerts)
        self._messages = kept
        return {"alerts": alerts, "problems": problems}

    def _message(self, link: str, known: _Message | None) -> _Message:
        spec = self.spec
        result = fetch(spec, url=link, validators=known.validators if known else None,
                       cancel=self.cancel, send_auth=same_origin(spec.url, link))
        if result.not_modified and known is not None:
            return known
        parsed = self.parse("cap", result.body, result.content_type, source_id=spec.id,
                            extract=None, base_url=link)
        if not isinstance(parsed, dict) or "alerts" not in parsed:
            raise ParseError("expected a CAP alert, got another feed index")
        return _Message(result.validators, list(parsed["alerts"]))
