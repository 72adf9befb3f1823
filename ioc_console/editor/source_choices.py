"""Sources a tile can be bound to: the layout's own, then the demo backend's catalog.

A catalog entry the layout does not have yet is offered with its relative URL
(``/api/kpi/rivers``), so binding it adds a source that works against whatever backend the
layout names. An entry whose URL the layout already polls is not offered twice.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jmespath

from ioc_console.data.probe import probe
from ioc_console.model.layout import Layout
from ioc_console.model.sources import SourceSpec


@dataclass(frozen=True)
class SourceChoice:
    id: str
    kind: str
    url: str
    title: str
    in_layout: bool
    query: str | None = None
    extract: str | None = None

    def as_new_source(self) -> dict[str, Any]:
        """The ``sources:`` entry that binding a catalog choice adds to the layout."""
        return {"id": self.id, "kind": self.kind, "url": self.url, "poll_s": 30}


def demo_catalog() -> list[dict[str, Any]]:
    """The demo backend's catalog with relative URLs (no server needed to list it)."""
    from ioc_console.demo_backend.catalog import catalog

    return catalog("", time.time())["sources"]


def source_choices(layout: Layout, catalog_entries: list[dict[str, Any]]) -> list[SourceChoice]:
    choices = [SourceChoice(s.id, s.kind, s.url, _title(s), True, s.query, s.extract)
               for s in layout.sources]
    known_urls = {s.url for s in layout.sources}
    known_ids = {s.id for s in layout.sources}
    for entry in catalog_entries:
        url = entry["url"]
        if entry["kind"] == "prometheus" or url in known_urls or entry["id"] in known_ids:
            continue  # prometheus needs a query the catalog URL hides; others are known
        choices.append(SourceChoice(entry["id"], entry["kind"], url, entry.get("title", ""),
                                    False))
    return choices


def _title(source: SourceSpec) -> str:
    if isinstance(source.title, dict):
        return source.title.get("en") or next(iter(source.title.values()), "")
    return source.title or ""


def preview(choice: SourceChoice, select: str | None, base_url: str | None,
            timeout_s: float = 5.0) -> dict[str, Any]:
    """What the source returns now, parsed as the console parses it (``ioc-console probe``),
    and what ``select`` picks out of it. Blocking: call it off the GUI thread."""
    spec = SourceSpec(id=choice.id, kind=choice.kind, url=choice.url, query=choice.query,
                      extract=choice.extract)
    if spec.is_relative:
        if base_url is None:
            raise ValueError("a relative URL needs a backend to preview against")
        spec = spec.resolve(base_url)
    from ioc_console.runtime.http_fetch import request_url

    url = request_url(spec)
    if urlsplit(url).scheme == "file":
        url = urlsplit(url).path
    result = probe(url, spec.kind, timeout=timeout_s, extract=spec.extract, sse_max_events=5,
                   sse_seconds=min(timeout_s, 3.0))
    if not select:
        return {"result": result}
    payload = result.get("data", result)
    return {"result": result, "selected": jmespath.search(select, payload)}
