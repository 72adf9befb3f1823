"""Creating the QApplication the way every entry point needs it."""

from __future__ import annotations

import os
import sys

from ioc_console.i18n import _


def choose_platform(force_offscreen: bool = False) -> None:
    """Pick offscreen rendering when there is no display, so nobody has to set QT_QPA_PLATFORM."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    has_display = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if force_offscreen or (sys.platform.startswith("linux") and not has_display):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def prepare_webengine() -> None:
    """Chromium refuses to run as root without --no-sandbox and then kills the process."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--no-sandbox" not in flags:
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = f"{flags} --no-sandbox".strip()
    try:  # must be imported before the QApplication exists
        import PySide6.QtWebEngineWidgets  # noqa: F401
    except ImportError:
        pass


def create_application(argv: list[str] | None = None, force_offscreen: bool = False):
    choose_platform(force_offscreen)
    prepare_webengine()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("ioc-console")
    app.setApplicationDisplayName(_("IOC Wall Console"))
    from ioc_console.ui.theme import apply_theme

    apply_theme(app)
    return app
