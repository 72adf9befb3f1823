"""A running wall applies a valid edit of its layout file and refuses a broken one."""

from __future__ import annotations

import pytest
import shiboken6

from ioc_console.ui.layout_watcher import LayoutWatcher
from tests.layout_samples import layout_text

GOOD = layout_text("      p1:\n        - {tile: a, at: [0, 0]}\n")
RENAMED = GOOD.replace("name: Test wall", "name: Renamed wall")
BROKEN = layout_text("      p1:\n        - {tile: a, at: [0, 0], span: [2, 2]}\n"
                     "        - {tile: b, at: [1, 1]}\n")


@pytest.fixture
def watch():
    """Watchers stopped and deleted here, at the end of their test: one left to the garbage
    collector was deleted at a random later moment, crashing a test that came after."""
    made: list[LayoutWatcher] = []

    def start(path):
        made.append(LayoutWatcher(path))
        return made[-1]

    yield start
    for watcher in made:
        watcher.stop()
        shiboken6.delete(watcher)


def test_a_valid_edit_is_applied_and_a_broken_one_is_reported(qtbot, tmp_path, watch):
    path = tmp_path / "wall.yaml"
    path.write_text(GOOD, encoding="utf-8")
    watcher = watch(path)
    with qtbot.waitSignal(watcher.layout_changed, timeout=5000) as changed:
        path.write_text(RENAMED, encoding="utf-8")
    assert changed.args[0].name == "Renamed wall"
    with qtbot.waitSignal(watcher.layout_refused, timeout=5000) as refused:
        path.write_text(BROKEN, encoding="utf-8")
    [line] = refused.args[0]
    assert line.startswith(f"{path}:") and "overlaps" in line


def test_a_file_replaced_by_rename_is_still_watched(qtbot, tmp_path, watch):
    path = tmp_path / "wall.yaml"
    path.write_text(GOOD, encoding="utf-8")
    watcher = watch(path)
    for name in ("Renamed wall", "Renamed again"):
        replacement = tmp_path / "wall.yaml.new"
        replacement.write_text(GOOD.replace("Test wall", name), encoding="utf-8")
        with qtbot.waitSignal(watcher.layout_changed, timeout=5000) as changed:
            replacement.replace(path)
        assert changed.args[0].name == name
