"""Parse untrusted XML without letting the document reach the network or the disk.

Feeds come from outside the IOC's control. A DTD can pull in external entities (XXE: read a
local file, call an internal URL) or expand entities exponentially ("billion laughs"), so
every document goes through ``defusedxml`` with ``forbid_dtd=True``: a document that declares
a DTD is refused before any of it is processed. CAP, Atom and RSS never need a DTD.

The expat parser reads the encoding the document declares (UTF-8, UTF-16 with a BOM,
windows-1258, ISO-8859-1, ...), so bytes are handed over undecoded.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as ExpatError

import defusedxml.ElementTree as SafeET
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from .errors import ParseError, html_error, html_page_title

# expat error codes (pyexpat.errors) that mean "the document stopped before it was complete".
_TRUNCATION_CODES = {
    3,  # no element found
    5,  # unclosed token
    6,  # partial character
    20,  # unclosed CDATA section
}


def parse_xml(body: bytes, expected: str) -> Element:
    """The root element of ``body``, or a :class:`ParseError` saying why not.

    ``expected`` names what the caller wanted ("a CAP alert") for the messages about empty
    bodies and HTML pages. Line and column numbers in messages are 1-based, like an editor's.
    """
    if not body or not body.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ParseError(f"empty body (expected {expected})")
    title = html_page_title(body)
    if title is not None:
        raise html_error(expected, title)
    try:
        try:
            return SafeET.fromstring(body, forbid_dtd=True)
        except ValueError as err:
            if "multi-byte" not in str(err):
                raise
            return SafeET.fromstring(_as_utf8(body), forbid_dtd=True)
    except DTDForbidden as err:
        where = f" referencing {err.sysid}" if getattr(err, "sysid", None) else ""
        raise ParseError(
            f"refused: the document declares a DTD (<!DOCTYPE {err.name}>{where}); "
            "DTDs are never processed, for safety"
        ) from None
    except (EntitiesForbidden, ExternalReferenceForbidden) as err:
        raise ParseError(
            f"refused: the document declares entities ({type(err).__name__}); "
            "they are never expanded, for safety"
        ) from None
    except ExpatError as err:
        line, column = err.position
        reason = str(err).split(":")[0]
        if err.code in _TRUNCATION_CODES:
            raise ParseError(
                f"malformed XML at line {line}, column {column + 1}: truncated, the document "
                f"ends before it is complete ({reason})"
            ) from None
        raise ParseError(f"malformed XML at line {line}, column {column + 1}: {reason}") from None
    except (ValueError, LookupError) as err:  # an encoding no codec knows, or undecodable bytes
        raise ParseError(f"unreadable XML: {err}") from None


_DECLARATION = re.compile(rb"^(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])([A-Za-z0-9._-]+)\2")


def _as_utf8(body: bytes) -> bytes:
    """Re-encode a document in a multi-byte encoding expat lacks (Shift_JIS, Big5, GB18030).

    expat handles only single-byte encodings beyond UTF-8/16 itself, so Python's codec decodes
    the text and the declaration is rewritten to UTF-8. Used only after expat refused.
    """
    match = _DECLARATION.match(body)
    if not match:
        raise ValueError("multi-byte encoding without an XML declaration")
    text = body[match.end() :].decode(match.group(3).decode("ascii"))
    return match.group(1) + b'"UTF-8"' + text.encode("utf-8")


def local_name(tag: str) -> str:
    """``{urn:...}alert`` -> ``alert``."""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    """``{urn:...}alert`` -> ``urn:...``; "" for an element without a namespace."""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
