"""Fetching for ``ioc-console probe``: an http(s) URL or a local file -> bytes, or one line why not.

The runtime has its own fetcher (worker threads, schedules, auth); this one serves the
technician's command line, where the value is in the error wording: requests' exceptions
read "HTTPConnectionPool(host=..., port=...): Max retries exceeded ... (Caused by
NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f...>: ..."), and
:func:`describe_request_error` turns that into "cannot connect to 10.0.0.5:8080: Connection
refused". The runtime may reuse it for tile badges.
"""

from __future__ import annotations

import json
import re
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import requests

from .errors import ParseError, one_line

MAX_BODY_BYTES = 20 * 1024 * 1024
USER_AGENT = "ioc-console-probe/0.1"
BODY_TIME_FACTOR = 6
"""A whole body must arrive within this many read timeouts: each read has its own timeout,
so an endless stream (SSE served as text/plain) would otherwise keep the probe forever."""
_ERRNO_TEXT = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


class ProbeError(ParseError):
    """The probe could not fetch or parse the target; ``str()`` is the one-line reason."""


@dataclass(frozen=True)
class Fetched:
    body: bytes
    content_type: str | None
    location: str  # final URL, or the file's URI, for resolving relative links
    is_file: bool


def is_url(target: str) -> bool:
    return urlsplit(target).scheme.lower() in ("http", "https")


def file_path(target: str) -> Path:
    """A plain path or a ``file://`` URI -> Path."""
    parts = urlsplit(target)
    if parts.scheme.lower() == "file":
        return Path(url2pathname(parts.path))
    return Path(target)


def read_file(target: str) -> Fetched:
    path = file_path(target)
    try:
        with path.open("rb") as handle:
            body = handle.read(MAX_BODY_BYTES + 1)
    except IsADirectoryError:
        raise ProbeError("cannot read: it is a directory") from None
    except OSError as err:
        raise ProbeError(f"cannot read: {err.strerror or err}") from None
    if len(body) > MAX_BODY_BYTES:
        raise ProbeError(f"file larger than {MAX_BODY_BYTES // 2**20} MB; refusing to parse it")
    return Fetched(body, None, path.resolve().as_uri(), True)


def open_url(session: requests.Session, url: str, timeout: float) -> requests.Response:
    """GET with streaming; raises :class:`ProbeError` for network failures and HTTP >= 400."""
    try:
        response = session.get(
            url, timeout=timeout, stream=True, headers={"User-Agent": USER_AGENT}
        )
    except requests.RequestException as err:
        raise ProbeError(describe_request_error(err, timeout)) from None
    if response.status_code >= 400:
        detail = _error_detail(response, timeout)
        response.close()
        reason = response.reason or _phrase(response.status_code)
        suffix = f": {detail}" if detail else ""
        raise ProbeError(f"HTTP {response.status_code} {reason}{suffix}")
    return response


def read_body(response: requests.Response, timeout: float) -> bytes:
    """The whole body (capped), with truncation reported as such."""
    chunks: list[bytes] = []
    size = 0
    limit_s = max(timeout, 1.0) * BODY_TIME_FACTOR
    deadline = time.monotonic() + limit_s
    raw = response.raw
    try:
        while True:
            # read1: what has arrived, so the deadline is checked while a stream drips
            if hasattr(raw, "read1"):
                chunk = raw.read1(65536, decode_content=True)
            else:  # pragma: no cover - urllib3 < 2
                chunk = raw.read(65536, decode_content=True)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise ProbeError(
                    f"body larger than {MAX_BODY_BYTES // 2**20} MB; refusing to parse it"
                )
            if time.monotonic() > deadline:
                raise ProbeError(
                    f"body still arriving after {limit_s:g} s (an event stream? try --kind sse)"
                )
    except ProbeError:
        raise
    except Exception as err:  # urllib3's own exceptions: timeouts, resets, IncompleteRead
        raise ProbeError(describe_request_error(err, timeout)) from None
    finally:
        response.close()
    body = b"".join(chunks)
    expected = response.headers.get("Content-Length", "")
    if expected.isdigit() and "Content-Encoding" not in response.headers:
        if len(body) < int(expected):
            raise ProbeError(f"truncated body: got {len(body)} of {expected} bytes")
    return body


def fetch(session: requests.Session, target: str, timeout: float) -> Fetched:
    """A URL or a file, read completely."""
    if not is_url(target):
        return read_file(target)
    response = open_url(session, target, timeout)
    content_type = response.headers.get("Content-Type")
    return Fetched(read_body(response, timeout), content_type, response.url, False)


def stream_chunks(
    response: requests.Response, seconds: float, outcome: dict[str, str] | None = None
) -> Iterator[bytes]:
    """Bytes as they arrive, until ``seconds`` pass, the server closes, or a read fails.

    ``read1`` returns whatever one socket read gives; plain ``iter_content`` would wait for a
    full chunk, which an event stream that sends one heartbeat every 15 s never fills. Why the
    stream ended is written to ``outcome["stopped"]`` (the caller may also stop early).
    """
    outcome = outcome if outcome is not None else {}
    deadline = time.monotonic() + seconds
    raw = response.raw
    sock = _socket_of(raw)
    outcome["stopped"] = "time limit"
    try:
        while (left := deadline - time.monotonic()) > 0:
            if sock is not None:  # a silent stream must not hold the probe past the deadline
                try:
                    sock.settimeout(max(left, 0.01))
                except OSError:  # urllib3 closed it: the body was complete
                    sock = None
            try:
                data = raw.read1(65536) if hasattr(raw, "read1") else raw.read(1)
            except Exception as err:  # a timeout at the deadline is the normal end
                if deadline - time.monotonic() > 0.05:
                    outcome["stopped"] = f"read failed: {_root_reason(err)}"
                return
            if not data:
                outcome["stopped"] = "server closed the stream"
                return
            yield data
    finally:
        response.close()


def _socket_of(raw: object) -> socket.socket | None:
    """The socket under a streaming urllib3 response (http.client's buffered reader).

    Private attributes, hence every step guarded: without the socket the stream still stops,
    only later (at the read timeout instead of the probe's deadline).
    """
    reader = getattr(getattr(raw, "_fp", None), "fp", None)
    sock = getattr(getattr(reader, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def describe_request_error(err: BaseException, timeout: float) -> str:
    """One human line for a requests exception."""
    target = _host_port(err)
    if isinstance(err, requests.exceptions.ConnectTimeout):
        return f"cannot connect{target}: no answer within {timeout:g} s"
    if isinstance(err, requests.exceptions.ReadTimeout) or _has(err, "ReadTimeoutError"):
        return f"timed out: the server{target} sent no answer within {timeout:g} s"
    if isinstance(err, requests.exceptions.SSLError):
        return f"cannot connect{target}: TLS error: {_root_reason(err)}"
    if isinstance(err, requests.exceptions.ChunkedEncodingError | requests.exceptions.
                  ContentDecodingError) or _has(err, "IncompleteRead", "ProtocolError"):
        short = next((e for e in _chain(err) if type(e).__name__ == "IncompleteRead"), None)
        got, more = getattr(short, "partial", None), getattr(short, "expected", None)
        if isinstance(got, int) and isinstance(more, int):
            return (f"truncated body: the connection closed after {got} bytes, "
                    f"{more} more were announced")
        return f"truncated body: {_root_reason(err)}"
    if isinstance(err, requests.exceptions.ConnectionError):
        return f"cannot connect{target}: {_root_reason(err)}"
    if isinstance(err, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema |
                  requests.exceptions.InvalidSchema):
        return f"invalid URL: {one_line(str(err), 120)}"
    return f"request failed: {_root_reason(err)}"


def _has(err: BaseException, *class_names: str) -> bool:
    return any(type(e).__name__ in class_names for e in _chain(err))


def _chain(err: BaseException) -> list[BaseException]:
    """The exception and everything it wraps (cause, context, args, urllib3's ``reason``)."""
    seen: list[BaseException] = []
    stack = [err]
    while stack:
        current = stack.pop()
        if any(current is s for s in seen):
            continue
        seen.append(current)
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        linked += [a for a in current.args if isinstance(a, BaseException)]
        stack.extend(e for e in linked if isinstance(e, BaseException))
    return seen


def _root_reason(err: BaseException) -> str:
    for inner in reversed(_chain(err)):
        if isinstance(inner, OSError) and inner.strerror:
            return str(inner.strerror)
    for inner in _chain(err):
        match = _ERRNO_TEXT.search(str(inner))
        if match:
            return match.group(1).strip()
    for inner in reversed(_chain(err)):
        text = str(inner)
        if text and "object at 0x" not in text:
            return one_line(text, 160)
    return type(err).__name__


def _host_port(err: BaseException) -> str:
    request = getattr(err, "request", None)
    url = getattr(request, "url", None)
    if not url:
        return ""
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return f" to {parts.hostname}{port}"


def _phrase(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return ""


def _error_detail(response: requests.Response, timeout: float) -> str | None:
    """A JSON error body's reason (Prometheus answers 400/422/503 with one), if any."""
    try:
        head = next(response.iter_content(65536), b"")
    except requests.RequestException:
        return None
    try:
        doc = json.loads(head)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(doc, dict):
        return None
    if doc.get("status") == "error" and "error" in doc:
        return one_line(f"prometheus: {doc.get('errorType', 'error')}: {doc['error']}", 200)
    for key in ("error", "message", "detail"):
        if isinstance(doc.get(key), str):
            return one_line(doc[key], 200)
    return None
