"""OASIS CAP 1.1 / 1.2 messages and their Atom / RSS indexes -> :class:`Alert` and links.

Feeds are hostile or sloppy input: XML is parsed by :func:`xml_safe.parse_xml` (no DTD, no
entities, no network or file access), every refusal is one line naming the element, and the
sloppiness real senders show (a "Z" time zone, an unclosed polygon, lower-case enumerations,
CAP 1.1's "Very Likely") is accepted where the meaning is still unambiguous.

Among several ``<info>`` blocks the operators' language wins: ``vi-VN`` (or ``vi``), then any
English, else the first block. CAP's default language, when ``<language>`` is absent, is
``en-US``.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any
from urllib.parse import urljoin
from xml.etree.ElementTree import Element

from .alerts import (
    CATEGORIES,
    CERTAINTIES,
    MSG_TYPES,
    SCOPES,
    SEVERITY_ORDER,
    STATUSES,
    URGENCIES,
    Alert,
    AlertReference,
)
from .cap_geometry import circle_geometry, parse_circle, parse_polygon
from .errors import ParseError
from .xml_safe import local_name, namespace, parse_xml

CAP_NAMESPACES: dict[str, str] = {
    "urn:oasis:names:tc:emergency:cap:1.2": "1.2",
    "urn:oasis:names:tc:emergency:cap:1.1": "1.1",
}
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_INDEX_ROOTS = {"feed": "an Atom feed", "rss": "an RSS feed", "RDF": "an RSS 1.0 feed"}
_CAP_DEFAULT_LANGUAGE = "en-US"


def parse_cap_message(body: bytes, source: str | None = None) -> Alert:
    """One CAP message -> :class:`Alert`; ``source`` is the id of the source that delivered it."""
    result = parse_cap(body, source)
    if isinstance(result, list):
        raise ParseError("expected a CAP alert, got a CAP index (Atom or RSS feed)")
    return result


def parse_cap_index(body: bytes, base_url: str | None = None) -> list[str]:
    """Atom or RSS index -> the links to its CAP messages, resolved against ``base_url``.

    Order is the feed's, duplicates are dropped. An entry without a usable link is skipped:
    an index entry is only a pointer, the messages themselves are checked when fetched.
    """
    result = parse_cap(body, base_url=base_url)
    if isinstance(result, Alert):
        raise ParseError("expected a CAP index (Atom or RSS feed), got a single CAP alert")
    return result


def is_cap_index(body: bytes) -> bool:
    """True when ``body`` is an Atom or RSS document (what a CAP index is served as)."""
    try:
        root = parse_xml(body, "a CAP index")
    except ParseError:
        return False
    return local_name(root.tag) in _INDEX_ROOTS


def parse_cap(
    body: bytes, source: str | None = None, base_url: str | None = None
) -> Alert | list[str]:
    """Either kind of CAP document with a single XML parse: an :class:`Alert` or index links."""
    root = parse_xml(body, "a CAP alert")
    name = local_name(root.tag)
    if name in _INDEX_ROOTS:
        return _index_links(root, base_url)
    if name == "EDXLDistribution":  # EDXL-DE 1.0 wraps CAP in contentObject/xmlContent
        embedded = [el for el in root.iter() if _is_cap_alert(el)]
        if not embedded:
            raise ParseError("EDXL-DE distribution carries no CAP alert")
        root = embedded[0]
    elif name != "alert":
        raise ParseError(f"expected a CAP alert, got an XML document with root <{name}>")
    return alert_from_element(root, source)


def _is_cap_alert(element: Element) -> bool:
    return local_name(element.tag) == "alert" and namespace(element.tag) in CAP_NAMESPACES


# --- CAP message -------------------------------------------------------------------------


class _Reader:
    """Reads the children of one CAP element, naming the element in every refusal."""

    def __init__(self, element: Element, ns: str, where: str, prefix: str = "") -> None:
        self.element, self.ns, self.where, self.prefix = element, ns, where, prefix

    def fail(self, reason: str) -> ParseError:
        return ParseError(f"{self.prefix}{reason}")

    def all(self, name: str) -> list[Element]:
        return self.element.findall(f"{{{self.ns}}}{name}")

    def texts(self, name: str) -> list[str]:
        return [text for el in self.all(name) if (text := _clean(el.text))]

    def text(self, name: str, required: bool = False) -> str | None:
        found = self.texts(name)
        if not found:
            if required:
                raise self.fail(f"missing <{name}> in <{self.where}>")
            return None
        return found[0]

    def required(self, name: str) -> str:
        value = self.text(name, required=True)
        assert value is not None
        return value

    def enum(self, name: str, allowed: tuple[str, ...], required: bool = True) -> str | None:
        value = self.text(name, required=required)
        if value is None:
            return None
        if name == "certainty" and value.lower() == "very likely":  # CAP 1.0/1.1 value
            return "Likely"
        for option in allowed:
            if option.lower() == value.lower():
                return option
        raise self.fail(f"<{name}> '{value}' is not one of {', '.join(allowed)}")

    def time(self, name: str, required: bool = False) -> datetime | None:
        value = self.text(name, required=required)
        return None if value is None else self._datetime(value, name)

    def _datetime(self, value: str, name: str) -> datetime:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(
                f"<{name}> '{value}' is not a CAP date-time (YYYY-MM-DDThh:mm:ss+hh:mm)"
            ) from None
        if parsed.tzinfo is None:
            raise self.fail(f"<{name}> '{value}' has no time zone offset (e.g. +07:00)")
        return parsed


def _clean(text: str | None) -> str | None:
    """Strip and NFC-normalize: windows-1258 and some senders give decomposed Vietnamese."""
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text.strip())
    return text or None


def alert_from_element(root: Element, source: str | None = None) -> Alert:
    """A parsed ``<alert>`` element -> :class:`Alert`."""
    ns = namespace(root.tag)
    if ns not in CAP_NAMESPACES:
        shown = f"namespace '{ns}'" if ns else "no namespace"
        raise ParseError(f"<alert> has {shown}; expected CAP 1.2 or 1.1")
    head = _Reader(root, ns, "alert")
    identifier = head.required("identifier")
    head.prefix = f"CAP alert '{identifier}': "
    msg_type = head.enum("msgType", MSG_TYPES)
    fields: dict[str, Any] = {
        "identifier": identifier,
        "sender": head.required("sender"),
        "sent": head.time("sent", required=True),
        "status": head.enum("status", STATUSES),
        "msg_type": msg_type,
        "scope": head.enum("scope", SCOPES, required=False),
        "references": _references(head),
        "source": source,
    }
    infos = head.all("info")
    if infos:
        chosen = _preferred_info(infos)
        fields.update(_info_fields(_Reader(chosen, ns, "info", head.prefix)))
        if not fields["areas"] and not fields["geocodes"]:
            for other in infos:  # some senders put the area only in one language's block
                area_fields = _area_fields(_Reader(other, ns, "info", head.prefix))
                if area_fields["areas"] or area_fields["geocodes"]:
                    fields.update(area_fields)
                    break
    elif msg_type in ("Alert", "Update"):
        raise head.fail(f"a CAP {msg_type} message needs at least one <info> block")
    return Alert(**fields)


def _references(head: _Reader) -> list[AlertReference]:
    text = head.text("references")
    if text is None:
        return []
    references = []
    for triple in text.split():
        parts = triple.split(",")
        if len(parts) != 3 or not parts[0] or not parts[1]:
            raise head.fail(f"<references> entry '{triple}' is not 'sender,identifier,sent'")
        references.append(AlertReference(sender=parts[0], identifier=parts[1], sent=parts[2]))
    return references


def _language(info: Element, ns: str) -> str:
    element = info.find(f"{{{ns}}}language")
    return _clean(element.text if element is not None else None) or _CAP_DEFAULT_LANGUAGE


def _preferred_info(infos: list[Element]) -> Element:
    ns = namespace(infos[0].tag)
    languages = [_language(info, ns).lower() for info in infos]
    for wanted in ("vi", "en"):
        for info, language in zip(infos, languages, strict=True):
            if language == wanted or language.startswith(wanted + "-"):
                return info
    return infos[0]


def _info_fields(info: _Reader) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "category": _categories(info),
        "event": info.required("event"),
        "urgency": info.enum("urgency", URGENCIES),
        "severity": info.enum("severity", SEVERITY_ORDER),
        "certainty": info.enum("certainty", CERTAINTIES),
        "headline": info.text("headline"),
        "description": info.text("description"),
        "instruction": info.text("instruction"),
        "language": info.text("language"),
        "sender_name": info.text("senderName"),
        "response_types": info.texts("responseType"),
        "parameters": _value_pairs(info, "parameter"),
        "web": info.text("web"),
        "effective": info.time("effective"),
        "onset": info.time("onset"),
        "expires": info.time("expires"),
    }
    fields.update(_area_fields(info))
    return fields


def _categories(info: _Reader) -> list[str]:
    values = info.texts("category")
    if not values:
        raise info.fail("missing <category> in <info>")
    result = []
    for value in values:
        match = [c for c in CATEGORIES if c.lower() == value.lower()]
        if not match:
            raise info.fail(f"<category> '{value}' is not one of {', '.join(CATEGORIES)}")
        result.append(match[0])
    return result


def _value_pairs(reader: _Reader, name: str) -> list[dict[str, str]]:
    pairs = []
    for element in reader.all(name):
        sub = _Reader(element, reader.ns, name, reader.prefix)
        pairs.append({"valueName": sub.text("valueName") or "", "value": sub.text("value") or ""})
    return pairs


def _area_fields(info: _Reader) -> dict[str, Any]:
    descriptions: list[str] = []
    areas: list[dict[str, Any]] = []
    circles: list[tuple[float, float, float]] = []
    geocodes: list[dict[str, str]] = []
    for element in info.all("area"):
        area = _Reader(element, info.ns, "area", info.prefix)
        descriptions.append(area.required("areaDesc"))
        try:
            areas.extend(parse_polygon(text) for text in area.texts("polygon"))
            for text in area.texts("circle"):
                circle = parse_circle(text)
                circles.append(circle)
                areas.append(circle_geometry(*circle))
        except ParseError as err:
            raise area.fail(f"<area> '{descriptions[-1]}': {err}") from None
        geocodes.extend(_value_pairs(area, "geocode"))
    return {
        "area_descriptions": descriptions,
        "areas": areas,
        "circles": circles,
        "geocodes": geocodes,
    }


# --- Atom / RSS index ----------------------------------------------------------------------


def _index_links(root: Element, base_url: str | None) -> list[str]:
    base = base_url or ""
    if root.get(_XML_BASE):
        base = urljoin(base, root.get(_XML_BASE, ""))
    if local_name(root.tag) == "feed":
        entries = [el for el in root if local_name(el.tag) == "entry"]
        raw = [_atom_link(entry) for entry in entries]
    else:
        items = [el for el in root.iter() if local_name(el.tag) == "item"]
        raw = [_rss_link(item) for item in items]
    links: list[str] = []
    for href in raw:
        if href:
            absolute = urljoin(base, href) if base else href
            if absolute not in links:
                links.append(absolute)
    return links


def _atom_link(entry: Element) -> str | None:
    """The entry's link most likely to be the CAP file: CAP type, then XML, then untyped."""
    ranked: list[tuple[int, int, str]] = []
    for position, element in enumerate(entry):
        name = local_name(element.tag)
        href = (element.get("href") if name == "link" else element.get("src")) or ""
        if name not in ("link", "content") or not href.strip():
            continue
        rel = element.get("rel", "alternate")
        kind = element.get("type", "").lower()
        if rel in ("self", "edit", "via", "replies", "license"):
            continue
        rank = 0 if "cap" in kind else 1 if "xml" in kind else 2 if not kind else 3
        ranked.append((rank, position, href.strip()))
    return min(ranked)[2] if ranked else None


def _rss_link(item: Element) -> str | None:
    enclosures = [el for el in item if local_name(el.tag) == "enclosure" and el.get("url")]
    for enclosure in enclosures:
        if "cap" in enclosure.get("type", "").lower() or "xml" in enclosure.get("type", ""):
            return enclosure.get("url", "").strip()
    for element in item:
        if local_name(element.tag) == "link" and _clean(element.text):
            return _clean(element.text)
    return enclosures[0].get("url", "").strip() if enclosures else None
