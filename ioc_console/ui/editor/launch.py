"""Opening the editor: from the operator console of a running wall, or on its own
(``ioc-console edit``) for a technician preparing a layout without a wall."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ioc_console.editor.document import LayoutDocument
from ioc_console.i18n import _, current_language
from ioc_console.model.layout import Layout
from ioc_console.model.problems import LayoutError
from ioc_console.operations.layout_service import LayoutService

from .editor_window import LayoutEditor


def open_editor(path: Path, session, on_wall_changed: Callable[[Layout], None] | None,
                base_url: Callable[[], str | None], parent=None) -> LayoutEditor | None:
    """Open ``path`` in an editor window; None (after telling why) if the file is broken."""
    try:
        document = LayoutDocument.open(path)
    except LayoutError as error:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, _("Layout editor"),
                            "\n".join([_("The layout file has errors:"),
                                       *[str(p) for p in error.problems[:8]]]))
        return None
    editor = LayoutEditor(document, LayoutService(session, on_wall_changed), current_language(),
                          base_url)
    editor.resize(1600, 900)
    editor.show()
    return editor


class LazyDemoBackend:
    """The built-in demo backend, started on the first preview that needs it."""

    def __init__(self, layout: Layout) -> None:
        from ioc_console.ui.live_data import configured_backend

        self.configured = configured_backend(layout)
        self.demo = None

    def __call__(self) -> str | None:
        if self.configured is not None:
            return self.configured
        if self.demo is None:
            from ioc_console.demo_backend.server import DemoBackend

            self.demo = DemoBackend(port=0).start()
        return self.demo.base_url

    def stop(self) -> None:
        if self.demo is not None:
            self.demo.stop()


def run_editor(path: Path) -> int:
    """``ioc-console edit``: the editor alone, no wall (so no "try on the wall")."""
    from ioc_console.model.layout_file import load_layout_or_report
    from ioc_console.operations.console_session import ConsoleSession
    from ioc_console.operations.paths import console_db
    from ioc_console.ui.app import create_application

    layout = load_layout_or_report(path)
    if layout is None:
        return 1
    app = create_application()
    session = ConsoleSession(layout, None, console_db())  # rights and the audit trail
    backend = LazyDemoBackend(layout)
    editor = open_editor(path, session, None, backend)
    if editor is None:
        return 1
    status = app.exec()
    backend.stop()
    session.close()
    return status
