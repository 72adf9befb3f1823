"""`ioc-demo-backend`: the simulated Lào Cai backend on its own."""

from __future__ import annotations

import argparse
import logging
import threading

from .server import DemoBackend


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ioc-demo-backend", description=(
        "A simulated Lào Cai province backend (every value is MÔ PHỎNG / SIMULATED). "
        "POST /api/scenario/flood replays the Typhoon Yagi flood; GET /api/catalog lists "
        "every source."))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--speed", type=float, default=1.0,
                        help="simulated time runs this many times faster (the flood: one "
                             "simulated hour per 60 s / speed)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    backend = DemoBackend(args.host, args.port, args.seed, args.speed).start()
    print(f"demo backend: {backend.base_url}  (catalog: {backend.base_url}/api/catalog)",
          flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        backend.stop()
    return 0
