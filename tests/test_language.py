"""Every user-visible string speaks Vietnamese and English."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from ioc_console import i18n
from ioc_console.model.badge import badge_for, format_age

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def vietnamese():
    i18n.set_language("vi")
    yield
    i18n.set_language("en")


def test_badges_read_in_vietnamese(vietnamese):
    assert badge_for("live").text == "TRỰC TIẾP"
    assert badge_for("stale", age_s=185).text == "DỮ LIỆU CŨ · 3 phút trước"
    assert badge_for("connecting").text == "CHƯA CÓ DỮ LIỆU"


def test_badges_read_in_english():
    assert badge_for("disconnected", age_s=7200, error="refused").text == "DISCONNECTED · 2 h ago"
    assert badge_for("error", error="HTTP 503").tooltip == "HTTP 503"
    assert format_age(59) == "59 s ago"


def test_every_translatable_string_in_the_code_has_a_vietnamese_translation():
    pattern = re.compile(r"""\b_\(\s*(?:"([^"\\]*)"|'([^'\\]*)')""")
    used: set[str] = set()
    for path in [*REPO.joinpath("ioc_console").rglob("*.py"), *REPO.joinpath("widgets").rglob(
            "*.py")]:
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            used.add(match.group(1) or match.group(2))
    translated = {e.msgid for e in polib.pofile(str(REPO / "resources/i18n/vi.po"))
                  .translated_entries()}
    # strings split over lines are checked by their first part being a prefix of a msgid
    missing = {m for m in used if m not in translated
               and not any(t.startswith(m) for t in translated)}
    assert not missing


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unsupported language"):
        i18n.set_language("fr")


def test_the_system_locale_chooses_the_default(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert i18n.system_language() == "vi"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert i18n.system_language() == "en"
