"""Orders rows the way people in the room expect: rankings for bars, sorts for tables.

Rules a plain ``sorted`` gets wrong: rows with a missing value sink to the bottom in both
directions; a severity column sorts by severity (Extreme before Minor), not alphabetically;
Vietnamese names sort in dictionary order (Bảo before Bắc, Đ after D and before E, not
after Z as code points would put it), so a header click gives the order a reader expects.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from .tile_values import as_number

SEVERITY_RANK = {"Unknown": 0, "Minor": 1, "Moderate": 2, "Severe": 3, "Extreme": 4}


# the Vietnamese alphabet: ă, â after a; đ after d; ê after e; ô, ơ after o; ư after u
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: 100 + rank for rank, letter in enumerate(_ALPHABET)}
_ALPHABET_BASE = {rank: letter for letter, rank in _LETTER_RANK.items()}
# tone marks, in the order dictionaries use: ngang, huyền, hỏi, ngã, sắc, nặng
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def text_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Vietnamese dictionary order: letters first (đ after d, ư after u), tones second."""
    letters: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", text.casefold()):
        if char in _TONE_RANK:
            if tones:
                tones[-1] = _TONE_RANK[char]
            continue
        if unicodedata.combining(char) and letters:  # breve, circumflex, horn: a new letter
            composed = unicodedata.normalize("NFC", _ALPHABET_BASE.get(letters[-1], "") + char)
            letters[-1] = _LETTER_RANK.get(composed, letters[-1])
            continue
        letters.append(_LETTER_RANK.get(char, ord(char) if ord(char) < 128 else 1000 + ord(char)))
        tones.append(0)
    return (tuple(letters), tuple(tones), text)


def _value_key(value: Any, severity: bool) -> tuple[int, Any] | None:
    """(kind, key): kind 0 for numbers and severities, 1 for text; None when missing."""
    if value is None or value == "":
        return None
    if severity and str(value) in SEVERITY_RANK:
        return (0, SEVERITY_RANK[str(value)])
    number = as_number(value)
    if number is not None:
        return (0, number)
    return (1, text_key(str(value)))


def sort_rows(rows: Sequence[dict], key: str, descending: bool,
              severity: bool = False) -> list[dict]:
    """Rows ordered by ``key``: numbers, then words, then rows missing the value, each
    group in the asked direction. Stable: ties keep the source's order."""
    groups: dict[int, list[tuple[Any, dict]]] = {0: [], 1: []}
    missing = []
    for row in rows:
        found = _value_key(row.get(key), severity)
        if found is None:
            missing.append(row)
        else:
            groups[found[0]].append((found[1], row))
    ordered = []
    for kind in (0, 1):
        ordered += [row for _k, row in sorted(groups[kind], key=lambda item: item[0],
                                              reverse=descending)]
    return ordered + missing


def top_n(items: Sequence[dict], value_key: str, n: int, descending: bool = True) -> list[dict]:
    """The n items with the largest (or smallest) numeric value; items without one are
    left out, since a bar needs a length."""
    numeric = [item for item in items if as_number(item.get(value_key)) is not None]
    return sort_rows(numeric, value_key, descending)[:n]
