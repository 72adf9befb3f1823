"""Bring layout files of older format versions up to the current one.

Each entry turns version N into N+1; loading an old file runs the chain. A file from a
newer console is refused rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import Any

from .layout import CURRENT_SCHEMA_VERSION

Document = MutableMapping[str, Any]

MIGRATIONS: dict[int, Callable[[Document], Document]] = {}


def migrate(document: Document) -> Document:
    version = document.get("schema_version", CURRENT_SCHEMA_VERSION)
    if not isinstance(version, int) or version < 1:
        raise ValueError(f"schema_version must be a whole number from 1, not {version!r}")
    if version > CURRENT_SCHEMA_VERSION:
        raise ValueError(f"schema_version {version} is newer than this console understands "
                         f"({CURRENT_SCHEMA_VERSION}); update the console")
    while version < CURRENT_SCHEMA_VERSION:
        document = MIGRATIONS[version](document)
        version += 1
        document["schema_version"] = version
    return document
