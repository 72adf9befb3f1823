"""`ioc-console` (run): the wall on its screens, kept alive whatever happens."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

from ioc_console.i18n import _, current_language
from ioc_console.model.common import localize
from ioc_console.model.layout import Layout
from ioc_console.model.layout_file import load_layout
from ioc_console.model.problems import LayoutError
from ioc_console.ui.app import create_application

log = logging.getLogger(__name__)


def run_wall(layout_path: Path, simulate: bool = False, scenario: str | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: "
                                                   "%(message)s")
    try:
        layout = load_layout(layout_path)
    except LayoutError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    app = create_application()
    import qasync

    from ioc_console.ui.layout_watcher import LayoutWatcher
    from ioc_console.ui.notice import ErrorSink, NoticeBanner
    from ioc_console.ui.wall_windows import WallWindows

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    windows = WallWindows(layout, current_language(), simulate=simulate, scenario=scenario)

    def notify(message: str) -> None:
        if windows.windows:
            banner = windows.windows[0].findChild(NoticeBanner) or NoticeBanner(windows.windows[0])
            banner.show_message(message)

    sink = ErrorSink()
    sink.message.connect(notify)
    sink.install()
    windows.notice.connect(notify)
    windows.open()

    watcher = LayoutWatcher(layout_path)

    def on_layout(new_layout: Layout) -> None:
        windows.replace_layout(new_layout)
        notify(_("Layout reloaded: {name}").format(
            name=localize(new_layout.name, current_language())))

    def on_refused(lines: list[str]) -> None:
        notify("\n".join([_("Layout file changed but has errors; keeping the last good "
                            "layout:"), *lines[:6]]))

    watcher.layout_changed.connect(on_layout)
    watcher.layout_refused.connect(on_refused)
    with loop:
        app.aboutToQuit.connect(loop.stop)
        loop.run_forever()
    return 0
