"""JSON bodies and the expressions that pick a value out of them.

JMESPath is the extraction language because it has a written specification with a shared
compliance test suite (so "what does this expression return" has one answer), it is the
syntax IOC technicians already meet in the AWS CLI (``--query``) and Azure CLI, and its
pure-Python implementation ``jmespath`` is already a dependency (the layout model validates
``extract`` expressions with it). JSONPath has no single spec that implementations agree on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import jmespath
from jmespath import exceptions as jmes

from .errors import ParseError, html_error, html_page_title


def compile_expression(expr: str) -> Callable[[Any], Any]:
    """Compile once, apply per poll. ``ValueError`` names the (1-based) column of the error.

    The returned function raises :class:`ParseError` when the data does not suit the
    expression (e.g. ``length(@)`` of a number); a path that does not exist gives ``None``.
    """
    try:
        compiled = jmespath.compile(expr)
    except jmes.JMESPathError as err:
        raise ValueError(_describe(expr, err)) from None

    def extract(data: Any) -> Any:
        try:
            return compiled.search(data)
        except jmes.JMESPathError as err:
            raise ParseError(f"extract {expr!r}: {err}") from None

    return extract


def _describe(expr: str, err: jmes.JMESPathError) -> str:
    position = getattr(err, "lex_position", None)
    if isinstance(err, jmes.IncompleteExpressionError):
        reason = "incomplete expression"
    elif isinstance(err, jmes.LexerError):
        reason = str(getattr(err, "message", "") or "bad token")
    else:
        reason = str(getattr(err, "msg", "") or err)
    where = f" at column {position + 1}" if isinstance(position, int) else ""
    return " ".join(f"invalid JMESPath expression {expr!r}{where}: {reason}".split())


# json.loads is one long C call that keeps the GIL: on a worker thread, 5 MB of JSON froze
# the GUI thread for 124 ms. A Python-level object_hook gives the interpreter a point to
# hand the GIL over at every object: the longest GUI stall drops to ~11 ms for 5 % more
# parsing time (measured on the project's 2-core machines, see bench/gui_stall.py).
_YIELDING_PARSE_BYTES = 256 * 1024


def _yield_point(obj: dict) -> dict:
    return obj


def parse_json(body: bytes, *, expected: str = "JSON") -> Any:
    """UTF-8/16/32 JSON (a BOM is fine) -> Python value, or a one-line :class:`ParseError`.

    ``expected`` words the messages about empty bodies and HTML pages ("expected JSON, got an
    HTML page ("502 Bad Gateway")").
    """
    if not body or not body.strip():
        raise ParseError(f"empty body (expected {expected})")
    title = html_page_title(body)
    if title is not None:
        raise html_error(expected, title)
    try:
        if len(body) > _YIELDING_PARSE_BYTES:
            return json.loads(body, object_hook=_yield_point)
        return json.loads(body)
    except json.JSONDecodeError as err:
        where = f"line {err.lineno} column {err.colno}"
        raise ParseError(f"invalid JSON at {where}: {err.msg}") from None
    except UnicodeDecodeError as err:
        raise ParseError(
            f"invalid JSON: not UTF-8 text (byte 0x{body[err.start]:02x} at offset {err.start})"
        ) from None
    except RecursionError:
        raise ParseError("invalid JSON: nested too deeply") from None
