"""Benchmark: how long the GUI thread stalls while 30 sources poll, some with 5 MB JSON.

A 1 ms QTimer probes the event loop; a stall is the gap between two probe ticks beyond
1 ms. Sources are fetched and parsed by the console's own scheduler (worker threads) from a
loopback server in a child process, so the server's work does not count against the GUI.
Baseline: the same probe with no polling, in the same run. Prints JSON.
Goal: worst stall <= 50 ms on a 2-core machine.
Run: python bench/gui_stall.py [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BIG_ITEMS = 37_000  # about 5 MB of JSON


def serve(port_queue: multiprocessing.Queue) -> None:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    big = json.dumps({"stations": [{"id": i, "name": f"Trạm {i}", "level_m": 80 + i % 7,
                                    "alarm": i % 4, "note": "MÔ PHỎNG" * 3}
                                   for i in range(BIG_ITEMS)]}).encode()
    small = json.dumps({"value": 42.5, "label": "MÔ PHỎNG"}).encode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            body = big if self.path.startswith("/big") else small
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port_queue.put((server.server_address[1], len(big)))
    server.serve_forever()


def measure(app, loop, seconds: float, coroutine=None) -> list[float]:
    from PySide6.QtCore import QTimer

    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    timer = QTimer(interval=1)
    timer.timeout.connect(tick)
    timer.start()

    async def run() -> None:
        if coroutine is not None:
            await coroutine()
        else:
            await asyncio.sleep(seconds)

    loop.run_until_complete(run())
    timer.stop()
    return [max(0.0, g - 1.0) for g in gaps[5:]]


def summary(stalls: list[float]) -> dict:
    ordered = sorted(stalls)
    return {"worst_ms": round(ordered[-1], 1),
            "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1], 1),
            "median_ms": round(statistics.median(ordered), 2), "ticks": len(ordered)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    queue: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(queue,), daemon=True)
    server.start()
    port, big_bytes = queue.get(timeout=30)

    import qasync
    from PySide6.QtWidgets import QApplication

    from ioc_console.model.sources import SourceSpec
    from ioc_console.runtime.heap import settle_heap
    from ioc_console.runtime.hub import DataHub
    from ioc_console.runtime.scheduler import SourceScheduler

    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    settle_heap()  # as the console does once its wall is open
    baseline = measure(app, loop, args.seconds / 2)
    specs = [SourceSpec(id=f"small{i}", kind="json", url=f"http://127.0.0.1:{port}/small/{i}",
                        poll_s=0.5) for i in range(27)]
    specs += [SourceSpec(id=f"big{i}", kind="json", url=f"http://127.0.0.1:{port}/big/{i}",
                         poll_s=2.0, timeout_s=30) for i in range(3)]
    hub = DataHub()
    received = [0]
    hub.subscribe_all(lambda state: received.__setitem__(0, received[0] + 1))
    scheduler = SourceScheduler(specs, hub)

    async def polling() -> None:
        await scheduler.start()
        await asyncio.sleep(args.seconds)
        await scheduler.stop()

    loaded = measure(app, loop, args.seconds, polling)
    server.terminate()
    result = {"benchmark": "gui_stall", "sources": len(specs), "big_payload_bytes": big_bytes,
              "seconds": args.seconds, "updates_published": received[0],
              "idle": summary(baseline), "polling": summary(loaded),
              "goal": {"worst_ms": 50}}
    result["meets_goal"] = result["polling"]["worst_ms"] <= 50
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
