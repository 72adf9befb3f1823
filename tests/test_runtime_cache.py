"""The last-known-good cache: a restarted wall shows the province as it last was."""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ioc_console.data.alerts import Alert
from ioc_console.data.payloads import parse_payload
from ioc_console.runtime import cache as cache_module
from ioc_console.runtime.cache import LastKnownGoodCache, default_cache_dir

FIXTURES = Path(__file__).parent / "fixtures"
AT = datetime(2024, 9, 9, 13, 0, tzinfo=UTC)


def test_values_come_back_as_they_were_stored(tmp_path):
    cache = LastKnownGoodCache(tmp_path)
    cache.store("rivers", {"stations": [{"id": "lao_cai", "level_m": 86.91}]}, AT, "json")
    cache.store("up", [1, 2.5, None, "x"], AT)
    assert cache.load_all() == {
        "rivers": ({"stations": [{"id": "lao_cai", "level_m": 86.91}]}, AT),
        "up": ([1, 2.5, None, "x"], AT),
    }


def test_cap_alerts_are_stored_through_the_serialiser_and_rebuilt(tmp_path):
    body = (FIXTURES / "cap" / "minimal_12.xml").read_bytes()
    value = {"alerts": parse_payload("cap", body, source_id="cap_alerts")["alerts"],
             "problems": [{"link": "x.xml", "error": "HTTP 404 Not Found"}]}
    cache = LastKnownGoodCache(tmp_path)
    cache.store("cap_alerts", value, AT, "cap")
    restored, received_at = cache.load_all()["cap_alerts"]
    assert received_at == AT
    assert isinstance(restored["alerts"][0], Alert)
    assert restored == value


def test_a_value_that_cannot_be_encoded_leaves_the_previous_file_intact(tmp_path):
    cache = LastKnownGoodCache(tmp_path)
    cache.store("a", {"v": 1}, AT)
    with pytest.raises(TypeError, match="cannot cache a object"):
        cache.store("a", {"v": object()}, AT)
    assert cache.load_all()["a"][0] == {"v": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_a_write_cut_short_never_replaces_the_good_file(tmp_path, monkeypatch):
    cache = LastKnownGoodCache(tmp_path)
    cache.store("a", {"v": 1}, AT)

    def power_cut(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError):
        cache.store("a", {"v": 2}, AT)
    monkeypatch.undo()
    assert cache.load_all()["a"][0] == {"v": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]  # no temporary file left


def test_a_corrupt_file_is_ignored_with_a_warning(tmp_path, caplog):
    cache = LastKnownGoodCache(tmp_path)
    cache.store("good", 1, AT)
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "half.json").write_text('{"source_id": "half"}', encoding="utf-8")
    (tmp_path / "naive.json").write_text(json.dumps(
        {"source_id": "naive", "received_at": "2024-09-09T13:00:00", "value": 1}),
        encoding="utf-8")
    (tmp_path / ".good.x1.tmp").write_text("{", encoding="utf-8")  # a crash mid-write
    with caplog.at_level(logging.WARNING):
        assert cache.load_all() == {"good": (1, AT)}
    assert caplog.text.count("ignoring unreadable cache file") == 3
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


def test_entries_of_other_sources_or_another_kind_are_skipped(tmp_path):
    cache = LastKnownGoodCache(tmp_path)
    cache.store("rivers", 1, AT, "json")
    cache.store("old", 2, AT, "json")
    cache.store("alerts", 3, AT, "json")
    assert cache.load_all({"rivers": "json", "alerts": "cap"}) == {"rivers": (1, AT)}


def test_a_missing_directory_is_an_empty_cache(tmp_path):
    assert LastKnownGoodCache(tmp_path / "nothing-yet").load_all() == {}


def test_writes_are_coalesced_per_source(tmp_path):
    cache = LastKnownGoodCache(tmp_path, min_interval_s=3600)
    cache.offer("a", 1, AT)
    cache.offer("a", 2, AT)  # replaces the pending 1: only the newest is ever written
    assert cache.has_due() and cache.flush() == 1
    assert cache.load_all()["a"][0] == 2
    cache.offer("a", 3, AT)
    assert not cache.has_due() and cache.flush() == 0  # written too recently
    assert cache.load_all()["a"][0] == 2
    assert cache.flush(force=True) == 1  # at shutdown nothing pending is lost
    assert cache.load_all()["a"][0] == 3
    assert cache.flush(force=True) == 0


def test_a_failing_flush_is_logged_and_the_wall_goes_on(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = LastKnownGoodCache(blocker / "sub", min_interval_s=0)
    cache.offer("a", 1, AT)
    with caplog.at_level(logging.WARNING):
        assert cache.flush() == 0
    assert "cannot cache source a" in caplog.text


def test_the_default_directory_is_the_users_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "ioc-console" / "last-known-good"
    assert LastKnownGoodCache().directory == default_cache_dir()


def test_the_file_is_written_with_fsync_before_the_rename(tmp_path, monkeypatch):
    calls = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(cache_module.os, "fsync", lambda fd: (calls.append("fsync"),
                                                              real_fsync(fd)))
    monkeypatch.setattr(cache_module.os, "replace", lambda a, b: (calls.append("replace"),
                                                                  real_replace(a, b)))
    LastKnownGoodCache(tmp_path).store("a", 1, AT)
    assert calls[:2] == ["fsync", "replace"]
