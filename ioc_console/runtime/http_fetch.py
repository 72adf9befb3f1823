"""One request for a source, run in a worker thread, failing with one clear line.

* Each worker thread has its own ``requests.Session`` (sessions are not documented as
  thread-safe), so connections are pooled without being shared between threads.
* Every request has ``timeout=spec.timeout_s`` for connecting and for each read, and a hard
  deadline of ``HARD_DEADLINE_FACTOR x timeout_s`` for the whole exchange: a watchdog
  thread shuts the socket of an overdue request, so a server trickling one byte every few
  seconds cannot hold a worker. (requests alone already allows a connect timeout plus a
  read timeout, so the factor only bites on such pathological servers.)
* A :class:`CancelToken` lets the scheduler abort every request in flight when it stops,
  including one still waiting for its answer.
* Conditional requests (``If-None-Match`` / ``If-Modified-Since``) let an unchanged source
  answer 304 with no body; that counts as "still fresh".
* Secrets are read at request time and never appear in a message, a log line or a repr;
  failure messages name the host and port, never the URL's query or any header.
"""

from __future__ import annotations

import base64
import errno
import http.client
import math
import socket
import ssl
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit
from urllib.request import url2pathname

import requests
import requests.adapters
import urllib3
import urllib3.connection

from ioc_console.model.sources import SecretUnavailable, SourceSpec, resolve_secret

MAX_BODY_BYTES = 64 * 1024 * 1024
"""A body larger than this is refused: a misconfigured URL (a video, a database dump) must
not eat the wall PC's memory."""

HARD_DEADLINE_FACTOR = 2.0
USER_AGENT = "ioc-wall-console"
_local = threading.local()


class FetchError(Exception):
    """The request failed. ``str()`` is one line for the tile badge; ``unreachable`` tells a
    network failure (refused, timed out: the value is kept, marked disconnected) from a bad
    answer (HTTP error, truncated body: an error)."""

    def __init__(self, reason: str, unreachable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.unreachable = unreachable


class FetchCancelled(FetchError):
    """The scheduler is stopping; nobody is waiting for this answer."""

    def __init__(self) -> None:
        super().__init__("cancelled")


@dataclass(frozen=True)
class FetchResult:
    status: int
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool
    elapsed_s: float

    @property
    def validators(self) -> dict[str, str]:
        """The conditional-request headers to send next time for this resource."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


class CancelToken:
    """Shared by the fetches of one scheduler (or one stream): ``cancel()``, from any thread,
    makes every request holding it give up at once, whatever it is waiting for."""

    def __init__(self) -> None:
        self._cancelled = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()
        _watchdog.cancel(self)

    def check(self) -> None:
        if self._cancelled.is_set():
            raise FetchCancelled()


@dataclass(eq=False)
class Guard:
    """One request under watch: its socket (once connected), deadline and cancel token."""

    deadline: float
    token: CancelToken | None
    sock: socket.socket | None = None
    expired: bool = False

    def aborted(self) -> bool:
        return self.expired or (self.token is not None and self.token.cancelled)


def _shut(sock: socket.socket | None) -> None:
    """Unblock a thread waiting on ``sock`` from another thread: its blocked send or recv
    returns at once with an error or end-of-file, which the owner turns into "timed out"
    or "cancelled". (A connect in progress is bounded by the connect timeout instead.)"""
    if sock is None:
        return
    try:
        # the plain socket method, also for TLS: SSLSocket.shutdown would drop its SSL
        # state under the feet of the thread reading it
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:  # already closed or never connected: nothing is blocked on it
        pass


class _Watchdog:
    """One thread for every hard deadline, instead of a timer per request.

    Sockets are shut while holding the lock, and :meth:`forget` takes it too: once a
    request is forgotten its socket (which may go back to the pool) is never touched.
    """

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._guards: set[Guard] = set()
        self._thread: threading.Thread | None = None

    def watch(self, guard: Guard) -> None:
        with self._lock:
            self._guards.add(guard)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="fetch-watchdog",
                                                daemon=True)
                self._thread.start()
            self._lock.notify()

    def attach(self, guard: Guard, sock: socket.socket) -> None:
        """The request's connection is (re)used now: watch its socket."""
        with self._lock:
            guard.sock = sock
            if guard in self._guards and guard.aborted():
                _shut(sock)

    def forget(self, guard: Guard) -> None:
        with self._lock:
            self._guards.discard(guard)

    def cancel(self, token: CancelToken) -> None:
        with self._lock:
            for guard in self._guards:
                if guard.token is token:
                    _shut(guard.sock)

    def _run(self) -> None:
        with self._lock:
            while True:
                now = time.monotonic()
                for guard in self._guards:
                    if not guard.expired and guard.deadline <= now:
                        guard.expired = True
                        _shut(guard.sock)
                pending = [g.deadline for g in self._guards
                           if not g.expired and g.deadline != math.inf]
                self._lock.wait(min([*pending, now + 60.0]) - now)


_watchdog = _Watchdog()


@contextmanager
def guarded(timeout_s: float | None, cancel: CancelToken | None) -> Iterator[Guard]:
    """Run the requests of this thread inside under a hard deadline and ``cancel``: the
    socket they use is shut when the deadline passes or the token is cancelled."""
    if cancel is not None:
        cancel.check()
    deadline = time.monotonic() + timeout_s if timeout_s is not None else math.inf
    guard = Guard(deadline, cancel)
    _watchdog.watch(guard)
    previous = getattr(_local, "guard", None)
    _local.guard = guard
    try:
        yield guard
    finally:
        _local.guard = previous
        _watchdog.forget(guard)


class _GuardedConnection:
    """Mixed into urllib3's connections: report the socket to this thread's guard when it
    connects and each time it is reused for a request."""

    sock: socket.socket | None

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self._report()

    def request(self, *args: Any, **kwargs: Any) -> None:
        self._report()
        super().request(*args, **kwargs)  # type: ignore[misc]

    def _report(self) -> None:
        guard = getattr(_local, "guard", None)
        if guard is not None and self.sock is not None:
            _watchdog.attach(guard, self.sock)


class _HTTPConnection(_GuardedConnection, urllib3.connection.HTTPConnection):
    pass


class _HTTPSConnection(_GuardedConnection, urllib3.connection.HTTPSConnection):
    pass


class _HTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_GUARDED_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class _GuardedAdapter(requests.adapters.HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_GUARDED_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):
            manager.pool_classes_by_scheme = dict(_GUARDED_POOLS)
        return manager


class GuardedSession(requests.Session):
    """A session whose sockets :func:`guarded` can shut, and which also strips API-key
    headers when redirected to another host (requests only strips ``Authorization``)."""

    secret_headers: frozenset[str] = frozenset()

    def __init__(self) -> None:
        super().__init__()
        self.mount("http://", _GuardedAdapter())
        self.mount("https://", _GuardedAdapter())
        self.headers["User-Agent"] = USER_AGENT
        self.max_redirects = 5

    def rebuild_auth(self, prepared_request: requests.PreparedRequest,
                     response: requests.Response) -> None:
        super().rebuild_auth(prepared_request, response)
        original = response.request.url or ""
        if self.secret_headers and self.should_strip_auth(original, prepared_request.url or ""):
            for name in self.secret_headers:
                prepared_request.headers.pop(name, None)


def session() -> GuardedSession:
    """This thread's session (created on first use)."""
    current = getattr(_local, "session", None)
    if current is None:
        current = _local.session = GuardedSession()
    return current


def request_url(spec: SourceSpec, now: float | None = None) -> str:
    """The URL to GET: the source URL, or for Prometheus its query API under that base."""
    if spec.kind != "prometheus":
        return spec.url
    base = spec.url.rstrip("/")
    if spec.range_s is None:
        return f"{base}/api/v1/query?{urlencode({'query': spec.query})}"
    end = time.time() if now is None else now
    step = spec.step_s or max(spec.range_s / 120, 1.0)
    params = {"query": spec.query, "start": f"{end - spec.range_s:.3f}", "end": f"{end:.3f}",
              "step": f"{step:g}"}
    return f"{base}/api/v1/query_range?{urlencode(params)}"


def auth_headers(spec: SourceSpec) -> dict[str, str]:
    """The authentication headers for ``spec``, with the secret read now.

    Raises :class:`SecretUnavailable` (its message names where, never what).
    """
    auth = spec.auth
    if auth is None:
        return {}
    if auth.type == "bearer":
        return {"Authorization": f"Bearer {resolve_secret(auth.token)}"}
    if auth.type == "basic":
        pair = f"{auth.username}:{resolve_secret(auth.password)}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
    return {auth.header: resolve_secret(auth.value)}


def same_origin(first: str, second: str) -> bool:
    """Whether credentials meant for ``first`` may be sent to ``second``."""
    a, b = urlsplit(first), urlsplit(second)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)


def where(url: str) -> str:
    """``host:port`` of a URL for messages: never its path, query or user info."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    host = parts.hostname or "?"
    return f"{host}:{port}" if port else host


def fetch(spec: SourceSpec, *, validators: Mapping[str, str] | None = None,
          url: str | None = None, cancel: CancelToken | None = None,
          send_auth: bool = True, max_bytes: int = MAX_BODY_BYTES) -> FetchResult:
    """GET the source (or ``url``, e.g. a CAP message linked from the source's index).

    ``validators`` are the conditional headers from the previous answer
    (:attr:`FetchResult.validators`). Blocking: call it in a worker thread.
    Raises :class:`FetchError` with one clean line.
    """
    target = url or request_url(spec)
    if cancel is not None:
        cancel.check()
    if target.startswith("file:"):
        return _read_file(target, max_bytes)
    if not target.startswith(("http://", "https://")):
        raise FetchError(f"source URL {target} is relative: set the layout's backend")
    headers = dict(spec.headers)
    if send_auth:
        try:
            headers.update(auth_headers(spec))
        except SecretUnavailable as error:
            raise FetchError(f"credentials: {error}") from None
    headers.update(validators or {})
    client = session()
    client.secret_headers = frozenset(
        [spec.auth.header] if send_auth and spec.auth is not None and spec.auth.type == "header"
        else [])
    started = time.monotonic()
    hard_s = HARD_DEADLINE_FACTOR * spec.timeout_s
    with guarded(hard_s, cancel) as guard:
        try:
            with client.get(target, headers=headers, timeout=spec.timeout_s,
                            stream=True) as response:
                if response.status_code == 304:
                    _ = response.content  # consume the empty body: the connection is reused
                    return FetchResult(304, b"", None, response.headers.get("ETag"),
                                       response.headers.get("Last-Modified"), True,
                                       time.monotonic() - started)
                if response.status_code >= 300:
                    raise FetchError(_http_reason(response))
                body = _read_body(response, max_bytes)
                _raise_if_aborted(guard, hard_s)
                return FetchResult(response.status_code, body,
                                   response.headers.get("Content-Type"),
                                   response.headers.get("ETag"),
                                   response.headers.get("Last-Modified"), False,
                                   time.monotonic() - started)
        except (FetchError, requests.RequestException) as error:
            # A socket shut by the watchdog or by cancel() reads as a short body or a broken
            # connection: name the real reason.
            _raise_if_aborted(guard, hard_s)
            if isinstance(error, FetchError):
                raise
            raise describe_request_error(error, target, spec.timeout_s) from None


def _raise_if_aborted(guard: Guard, timeout_s: float) -> None:
    if guard.token is not None:
        guard.token.check()
    if guard.expired:
        raise FetchError(f"timed out after {timeout_s:g} s", unreachable=True)


def _read_body(response: requests.Response, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"response too large: more than {max_bytes // 2**20} MiB")
            chunks.append(chunk)
    except requests.exceptions.ChunkedEncodingError:
        raise FetchError(_truncated(response, _wire_bytes(response, size))) from None
    body = b"".join(chunks)
    expected = response.headers.get("Content-Length", "")
    if (expected.isdigit() and int(expected) > len(body)
            and not response.headers.get("Content-Encoding")):
        raise FetchError(_truncated(response, len(body)))
    return body


def _wire_bytes(response: requests.Response, counted: int) -> int:
    """Bytes received so far, including a partial read urllib3 discarded when it noticed
    the connection had closed early."""
    try:
        return max(counted, int(response.raw.tell()))
    except Exception:
        return counted


def _truncated(response: requests.Response, got: int) -> str:
    expected = response.headers.get("Content-Length", "")
    if expected.isdigit() and not response.headers.get("Content-Encoding"):
        return f"response truncated: got {got} of {expected} bytes"
    return f"response truncated: the connection closed after {got} bytes"


def _http_reason(response: requests.Response) -> str:
    reason = response.reason
    if not reason:
        try:
            reason = HTTPStatus(response.status_code).phrase
        except ValueError:
            reason = ""
    return f"HTTP {response.status_code} {reason}".strip()


def _read_file(url: str, max_bytes: int) -> FetchResult:
    """A ``file:`` source (a saved feed on a USB stick, a shared drive): read like a GET."""
    path = Path(url2pathname(urlsplit(url).path))
    started = time.monotonic()
    try:
        with path.open("rb") as handle:
            body = handle.read(max_bytes + 1)
    except OSError as error:
        raise FetchError(f"cannot read {path}: {error.strerror or error}",
                         unreachable=True) from None
    if len(body) > max_bytes:
        raise FetchError(f"file too large: more than {max_bytes // 2**20} MiB")
    return FetchResult(200, body, None, None, None, False, time.monotonic() - started)


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The exception and everything it wraps (urllib3 nests the OS error two or three
    levels deep in ``reason``, ``args``, ``__cause__`` and ``__context__``)."""
    seen: set[int] = set()
    stack: list[object] = [error]
    while stack:
        current = stack.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend([getattr(current, "reason", None), current.__cause__,
                      current.__context__, *current.args])


def describe_request_error(error: Exception, url: str, timeout_s: float) -> FetchError:
    """A requests/urllib3 exception -> one line a technician understands."""
    host = where(url)
    timed_out = f"timed out after {timeout_s:g} s"
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return FetchError(f"cannot connect to {host}: {timed_out}", unreachable=True)
    if isinstance(error, requests.Timeout):
        return FetchError(timed_out, unreachable=True)
    if isinstance(error, requests.exceptions.ChunkedEncodingError):
        return FetchError("response truncated: the connection closed mid-body")
    if isinstance(error, requests.TooManyRedirects):
        return FetchError("too many redirects")
    if isinstance(error, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                          requests.exceptions.InvalidSchema)):
        return FetchError("invalid URL")
    causes = list(_causes(error))
    if any(isinstance(c, urllib3.exceptions.ReadTimeoutError) for c in causes):
        return FetchError(timed_out, unreachable=True)
    for cause in causes:
        if isinstance(cause, ssl.SSLCertVerificationError):
            detail = cause.verify_message or "verification failed"
            return FetchError(f"TLS certificate of {host} not trusted: {detail}")
        if isinstance(cause, ssl.SSLError):
            return FetchError(f"TLS error with {host}: {cause.reason or type(cause).__name__}")
    for cause in causes:
        reason = _network_reason(cause)
        if reason == "timed out":
            return FetchError(f"cannot connect to {host}: {timed_out}", unreachable=True)
        if reason is not None:
            return FetchError(f"cannot connect to {host}: {reason}", unreachable=True)
    if isinstance(error, requests.ConnectionError):
        return FetchError(f"cannot connect to {host}: connection failed", unreachable=True)
    return FetchError(f"request to {host} failed: {type(error).__name__}")


def _network_reason(cause: BaseException) -> str | None:
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, socket.gaierror):
        return "host name not found"
    if isinstance(cause, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(cause, ConnectionResetError):
        return "connection reset"
    if isinstance(cause, TimeoutError):
        return "timed out"
    if isinstance(cause, OSError) and cause.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH):
        return "host unreachable" if cause.errno == errno.EHOSTUNREACH else "network unreachable"
    return None
