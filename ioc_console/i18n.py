"""One translation mechanism for every user-visible string: gettext catalogs (.po).

Why gettext and not Qt's tr(): the pure model and the command line speak to users too and
must not import Qt; .po files are what translators' tools (Poedit, Weblate) edit. The
catalogs are read with polib straight from the shipped .po files, so there is no compile
step and no build output to keep in step with the source.
"""

from __future__ import annotations

import locale
import os
from functools import cache
from importlib import resources

import polib

LANGUAGES = ("vi", "en")
_current = "en"


@cache
def _catalog(language: str) -> dict[str, str]:
    if language == "en":
        return {}
    source = resources.files("ioc_console.resources") / "i18n" / f"{language}.po"
    catalog = polib.pofile(source.read_text(encoding="utf-8"))
    return {entry.msgid: entry.msgstr for entry in catalog.translated_entries()}


def system_language() -> str:
    """'vi' when the system locale is Vietnamese, else 'en'."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable, "")
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    code = (locale.getlocale()[0] or "").lower()
    return "vi" if code.startswith("vi") else "en"


def set_language(language: str) -> None:
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language '{language}' (choose from {', '.join(LANGUAGES)})")
    _current = language


def current_language() -> str:
    return _current


def _(message: str) -> str:
    """Translate ``message`` (an English msgid) into the current language."""
    return _catalog(_current).get(message, message)
