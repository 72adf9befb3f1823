"""Test set-up: Qt offscreen, WebEngine allowed as root, and no leaked windows."""

from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
LAYOUTS = REPO / "layouts"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Settings, caches and audit logs of a test never touch the real user's folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))


@pytest.fixture(autouse=True)
def _no_leaked_windows(request):
    """A test that leaves top-level windows open fails: on a wall they would pile up."""
    yield
    if "qapp" not in request.fixturenames and "qtbot" not in request.fixturenames:
        return
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    leaked = [w for w in app.topLevelWidgets() if w.isVisible()]
    for widget in leaked:
        widget.close()
        widget.deleteLater()
    app.processEvents()
    # Qt objects caught in reference cycles are freed here, between tests, rather than by a
    # garbage collection that happens to run inside a later test's event loop (a file
    # watcher freed that way crashed the next test).
    gc.collect()
    app.processEvents()
    assert not leaked, f"test left windows open: {[type(w).__name__ for w in leaked]}"


@pytest.fixture(autouse=True, scope="session")
def _delete_widgets_before_qt_exits():
    """Web pages still alive when Qt shuts down crash the process (exit 139) after a green
    run; delete every pending widget while the application still exists."""
    yield
    from PySide6.QtWidgets import QApplication

    from ioc_console.ui.wall_app import delete_pending_widgets

    app = QApplication.instance()
    if app is not None:
        delete_pending_widgets(app)
