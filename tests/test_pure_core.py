"""The model, the parsers and the demo backend work on a machine without Qt."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

IMPORT_WITHOUT_QT = """
import importlib, pkgutil, sys

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"PySide6", "shiboken6", "pyqtgraph", "qasync", "folium"}:
            raise ImportError(f"{name} is not allowed in the pure core")
        return None

sys.meta_path.insert(0, NoQt())
import ioc_console
for package in ("ioc_console.model", "ioc_console.data", "ioc_console.demo_backend",
                "ioc_console.operations"):
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        importlib.import_module(info.name)
from ioc_console.cli import main
sys.exit(main(["check", *sys.argv[1:]]))
"""


def test_the_pure_core_imports_and_checks_layouts_with_qt_blocked():
    layouts = sorted(str(p) for p in (REPO / "layouts").glob("*.yaml"))
    result = subprocess.run([sys.executable, "-c", IMPORT_WITHOUT_QT, *layouts],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_the_import_contract_holds():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is part of the test dependencies"
    result = subprocess.run([lint_imports], capture_output=True, text=True, cwd=REPO,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
