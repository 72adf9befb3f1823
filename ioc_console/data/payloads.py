"""The one entry point the runtime calls for every poll: bytes + kind -> parsed value.

It runs in a worker thread, so it is a pure function of its arguments; every failure is a
:class:`ParseError` with a one-line reason for the tile badge.
"""

from __future__ import annotations

from typing import Any

from .cap import parse_cap
from .errors import ParseError, html_error, html_page_title
from .geojson import parse_geojson
from .json_extract import compile_expression, parse_json
from .prometheus import parse_prometheus
from .sse import parse_sse_text

KINDS = ("json", "geojson", "prometheus", "cap", "sse")
_EXPECTED = {
    "json": "JSON",
    "geojson": "GeoJSON",
    "prometheus": "a Prometheus API response",
    "cap": "a CAP alert or index",
    "sse": "an event stream",
}


def parse_payload(
    kind: str,
    body: bytes,
    content_type: str | None = None,
    *,
    source_id: str | None = None,
    extract: str | None = None,
    base_url: str | None = None,
) -> Any:
    """Parse ``body`` as ``kind``.

    * ``json`` -> the decoded value; ``geojson`` -> a FeatureCollection dict;
      ``prometheus`` -> ``{"resultType", "samples"}``;
    * ``cap`` -> ``{"index": [links]}`` for an Atom/RSS index (links resolved against
      ``base_url``, the URL the index came from; the runtime fetches them and parses each as
      ``cap`` again) or ``{"alerts": [Alert]}`` for a message;
    * ``sse`` -> ``{"events": [SseEvent], "last_event_id", "retry_ms", "heartbeats"}`` for a
      complete stream body (a live stream goes through :class:`SseParser` instead).

    ``extract`` (a JMESPath expression) is applied to the JSON-shaped kinds: json, geojson
    and prometheus. ``content_type`` lets an HTML error page served with a 200 be named as
    such, whatever the body's first bytes are; ``source_id`` tags CAP alerts.
    """
    if kind not in KINDS:
        raise ParseError(f"unknown source kind {kind!r} (expected one of {', '.join(KINDS)})")
    if content_type and content_type.split(";")[0].strip().lower() == "text/html":
        raise html_error(_EXPECTED[kind], html_page_title(body, declared_html=True) or "")
    if kind == "cap":
        result = parse_cap(body, source=source_id, base_url=base_url)
        return {"index": result} if isinstance(result, list) else {"alerts": [result]}
    if kind == "sse":
        return _parse_sse(body, content_type)
    value: Any
    if kind == "json":
        value = parse_json(_as_utf8(body, content_type))
    elif kind == "geojson":
        value = parse_geojson(_as_utf8(body, content_type))
    else:
        value = parse_prometheus(body)
    if extract:
        try:
            select = compile_expression(extract)
        except ValueError as err:
            raise ParseError(str(err)) from None
        value = select(value)
    return value


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower() or None
    return None


def _as_utf8(body: bytes, content_type: str | None) -> bytes:
    """Re-encode JSON a server declared in a legacy charset (JSON itself is UTF-8/16/32)."""
    charset = _charset(content_type)
    if not charset or charset.replace("-", "").replace("_", "") in ("utf8", "utf16", "utf32"):
        return body
    try:
        return body.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return body  # let the JSON parser report what is wrong with the bytes


def _parse_sse(body: bytes, content_type: str | None) -> dict[str, Any]:
    try:
        text = body.decode(_charset(content_type) or "utf-8")
    except (LookupError, UnicodeDecodeError) as err:
        raise ParseError(f"event stream is not UTF-8 text: {err}") from None
    events, parser = parse_sse_text(text)
    return {
        "events": events,
        "last_event_id": parser.last_event_id,
        "retry_ms": parser.retry_ms,
        "heartbeats": parser.heartbeats,
    }
