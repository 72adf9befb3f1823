"""Validators for conditional GETs: ``ETag`` / ``If-None-Match`` and ``Last-Modified`` /
``If-Modified-Since`` (RFC 9110 §13), with ``Cache-Control: no-cache`` on every answer.

A console polling every few seconds gets ``304 Not Modified`` with no body while a value has
not changed, which is what real province APIs behind a CDN or API gateway do. The ETag is a
hash of the body; Last-Modified is when this server first sent that body for that URL, so
both validators agree. Per-URL memory is bounded (least recently used first out).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime

MAX_REMEMBERED = 2000


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: float  # epoch seconds, whole seconds (HTTP dates have no fractions)

    @property
    def last_modified_header(self) -> str:
        return formatdate(self.last_modified, usegmt=True)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


class ValidatorBook:
    """Remembers, per URL, the current body's ETag and since when it has been served."""

    def __init__(self) -> None:
        self._known: OrderedDict[str, Validators] = OrderedDict()
        self._lock = threading.Lock()

    def validators(self, url: str, body: bytes, now: float) -> Validators:
        etag = etag_of(body)
        with self._lock:
            known = self._known.get(url)
            if known is None or known.etag != etag:
                known = Validators(etag, float(int(now)))
            self._known[url] = known
            self._known.move_to_end(url)
            while len(self._known) > MAX_REMEMBERED:
                self._known.popitem(last=False)
            return known


def not_modified(validators: Validators, if_none_match: str | None,
                 if_modified_since: str | None) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    if if_none_match is not None:
        candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in candidates or validators.etag in candidates
    if if_modified_since is not None:
        try:
            since = parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError, IndexError):
            return False  # an unparseable date is ignored, as the RFC says
        return validators.last_modified <= since
    return False
