"""`ioc-console screenshot`: the wall as a PNG, with no display needed."""

from __future__ import annotations

import sys
from pathlib import Path

from ioc_console.i18n import current_language
from ioc_console.model.layout_file import load_layout
from ioc_console.model.problems import LayoutError
from ioc_console.ui.app import create_application


def take_screenshot(layout_path: Path, out: Path, scenario: str | None, scale: float) -> int:
    try:
        layout = load_layout(layout_path)
    except LayoutError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    if scenario is not None and scenario not in {s.id for s in layout.scenarios}:
        known = ", ".join(s.id for s in layout.scenarios)
        print(f"{layout_path}: no scenario '{scenario}' (known: {known})", file=sys.stderr)
        return 1
    create_application(force_offscreen=True)
    from ioc_console.ui.screenshot import render_wall
    from ioc_console.ui.wall_view import WallView

    view = WallView(layout, current_language(), scenario)
    for canvas in view.build_canvases().values():
        canvas.show()
    image = render_wall(view, scale)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        print(f"{out}: cannot write the PNG", file=sys.stderr)
        return 1
    print(f"{out}: {image.width()}x{image.height()}")
    return 0
