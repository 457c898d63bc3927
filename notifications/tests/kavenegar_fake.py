"""A fake of Kavenegar's REST API on 127.0.0.1 that keeps what it delivered, for retry tests.

It models what the retries depend on: `sms/send` with a `localid` it has seen answers with the
earlier message instead of delivering again (`dedupe=False` turns that off, to prove the status
lookup alone is enough); `sms/statuslocalmessageid` answers with the message of a local id, or
status 100 for one it does not know. `delay` makes it answer later than the client waits, after
it has delivered (a gateway slower than the timeout); `hang` makes it never answer a send.
"""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        gateway: FakeKavenegar = self.server.gateway
        length = int(self.headers.get("Content-Length", "0"))
        fields = {k: v[0] for k, v in urllib.parse.parse_qs(self.rfile.read(length).decode()).items()}
        method = self.path.rsplit("/", 2)[-2] + "/" + self.path.rsplit("/", 1)[-1].removesuffix(".json")
        with gateway.lock:
            gateway.requests.append((method, fields))
        if method == "sms/send":
            status, body = gateway.send(fields)
            if gateway.hang.is_set():
                gateway.released.wait(30)
                return
            if gateway.delay:
                gateway.released.wait(gateway.delay)
        elif method == "sms/statuslocalmessageid":
            status, body = gateway.status(fields.get("localid", ""))
        else:
            status, body = 404, {"return": {"status": 404, "message": "not found"}, "entries": None}
        payload = json.dumps(body, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            pass  # the client gave up waiting

    def log_message(self, format, *args):
        pass


class FakeKavenegar:
    def __init__(self, *, dedupe: bool = True):
        self.dedupe = dedupe
        self.delay = 0.0
        self.hang = threading.Event()
        self.released = threading.Event()
        self.status_down = False
        self.lock = threading.Lock()
        self.requests: list[tuple[str, dict]] = []
        self.delivered: list[dict] = []  # one entry per SMS that reached a phone
        self.by_localid: dict[str, int] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.gateway = self
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def start(self) -> "FakeKavenegar":
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def calls(self, method: str) -> int:
        return sum(1 for name, _ in self.requests if name == method)

    def send(self, fields: dict) -> tuple[int, dict]:
        with self.lock:
            localid = fields.get("localid")
            if self.dedupe and localid and localid in self.by_localid:
                messageid = self.by_localid[localid]
            else:
                messageid = 770000 + len(self.delivered) + 1
                self.delivered.append({**fields, "messageid": messageid})
                if localid:
                    self.by_localid[localid] = messageid
        entry = {
            "messageid": messageid,
            "status": 1,
            "statustext": "در صف ارسال",
            "receptor": fields["receptor"],
        }
        return 200, {"return": {"status": 200, "message": "تایید شد"}, "entries": [entry]}

    def status(self, localid: str) -> tuple[int, dict]:
        if self.status_down:
            return 502, {"return": {"status": 502, "message": "bad gateway"}, "entries": None}
        with self.lock:
            messageid = self.by_localid.get(localid)
        if messageid is None:
            entry = {"messageid": 0, "localid": localid, "status": 100, "statustext": "شناسه نامعتبر"}
        else:
            entry = {
                "messageid": messageid,
                "localid": localid,
                "status": 10,
                "statustext": "رسیده به گیرنده",
            }
        return 200, {"return": {"status": 200, "message": "تایید شد"}, "entries": [entry]}
