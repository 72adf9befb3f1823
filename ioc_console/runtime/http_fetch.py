"""One HTTP request for a source, run in a worker thread, failing with one clear line.

Each worker thread has its own ``requests.Session`` (sessions are not documented as
thread-safe) so connections are pooled without sharing. Every request has a timeout.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlparse

import requests

from ioc_console.model.sources import SecretUnavailable, SourceSpec, resolve_secret

_local = threading.local()


class FetchError(Exception):
    """The request failed; ``unreachable`` tells a dead network apart from a bad answer."""

    def __init__(self, reason: str, unreachable: bool = False) -> None:
        super().__init__(reason)
        self.unreachable = unreachable


@dataclass(frozen=True)
class FetchResult:
    status: int
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool
    elapsed_s: float


def session() -> requests.Session:
    current = getattr(_local, "session", None)
    if current is None:
        current = requests.Session()
        current.headers["User-Agent"] = "ioc-wall-console"
        _local.session = current
    return current


def request_url(spec: SourceSpec, now: float | None = None) -> str:
    if spec.kind != "prometheus":
        return spec.url
    base = spec.url.rstrip("/")
    if spec.range_s is None:
        return f"{base}/api/v1/query?{urlencode({'query': spec.query})}"
    end = now if now is not None else time.time()
    step = spec.step_s or max(spec.range_s / 120, 1)
    params = {"query": spec.query, "start": end - spec.range_s, "end": end, "step": step}
    return f"{base}/api/v1/query_range?{urlencode(params)}"


def auth_headers(spec: SourceSpec) -> dict[str, str]:
    if spec.auth is None:
        return {}
    if spec.auth.type == "bearer":
        return {"Authorization": f"Bearer {resolve_secret(spec.auth.token)}"}
    import base64

    pair = f"{spec.auth.username}:{resolve_secret(spec.auth.password)}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}


def fetch(spec: SourceSpec, etag: str | None = None,
          last_modified: str | None = None) -> FetchResult:
    headers = dict(spec.headers)
    try:
        headers.update(auth_headers(spec))
    except SecretUnavailable as error:
        raise FetchError(f"credentials: {error}") from None
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    started = time.monotonic()
    host = urlparse(spec.url).netloc or spec.url
    try:
        response = session().get(request_url(spec), headers=headers, timeout=spec.timeout_s)
        body = response.content
    except requests.exceptions.ChunkedEncodingError:
        raise FetchError("response truncated: the connection closed mid-body") from None
    except requests.Timeout:
        raise FetchError(f"timed out after {spec.timeout_s:g} s", unreachable=True) from None
    except requests.ConnectionError as error:
        reason = "connection refused" if "refused" in str(error).lower() else "no connection"
        raise FetchError(f"cannot connect to {host}: {reason}", unreachable=True) from None
    except requests.RequestException as error:
        raise FetchError(f"request failed: {type(error).__name__}") from None
    elapsed = time.monotonic() - started
    if response.status_code == 304:
        return FetchResult(304, b"", None, etag, last_modified, True, elapsed)
    if response.status_code >= 400:
        raise FetchError(f"HTTP {response.status_code} {response.reason or ''}".strip())
    expected = response.headers.get("Content-Length")
    if expected and expected.isdigit() and int(expected) != len(body) and not response.headers.get(
            "Content-Encoding"):
        raise FetchError(f"response truncated: got {len(body)} of {expected} bytes")
    return FetchResult(response.status_code, body, response.headers.get("Content-Type"),
                       response.headers.get("ETag"), response.headers.get("Last-Modified"),
                       False, elapsed)
