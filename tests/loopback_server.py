"""A tiny HTTP server on 127.0.0.1 for runtime tests: set what it answers, count requests."""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Loopback:
    def __init__(self, port: int = 0) -> None:
        self.body = b'{"level": 1}'
        self.content_type = "application/json"
        self.status = 200
        self.truncate = False
        self.hold = threading.Event()  # set() releases requests held by `slow`
        self.slow = False
        self.requests: list[dict] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):  # noqa: N802
                owner.requests.append(dict(self.headers))
                if owner.slow:
                    owner.hold.wait(10)
                etag = '"' + hashlib.sha1(owner.body).hexdigest() + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                body = owner.body
                self.send_response(owner.status)
                self.send_header("Content-Type", owner.content_type)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2] if owner.truncate else body)

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/data"

    def stop(self) -> None:
        self.hold.set()
        self.server.shutdown()
        self.server.server_close()
