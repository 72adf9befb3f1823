"""`ioc-console screenshot`: the wall as a PNG, with its live data, no display needed."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from ioc_console.i18n import current_language
from ioc_console.model.layout_file import load_layout_or_report
from ioc_console.ui.app import create_application

SETTLE_S = 1.5  # let throttled charts and the map page draw their last data


def take_screenshot(layout_path: Path, out: Path, scenario: str | None, scale: float,
                    backend: str | None = None, wait_s: float = 20.0,
                    demo_flood_hour: float | None = None) -> int:
    layout = load_layout_or_report(layout_path)
    if layout is None:
        return 1
    if scenario is not None and scenario not in {s.id for s in layout.scenarios}:
        known = ", ".join(s.id for s in layout.scenarios)
        print(f"{layout_path}: no scenario '{scenario}' (known: {known})", file=sys.stderr)
        return 1
    app = create_application(force_offscreen=True)
    import qasync

    from ioc_console.ui.live_data import LiveData
    from ioc_console.ui.screenshot import render_wall
    from ioc_console.ui.tile_binder import TileBinder
    from ioc_console.ui.wall_view import WallView

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    live = LiveData(layout, backend, use_cache=False)
    if demo_flood_hour is not None and live.demo is not None:
        live.demo.sim.replay_flood_from(demo_flood_hour)
    binder = TileBinder(live.hub)
    view = WallView(layout, current_language(), scenario, on_frame_created=binder.bind)
    for canvas in view.build_canvases().values():
        canvas.show()

    async def shoot():
        await live.start()
        try:
            shown = {b.source for f in (fr for c in view.canvases.values()
                                        for fr in c.visible_frames().values())
                     for b in f.content.tile.bindings()}
            if not await live.wait_for_data(shown, wait_s):
                print("screenshot: some sources did not answer in time", file=sys.stderr)
            await asyncio.sleep(SETTLE_S)
            binder.refresh_badges()
            return render_wall(view, scale)
        finally:
            await live.stop()

    with loop:
        image = loop.run_until_complete(shoot())
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        print(f"{out}: cannot write the PNG", file=sys.stderr)
        return 1
    print(f"{out}: {image.width()}x{image.height()}")
    return 0
