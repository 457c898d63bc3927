"""Webhook test fixtures: the desk's request builders, and a real HTTP receiver in a thread that
checks each signature, can be down (its port closed), answer with an error or answer too late, and
dedupes by `Miz-Delivery-Id` as the documentation asks a receiver to."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler

import pytest

from core.testing import LocalServer
from desk.tests.conftest import (  # noqa: F401
    _desk_rules_only,
    _private_media,
    applicant,
    office,
    province,
    service,
    submit,
    unit,
)


def verify(secret: str, header: str, body: bytes, *, tolerance: int = 300) -> bool:
    """The receiver's check, written from docs/api-clients.md alone (not Miz's code)."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp = int(parts["t"])
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return abs(time.time() - timestamp) <= tolerance and hmac.compare_digest(expected, parts["v1"])


class Receiver(LocalServer):
    """A local receiver. `posts`: every POST it took (headers, body); `processed`: each delivery
    id it acted on, once; `status`: what it answers; `delay`: seconds it takes first."""

    def __init__(self):
        self.posts: list[tuple[dict, bytes]] = []
        self.processed: dict[str, dict] = {}
        self.status = 200
        self.delay = 0.0
        self.secret = ""
        self.bad_signatures = 0
        self.lock = threading.Lock()
        self.server = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = dict(self.headers.items())
                with receiver.lock:
                    receiver.posts.append((headers, body))
                    if receiver.secret and not verify(receiver.secret, headers["Miz-Signature"], body):
                        receiver.bad_signatures += 1
                        status = 401
                    else:
                        status = receiver.status
                        if status < 300:  # processed once per delivery id, even if Miz never hears so
                            receiver.processed.setdefault(headers["Miz-Delivery-Id"], json.loads(body))
                time.sleep(receiver.delay)
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def receiver():
    r = Receiver().start()
    yield r
    r.stop()
