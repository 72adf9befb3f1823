"""`ioc-console` (run): the wall on its screens, fed with live data, kept alive whatever happens."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

from ioc_console.i18n import _, current_language
from ioc_console.model.common import localize
from ioc_console.model.layout import Layout
from ioc_console.model.layout_file import load_layout_or_report
from ioc_console.ui.app import create_application

log = logging.getLogger(__name__)


def run_wall(layout_path: Path, simulate: bool = False, scenario: str | None = None,
             backend: str | None = None, operator_console: bool = True,
             idle_lock_s: float = 300.0) -> int:
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    layout = load_layout_or_report(layout_path)
    if layout is None:
        return 1
    app = create_application()
    import qasync

    from ioc_console.operations.console_session import ConsoleSession
    from ioc_console.operations.paths import console_db
    from ioc_console.runtime.heap import settle_heap
    from ioc_console.ui.denials import guarded
    from ioc_console.ui.layout_watcher import LayoutWatcher
    from ioc_console.ui.live_data import LiveData
    from ioc_console.ui.notice import ErrorSink, NoticeBanner
    from ioc_console.ui.tile_binder import TileBinder
    from ioc_console.ui.wall_windows import WallWindows

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    live = LiveData(layout, backend)
    binder = TileBinder(live.hub)
    session = ConsoleSession(layout, live.hub, console_db())
    if scenario is not None:
        session.start_with(scenario)
    feeds = []

    def as_desk_user(action) -> None:
        """Wall keys and touches act as whoever is logged in at the desk; a refusal (already
        audited) shows briefly on the wall instead of doing nothing silently."""
        guarded(action, lambda text: notify(text, seconds=6))

    def on_frame(frame) -> None:
        binder.bind(frame)
        frame.double_clicked.connect(
            lambda tile_id: as_desk_user(lambda: session.toggle_maximise(tile_id)))
        content = frame.content
        if hasattr(content, "acknowledge_requested"):
            content.acknowledge_requested.connect(
                lambda identifier, comment: as_desk_user(
                    lambda: session.acknowledge(identifier, comment)))
            content.set_acknowledgements(session.acknowledgements())
            feeds.append(content)

    windows = WallWindows(layout, current_language(), simulate=simulate,
                          on_frame_created=on_frame,
                          switch=lambda sid: as_desk_user(lambda: session.switch(sid, "hotkey")))
    windows.view.state = session.engine.state
    session.engine.subscribe(windows.view.show)

    def on_session_change() -> None:
        acknowledgements = session.acknowledgements()
        for feed in list(feeds):
            try:
                feed.set_acknowledgements(acknowledgements)
            except RuntimeError:  # its window was rebuilt; the C++ widget is gone
                feeds.remove(feed)

    session.subscribe(on_session_change)

    def notify(message: str, seconds: float = 20.0) -> None:
        if windows.windows:
            banner = windows.windows[0].findChild(NoticeBanner) or NoticeBanner(windows.windows[0])
            banner.show_message(message, seconds)

    sink = ErrorSink()
    sink.message.connect(notify)
    sink.install()
    windows.notice.connect(notify)
    from ioc_console.ui.wall_controls import WallControls

    windows.opened.connect(settle_heap)
    windows.open()
    controls = WallControls(session, binder, lambda: windows.windows, current_language())
    windows.opened.connect(controls.bind_keys)
    controls.denied.connect(lambda text: notify(text, seconds=6))
    desk = None

    def show_layout(new_layout: Layout) -> None:
        """Put a layout on the wall (a reloaded file, or one the editor tries)."""
        windows.view.layout = new_layout
        windows.view.state = session.engine.state
        windows.open()

    editors: list = []  # keeps open editor windows alive

    def edit_layout() -> None:
        from ioc_console.ui.editor.launch import open_editor

        editor = open_editor(layout_path, session, show_layout, lambda: live.base_url, desk)
        if editor is not None:
            editors.append(editor)

    if operator_console:
        from ioc_console.ui.operator_console import OperatorConsole

        desk = OperatorConsole(session, windows.view, live.hub, current_language(),
                               edit_layout=edit_layout)
        desk.briefing.connect_freeze(controls.toggle_freeze, lambda: binder.frozen)
        desk.resize(1280, 720)
        desk.show()
        from ioc_console.ui.console_lock import ConsoleLock

        desk.lock = ConsoleLock(session, desk, desk.user_strip.open_login, idle_lock_s)

    watcher = LayoutWatcher(layout_path)

    def on_layout(new_layout: Layout) -> None:
        session.record("layout-change", str(layout_path), "file edited")
        session.replace_layout(new_layout)
        show_layout(new_layout)
        notify(_("Layout reloaded: {name}").format(
            name=localize(new_layout.name, current_language())))

    def on_refused(lines: list[str]) -> None:
        notify("\n".join([_("Layout file changed but has errors; keeping the last good "
                            "layout:"), *lines[:6]]))

    watcher.layout_changed.connect(on_layout)
    watcher.layout_refused.connect(on_refused)
    from PySide6.QtCore import QTimer

    ticker = QTimer(interval=1000)
    ticker.timeout.connect(session.tick)
    ticker.start()
    # Ctrl-C and `kill` end the console cleanly. Order matters: sources stop first (a worker
    # thread calling into a loop that Qt is tearing down crashes), then the windows with their
    # web pages go, and only then does Qt's loop end.
    stopping: list[bool] = []

    async def shutdown() -> None:
        await live.stop()
        watcher.stop()
        session.close()  # the audit trail and the session are committed to disk here
        windows.close()
        if desk is not None:
            desk.close()
        delete_pending_widgets(app)
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        # Qt 6.11's quit() segfaults once a QWebEngineView has lived in the process, even
        # after every view is deleted (seen with the map tile). Everything of ours is saved
        # and closed by now, so end the process directly instead of through Qt.
        os._exit(0)

    def request_quit() -> None:
        if not stopping:
            stopping.append(True)
            asyncio.ensure_future(shutdown())

    app.setQuitOnLastWindowClosed(False)
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_args: loop.call_soon(request_quit))
    with loop:
        loop.run_until_complete(live.start())
        loop.run_forever()
    return 0


def delete_pending_widgets(app) -> None:
    """Web pages still alive when Qt shuts down crash the process: delete them first."""
    from PySide6.QtCore import QCoreApplication, QEvent

    for widget in app.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    for _round in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
