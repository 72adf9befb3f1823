"""The one error type every parser in :mod:`ioc_console.data` raises for a bad payload.

A wall shows a source's failure as one short line on the tile badge and the ``probe`` command
prints it for a technician, so the message is a single human sentence: the reason, never a
traceback or a multi-line dump of the payload.
"""

from __future__ import annotations

import re

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.I | re.S)
_HTML_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)


class ParseError(ValueError):
    """Bad payload. ``str(err)`` is one human line: the reason, no traceback."""

    def __init__(self, reason: str) -> None:
        super().__init__(one_line(reason))


def one_line(text: str, limit: int = 300) -> str:
    """Collapse whitespace (payload excerpts may carry newlines) and cap the length."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def html_page_title(body: bytes, declared_html: bool = False) -> str | None:
    """If ``body`` is an HTML page (a proxy's or a server's error page), its title or "".

    ``None`` means "not HTML" (never when the server ``declared_html`` in its Content-Type).
    Servers answer a broken feed URL with a 200 and a login or error page surprisingly often;
    naming the page's title tells the technician what happened.
    """
    head = body[:4096].lstrip(b"\xef\xbb\xbf")
    if not declared_html and not _HTML_START.match(head):
        return None
    match = _HTML_TITLE.search(body[:65536])
    if not match:
        return ""
    try:
        return one_line(match.group(1).decode("utf-8", "replace"), 80)
    except Exception:  # pragma: no cover - decode with "replace" cannot fail
        return ""


def html_error(expected: str, title: str) -> ParseError:
    """``expected a CAP alert, got an HTML page ("502 Bad Gateway")``."""
    suffix = f' ("{title}")' if title else ""
    return ParseError(f"expected {expected}, got an HTML page{suffix}")
