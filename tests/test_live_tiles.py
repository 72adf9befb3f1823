"""Every tile of the shipped wall filled from the real demo backend during the flood replay,
and honest badges when the backend goes away."""

from __future__ import annotations

import asyncio

import pytest

from ioc_console.cli import default_layout_path
from ioc_console.model.layout_file import load_layout

pytest.importorskip("ioc_console.demo_backend.server")


def has_data(frame) -> bool:
    """What a person would see as 'this tile shows data', per tile type."""
    content, kind = frame.content, frame.content.tile.type
    checks = {
        "kpi": lambda: content.value_label.text() not in ("—", ""),
        "gauge": lambda: bool(content.items),
        "bar": lambda: bool(content.rows),
        "table": lambda: content.model.rowCount() > 0,
        "chart": lambda: all(len(b) > 10 for b in content.buffers.values()),
        "map": lambda: sum(len(f) for f in content.drawn.values()) > 5,
        "alert-feed": lambda: bool(content.rows),
        "camera": lambda: not content.image.isNull() or content.offline,
        "ticker": lambda: bool(content.text),
        "clock": lambda: bool(content.time_label.text()),
        "text": lambda: bool(content.label.text()),
    }
    return checks[kind]()


def test_every_tile_of_the_wall_fills_from_the_backend_and_an_outage_shows_in_badges(
        qtbot, qapp):
    """One wall, one event loop (a second qasync loop or web view set-up per test crashes Qt
    on teardown): flood scenario, then normal operations, then the backend goes away."""
    import qasync

    from ioc_console.ui.live_data import LiveData
    from ioc_console.ui.tile_binder import TileBinder
    from ioc_console.ui.wall_view import WallView

    layout = load_layout(default_layout_path())
    layout = layout.model_copy(update={"sources": [
        s.model_copy(update={"poll_s": min(s.poll_s, 2.0), "timeout_s": 1.0})
        for s in layout.sources]})
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    live = LiveData(layout, use_cache=False)
    live.demo.sim.replay_flood_from(5.0)
    binder = TileBinder(live.hub)
    wall = WallView(layout, "en", "flood", on_frame_created=binder.bind)
    for canvas in wall.build_canvases(scale=0.5).values():
        qtbot.addWidget(canvas)
        canvas.show()

    def visible():
        return [f for c in wall.canvases.values() for f in c.visible_frames().values()]

    async def until_filled():
        deadline = loop.time() + 25
        while not all(has_data(f) for f in visible()) and loop.time() < deadline:
            await asyncio.sleep(0.1)
        return [f.tile_id for f in visible() if not has_data(f)]

    async def story():
        await live.start()
        report = {"flood_empty": await until_filled(),
                  "flood_types": {f.content.tile.type for f in visible()},
                  "flood_badges": {f.data_state for f in visible() if f.content.tile.bindings()}}
        wall.switch("normal")
        report["normal_empty"] = await until_filled()
        grdp = wall.canvases["p1"].frames["grdp"]
        report["shown"] = grdp.content.value_label.text()
        live.demo.stop()
        deadline = loop.time() + 10
        while grdp.data_state != "disconnected" and loop.time() < deadline:
            await asyncio.sleep(0.1)
        report["after"] = (grdp.data_state, grdp.badge.text(), grdp.content.value_label.text())
        await live.stop()
        return report

    try:
        report = loop.run_until_complete(story())
    finally:
        loop.close()
        asyncio.set_event_loop(None)
    assert report["flood_empty"] == [], report
    assert report["flood_types"] >= {"map", "chart", "alert-feed", "kpi", "table", "camera",
                                     "ticker", "clock"}
    assert report["flood_badges"] == {"live"}
    assert report["normal_empty"] == [], report
    state, badge, value = report["after"]
    assert state == "disconnected" and badge.startswith("DISCONNECTED")
    assert value == report["shown"] != "—"  # the last value stays on the wall
