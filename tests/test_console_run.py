"""`ioc-console` as the README's first command runs it: the wall comes up on the demo
backend, keeps last-known-good values on disk, and ends cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time


def test_the_console_runs_on_the_demo_backend_and_stops_on_sigterm(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "IOC_CONSOLE_DATA_DIR": str(
        tmp_path / "data"), "IOC_CONSOLE_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen([sys.executable, "-m", "ioc_console", "--simulate", "--lang",
                                "vi"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, cwd=tmp_path)
    cache = tmp_path / "cache" / "last-known-good"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(list(cache.glob("*.json"))) < 10:
            assert process.poll() is None, process.stdout.read()
            time.sleep(0.2)  # polling the disk for the console's own writes, bounded
        assert len(list(cache.glob("*.json"))) >= 10
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert "started the built-in demo backend" in output
    assert "Traceback" not in output
