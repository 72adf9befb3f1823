"""``ioc-demo-backend``: the simulated Lào Cai backend on its own, until Ctrl-C (or SIGTERM)."""

from __future__ import annotations

import argparse
import logging
import signal
import threading

from .server import DemoBackend


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ioc-demo-backend", description=(
        "A simulated Lào Cai province backend; every value is MÔ PHỎNG / SIMULATED. "
        "GET /api/catalog lists every source; POST /api/scenario/flood replays the Typhoon "
        "Yagi flood of September 2024, POST /api/scenario/normal ends it."))
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1; 0.0.0.0 for a LAN)")
    parser.add_argument("--port", type=int, default=8765, help="port (0 = any free port)")
    parser.add_argument("--seed", type=int, default=7,
                        help="the same seed and time give the same province")
    parser.add_argument("--speed", type=_positive_float, default=1.0,
                        help="simulated time runs this many times faster; a flood hour lasts "
                             "60 s / speed")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="log every request (DEBUG)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        backend = DemoBackend(args.host, args.port, args.seed, args.speed).start()
    except OSError as problem:
        print(f"ioc-demo-backend: cannot listen on {args.host}:{args.port}: {problem}")
        return 1
    print(f"{backend.base_url}  (catalog: {backend.base_url}/api/catalog; Ctrl-C stops)",
          flush=True)
    done = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        while not done.wait(0.5):  # a timed wait lets Ctrl-C through on every platform
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        backend.stop()
    return 0


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be a positive number")
    return value
