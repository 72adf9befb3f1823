"""Render the layout editor offscreen to docs/img/editor.png (a tile selected, its
properties shown). Run: .venv/bin/python tools/editor_screenshot.py [OUT.png]"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent


def main(out: Path) -> int:
    from ioc_console.editor.document import LayoutDocument
    from ioc_console.operations.console_session import ConsoleSession
    from ioc_console.operations.layout_service import LayoutService
    from ioc_console.ui.app import create_application
    from ioc_console.ui.editor.editor_window import LayoutEditor

    app = create_application(force_offscreen=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lao_cai_2x2.yaml"
        shutil.copy(REPO / "layouts" / "lao_cai_2x2.yaml", path)
        document = LayoutDocument.open(path)
        session = ConsoleSession(document.layout, None, Path(folder) / "c.sqlite3", user="kien")
        from ioc_console.demo_backend.server import DemoBackend

        backend = DemoBackend(port=0).start()
        editor = LayoutEditor(document, LayoutService(session, lambda _layout: None), "en",
                              lambda: backend.base_url)
        editor.resize(1600, 900)
        editor.show()
        app.processEvents()
        editor.grid.select("grdp")
        editor.grid.tile_selected.emit("grdp")
        sources = editor.properties.sources
        sources.select.setText("{growth: grdp_growth_pct, budget: budget_revenue_bn_vnd}")
        sources.start_preview()  # a real fetch from the demo backend, off the GUI thread
        deadline = time.monotonic() + 15
        while not sources.output.toPlainText() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)
        editor._say("Saved to lao_cai_2x2.yaml")
        for _round in range(5):
            app.processEvents()
        backend.stop()
        out.parent.mkdir(parents=True, exist_ok=True)
        editor.grab().save(str(out))
        editor.close()
        session.close()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs/img/editor.png"))
