"""The wall on screens: one window per canvas on its own screen, or a simulated wall."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from ioc_console.cli import default_layout_path
from ioc_console.model.layout_file import load_layout
from ioc_console.ui.wall_windows import WallWindows

FOUR_SCREENS = {"screens": [
    {"name": f"WALL-{i}", "x": 1920 * (i % 2), "y": 1080 * (i // 2), "width": 1920,
     "height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    for i in range(4)]}

OPEN_WALL = """
import json
from ioc_console.ui.app import create_application
app = create_application()
from ioc_console.cli import default_layout_path
from ioc_console.model.layout_file import load_layout
from ioc_console.ui.wall_windows import WallWindows
windows = WallWindows(load_layout(default_layout_path()), "vi")
windows.open()
app.processEvents()
print(json.dumps({"simulated": windows.simulated, "windows": [
    {"screen": w.screen().name(), "geometry": w.geometry().getRect(),
     "fullscreen": w.isFullScreen(), "frameless": bool(w.windowFlags() & 0x800)}
    for w in windows.windows]}))
"""


def test_a_four_panel_layout_opens_four_windows_each_on_its_own_screen(tmp_path: Path):
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(FOUR_SCREENS))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    result = subprocess.run([sys.executable, "-c", OPEN_WALL], env=env, capture_output=True,
                            text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["simulated"] is False
    placed = sorted((w["screen"], tuple(w["geometry"])) for w in report["windows"])
    assert placed == [(s["name"], (s["x"], s["y"], 1920, 1080)) for s in FOUR_SCREENS["screens"]]
    assert all(w["fullscreen"] and w["frameless"] for w in report["windows"])


def test_too_few_screens_shows_the_whole_wall_simulated_in_one_window(qtbot):
    layout = load_layout(default_layout_path())
    windows = WallWindows(layout, "en")
    notices: list[str] = []
    windows.notice.connect(notices.append)
    windows.open()
    try:
        assert windows.simulated and len(windows.windows) == 1
        assert "needs 4 screens" in notices[0]
        window = windows.windows[0]
        assert not window.isFullScreen()
        canvases = windows.view.canvases
        assert set(canvases) == {"p1", "p2", "p3", "p4"}
        top_left, bottom_right = canvases["p1"].geometry(), canvases["p4"].geometry()
        assert top_left.right() < bottom_right.left() and top_left.bottom() < bottom_right.top()
    finally:
        windows.close()


def test_a_scenario_hotkey_switches_every_panel_at_once(qtbot):
    layout = load_layout(default_layout_path())
    windows = WallWindows(layout, "en", simulate=True)
    windows.open()
    try:
        window = windows.windows[0]
        qtbot.waitExposed(window)
        assert windows.view.current_scenarios == ["normal"]
        qtbot.keyClick(window, Qt.Key.Key_F2)
        state = windows.view.state
        assert set(state.scenario_of_panel.values()) == {"flood"}
        # what the screens show: frames that are visible and lie on their canvas
        shown = {tid for view in windows.view.canvases.values()
                 for tid, frame in view.frames.items()
                 if frame.isVisible() and view.rect().intersects(frame.geometry())}
        flood = layout.scenario("flood")
        assert shown == {p.tile for items in flood.panels.values() for p in items}
        assert set(windows.view.canvases["p1"].visible_frames()) <= shown
        assert "grdp" in windows.view.canvases["p1"].frames and "grdp" not in shown
    finally:
        windows.close()


def test_screenshot_renders_every_panel_with_bezels_from_any_folder(tmp_path: Path):
    out = tmp_path / "wall.png"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.pop("DISPLAY", None)
    result = subprocess.run([sys.executable, "-m", "ioc_console", "screenshot", "--out", str(out),
                             "--lang", "vi"], env=env, capture_output=True, text=True,
                            timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    layout = load_layout(default_layout_path())
    bezel = layout.wall.panels[0].bezel_px
    assert (image.width(), image.height()) == (2 * 1920 + 4 * bezel, 2 * 1080 + 4 * bezel)
    assert image.pixelColor(bezel + 1920 + bezel, 500).name() == "#000000"  # the bezel gap
    tile = image.pixelColor(bezel + 100, bezel + 200)
    assert tile.name() != "#000000"  # the clock tile is drawn on panel 1


def test_a_screen_removed_while_running_keeps_the_wall_up(qtbot):
    from PySide6.QtGui import QGuiApplication

    layout = load_layout(default_layout_path())
    windows = WallWindows(layout, "en", simulate=True)
    windows.open()
    try:
        first = windows.windows[0]
        app = QGuiApplication.instance()
        app.screenRemoved.emit(app.primaryScreen())
        qtbot.waitUntil(lambda: windows.windows and windows.windows[0] is not first, timeout=3000)
        assert windows.simulated
        app.screenAdded.emit(app.primaryScreen())
        second = windows.windows[0]
        qtbot.waitUntil(lambda: windows.windows[0] is not second, timeout=3000)
        assert windows.windows[0].isVisible()
    finally:
        windows.close()
