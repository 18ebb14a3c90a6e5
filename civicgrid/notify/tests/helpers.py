"""Shared helpers for notify tests."""

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from civicgrid.notify.adapters import DeliveryError, LogSms


class OutboxSms(LogSms):
    """The SMS channel in tests: keeps what was sent in memory, and can be told to fail."""

    sent: list[tuple[str, str]] = []
    fail_with: DeliveryError | None = None

    def send(self, *, to: str, body: str) -> None:
        if OutboxSms.fail_with is not None:
            raise OutboxSms.fail_with
        OutboxSms.sent.append((to, body))


class Receiver:
    """A real HTTP server on 127.0.0.1 in a thread, standing in for a gateway, the WeChat API
    or a webhook subscriber: it records every request and answers from a script.

    `answer(path, request)` returns (status, body) or the string "hang" (sleep past the
    client's timeout); by default each request gets the next item of `script`, else 200 "{}".
    """

    def __init__(self):
        self.requests: list[Request] = []
        self.script: list[tuple[int, bytes] | str] = []
        self.answer: Callable[[str, Request], tuple[int, bytes] | str] | None = None
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self._reply(b"")

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                self._reply(self.rfile.read(length))

            def _reply(self, body: bytes):
                request = Request(self.command, self.path, self.headers, body)  # any case
                receiver.requests.append(request)
                if receiver.answer is not None:
                    outcome = receiver.answer(self.path, request)
                elif receiver.script:
                    outcome = receiver.script.pop(0)
                else:
                    outcome = (200, b"{}")
                if outcome == "hang":
                    time.sleep(HANG_SECONDS)
                    return
                status, payload = outcome
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def json(self, index: int = -1) -> dict:
        return json.loads(self.requests[index].body)


HANG_SECONDS = 1.5  # longer than the timeout tests set (NOTIFY_TIMEOUT = 0.3)


@dataclass
class Request:
    method: str
    path: str
    headers: Message
    body: bytes
