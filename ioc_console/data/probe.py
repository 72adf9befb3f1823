"""``ioc-console probe``: fetch and parse one source exactly as the console would, print JSON.

A technician connecting a new feed in the IOC runs this first. It answers "what does the
console make of this URL?" with the parsed result, or with one line saying why not
(connection refused, HTTP 503, malformed XML at line 12, an HTML login page, a DTD). CAP
indexes are followed link by link, and a bad message is listed under ``problems`` instead of
hiding the good ones.
"""

from __future__ import annotations

import codecs
import json
import sys
from typing import Any
from urllib.parse import urlsplit

import requests

from .alerts import Alert
from .cap import parse_cap, parse_cap_message
from .errors import ParseError, html_error, html_page_title, one_line
from .fetch import (
    Fetched,
    ProbeError,
    fetch,
    is_url,
    open_url,
    read_body,
    stream_chunks,
)
from .geojson import GEOMETRY_TYPES
from .payloads import KINDS, parse_payload
from .sse import SseParser, parse_sse_text

__all__ = ["ProbeError", "cli_probe", "guess_kind", "probe"]

MAX_CAP_LINKS = 50
SSE_MAX_EVENTS = 20
SSE_MAX_SECONDS = 5.0
_SSE_FIELDS = (b"data", b"event", b"id", b"retry")
_BOMS = b"\xef\xbb\xbf\xff\xfe"


def probe(
    target: str,
    kind: str | None = None,
    *,
    timeout: float = 10.0,
    extract: str | None = None,
    sse_max_events: int = SSE_MAX_EVENTS,
    sse_seconds: float = SSE_MAX_SECONDS,
) -> dict[str, Any]:
    """Fetch ``target`` (http(s) URL or file path) and parse it as ``kind`` (guessed if None).

    Returns a ``json.dumps``-able dict: ``{"kind": "cap", "alerts": [...], "problems": [...]}``
    (plus ``"index"`` for an index), ``{"kind": "sse", "events": [...], "retry_ms",
    "heartbeats", "last_event_id", "stopped"}`` (a stream is read for at most
    ``sse_max_events`` events or ``sse_seconds``; ``stopped`` says which ended it) or
    ``{"kind": K, "data": ...}``. Raises :class:`ProbeError` with a one-line reason.
    """
    if kind is not None and kind not in KINDS:
        raise ProbeError(f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    with requests.Session() as session:
        try:
            if is_url(target) and kind in (None, "sse"):
                response = open_url(session, target, timeout)
                content_type = response.headers.get("Content-Type")
                if kind == "sse" or _media_type(content_type) == "text/event-stream":
                    return _stream_sse(response, sse_max_events, sse_seconds)
                fetched = Fetched(
                    read_body(response, timeout), content_type, response.url, False
                )
            else:
                fetched = fetch(session, target, timeout)
            kind = kind or guess_kind(fetched.body, fetched.content_type)
            if kind == "cap":
                return _probe_cap(session, fetched, timeout)
            if kind == "sse":
                return _sse_file(fetched.body, sse_max_events)
            data = parse_payload(kind, fetched.body, fetched.content_type, extract=extract)
            return {"kind": kind, "data": data}
        except ProbeError:
            raise
        except ParseError as err:
            raise ProbeError(str(err)) from None


def guess_kind(body: bytes, content_type: str | None = None) -> str:
    """The source kind from the declared media type, else from the content.

    XML (a CAP ``<alert>``, an Atom or RSS index) -> cap; JSON with a GeoJSON ``type`` ->
    geojson; JSON ``{"status", "data": {"resultType"}}`` -> prometheus; other JSON -> json;
    ``data:`` / ``event:`` lines -> sse. HTML is refused: it is an error or login page.
    """
    media = _media_type(content_type)
    if media == "text/event-stream":
        return "sse"
    if media in ("application/cap+xml", "application/atom+xml", "application/rss+xml"):
        return "cap"
    if media == "application/geo+json":
        return "geojson"
    title = html_page_title(body, declared_html=media == "text/html")
    if title is not None:
        raise html_error("a feed", title or "")
    head = body.lstrip(_BOMS + b" \t\r\n")
    if head.startswith(b"<") or head.startswith(b"\x00<"):
        return "cap"
    if head[:1] in (b"{", b"["):
        try:
            doc = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return "json"  # parse_json will report where it breaks
        return _json_kind(doc)
    first = head.split(b"\n", 1)[0].split(b"\r", 1)[0]
    if first.startswith(b":") or first.split(b":", 1)[0].strip() in _SSE_FIELDS:
        return "sse"
    if not head:
        raise ProbeError("empty body")
    raise ProbeError("cannot tell the kind of this feed (not XML, JSON or an event stream); "
                     "pass --kind")


def _json_kind(doc: Any) -> str:
    if isinstance(doc, dict):
        if doc.get("type") in ("FeatureCollection", "Feature", *GEOMETRY_TYPES):
            return "geojson"
        data = doc.get("data")
        if "status" in doc and (
            (isinstance(data, dict) and "resultType" in data) or "errorType" in doc
        ):
            return "prometheus"
    return "json"


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


# --- CAP --------------------------------------------------------------------------------------


def _probe_cap(session: requests.Session, fetched: Fetched, timeout: float) -> dict[str, Any]:
    result = parse_cap(fetched.body, base_url=fetched.location)
    if isinstance(result, Alert):
        return {"kind": "cap", "alerts": [result.to_probe_json()], "problems": []}
    alerts: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    for link in result[:MAX_CAP_LINKS]:
        try:
            alerts.append(_linked_alert(session, link, fetched, timeout).to_probe_json())
        except ParseError as err:
            problems.append({"link": link, "error": str(err)})
    if len(result) > MAX_CAP_LINKS:
        problems.append({
            "link": None,
            "error": f"the index lists {len(result)} messages; only the first "
                     f"{MAX_CAP_LINKS} were checked",
        })
    return {"kind": "cap", "index": result, "alerts": alerts, "problems": problems}


def _linked_alert(
    session: requests.Session, link: str, index: Fetched, timeout: float
) -> Alert:
    """Fetch one message an index names. An index fetched over HTTP may only point to
    http(s) links: it must not make the probe read local files."""
    scheme = urlsplit(link).scheme.lower()
    if scheme not in ("http", "https") and not (index.is_file and scheme in ("file", "")):
        raise ProbeError(f"refusing to follow a {scheme or 'relative'} link from a web index")
    fetched = fetch(session, link, timeout)
    return parse_cap_message(fetched.body)


# --- SSE --------------------------------------------------------------------------------------


def _stream_sse(response: requests.Response, max_events: int, seconds: float) -> dict[str, Any]:
    parser = SseParser()
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    events = []
    outcome: dict[str, str] = {}
    chunks = stream_chunks(response, seconds, outcome)
    for chunk in chunks:
        events.extend(parser.feed(decoder.decode(chunk)))
        if len(events) >= max_events:
            outcome["stopped"] = f"{max_events} events read"
            chunks.close()
            break
    return _sse_result(events[:max_events], parser, outcome["stopped"])


def _sse_file(body: bytes, max_events: int) -> dict[str, Any]:
    events, parser = parse_sse_text(body.decode("utf-8", "replace"))
    stopped = f"{max_events} events read" if len(events) > max_events else "end of file"
    return _sse_result(events[:max_events], parser, stopped)


def _sse_result(events: list[Any], parser: SseParser, stopped: str) -> dict[str, Any]:
    return {
        "kind": "sse",
        "events": [event.to_json() for event in events],
        "retry_ms": parser.retry_ms,
        "heartbeats": parser.heartbeats,
        "last_event_id": parser.last_event_id,
        "stopped": stopped,
    }


# --- command line -----------------------------------------------------------------------------


def cli_probe(
    target: str, kind: str | None, *, timeout: float = 10.0, extract: str | None = None
) -> int:
    """Print the probe's JSON on stdout and return 0, or one ``TARGET: reason`` line on
    stderr and return 1. Never a traceback: a technician reads this, not a developer."""
    try:
        result = probe(target, kind, timeout=timeout, extract=extract)
        text = json.dumps(result, ensure_ascii=False, indent=2, default=_json_default)
    except ParseError as err:
        print(f"{target}: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{target}: interrupted", file=sys.stderr)
        return 1
    except Exception as err:  # a bug of ours must still not spill a traceback on the wall PC
        print(f"{target}: internal error: {type(err).__name__}: {one_line(str(err))}",
              file=sys.stderr)
        return 1
    print(text)
    return 0


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "to_json"):
        return value.to_json()
    if isinstance(value, Alert):
        return value.to_probe_json()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
