"""The Kavenegar adapter against a local fake of its REST API (http.server on 127.0.0.1)."""

import json
import logging
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.sms import SmsError, SmsMessage
from notifications.backends import KavenegarSmsBackend, redact
from notifications.models import Notification
from notifications.services import deliver, notify

API_KEY = "4F6B2D7A-SECRET-KEY-0123456789ABCDEF"


class FakeKavenegar(BaseHTTPRequestHandler):
    """Answers like api.kavenegar.com; `server.replies` is a list of (http status, body) to give."""

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        fields = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
        self.server.requests.append({"path": self.path, "fields": {k: v[0] for k, v in fields.items()}})
        status, body = self.server.replies.pop(0) if self.server.replies else ok_reply()
        if status == "hang":
            self.server.release.wait(5)
            return
        if status == "not http":  # a broken relay: a status line that is no HTTP, echoing the path
            self.wfile.write(f"{body} {self.path}\r\n\r\n".encode())
            return
        payload = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):  # keep the test output quiet
        pass


def ok_reply(messageid=8792343):
    return 200, {
        "return": {"status": 200, "message": "تایید شد"},
        "entries": [{"messageid": messageid, "status": 1, "statustext": "در صف ارسال", "receptor": "x"}],
    }


def error_reply(code, message="خطا"):
    return code, {"return": {"status": code, "message": message}, "entries": None}


@pytest.fixture
def gateway(settings, monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeKavenegar)
    server.requests, server.replies, server.release = [], [], threading.Event()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    settings.KAVENEGAR_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}/v1"
    settings.KAVENEGAR_TIMEOUT_SECONDS = 1
    settings.SMS_BACKEND = "notifications.backends.KavenegarSmsBackend"
    monkeypatch.setenv("KAVENEGAR_API_KEY", API_KEY)
    monkeypatch.setenv("KAVENEGAR_SENDER", "10004346")
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def send(text="سلام از میز خدمت"):
    return KavenegarSmsBackend().send(SmsMessage(to="+989121112233", text=text))


def test_sends_receptor_message_and_sender(gateway):
    assert send() == "8792343"
    [request] = gateway.requests
    assert request["path"] == f"/v1/{API_KEY}/sms/send.json"
    assert request["fields"] == {
        "receptor": "09121112233",
        "message": "سلام از میز خدمت",
        "sender": "10004346",
    }


def test_without_sender_the_account_default_line_is_used(gateway, monkeypatch):
    monkeypatch.delenv("KAVENEGAR_SENDER")
    send()
    assert "sender" not in gateway.requests[0]["fields"]


@pytest.mark.parametrize(
    ("reply", "permanent", "fragment"),
    [
        (error_reply(500, "server"), False, "Kavenegar 500"),
        ((502, b"<html>Bad Gateway</html>"), False, "HTTP 502"),
        (error_reply(418), False, "اعتبار"),
        (error_reply(414), False, "414"),
        (error_reply(411), True, "شماره گیرنده معتبر نیست"),
        (error_reply(412), True, "412"),
        (error_reply(403), True, "کلید دسترسی"),
        ((200, {"return": {"status": 411, "message": "receptor"}, "entries": []}), True, "411"),
    ],
)
def test_errors_are_classified(gateway, reply, permanent, fragment):
    gateway.replies.append(reply)
    with pytest.raises(SmsError) as caught:
        send()
    assert caught.value.permanent is permanent
    assert fragment in str(caught.value)
    assert API_KEY not in str(caught.value)


def test_timeout_is_temporary(gateway):
    gateway.replies.append(("hang", None))
    with pytest.raises(SmsError) as caught:
        send()
    assert caught.value.permanent is False
    assert "no answer" in str(caught.value)


def test_refused_connection_is_temporary_and_redacted(settings, monkeypatch):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("KAVENEGAR_API_KEY", API_KEY)
    settings.KAVENEGAR_BASE_URL = f"http://127.0.0.1:{port}/v1"
    with pytest.raises(SmsError) as caught:
        send()
    assert caught.value.permanent is False
    assert "connection failed" in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_missing_api_key_is_temporary(gateway, monkeypatch):
    monkeypatch.delenv("KAVENEGAR_API_KEY")
    with pytest.raises(SmsError) as caught:
        send()
    assert caught.value.permanent is False
    assert gateway.requests == []


def test_key_never_reaches_last_error_or_logs(gateway, make_user, caplog, monkeypatch):
    """Even an error whose text carries the URL (and so the key) is stored and logged redacted."""

    def leaky(self, request, data=None, timeout=None):
        raise OSError(f"cannot reach {request.full_url}")

    user = make_user()
    [row] = notify(event="x.y", text="سلام", user=user)
    monkeypatch.setattr("urllib.request.OpenerDirector.open", leaky)
    with caplog.at_level(logging.DEBUG):
        assert deliver(row.pk) == "retrying"
    row.refresh_from_db()
    assert API_KEY not in row.last_error
    assert "[redacted]" in row.last_error
    assert API_KEY not in caplog.text
    assert "[redacted]" in caplog.text


def test_key_in_an_unexpected_error_is_redacted_too(gateway, make_user):
    """A gateway answering with no HTTP at all makes http.client raise an error that is not an
    SmsError (BadStatusLine); its text carries the path, and so the key."""
    gateway.replies.append(("not http", "GARBLED"))
    user = make_user()
    [row] = notify(event="x.y", text="سلام", user=user)
    assert deliver(row.pk) == "retrying"
    row.refresh_from_db()
    assert API_KEY not in row.last_error
    assert row.last_error.startswith("BadStatusLine: GARBLED /v1/[redacted]/sms/send.json")


def test_delivery_through_kavenegar_records_the_message_id(gateway, make_user):
    user = make_user()
    gateway.replies.append(ok_reply(messageid=555001))
    [row] = notify(event="x.y", text="سلام", user=user)
    assert deliver(row.pk) == "sent"
    row.refresh_from_db()
    assert (row.status, row.provider_id) == (Notification.Status.SENT, "555001")


def test_invalid_receptor_fails_the_notification(gateway, make_user):
    user = make_user()
    gateway.replies.append(error_reply(411, "receptor"))
    [row] = notify(event="x.y", text="سلام", user=user)
    assert deliver(row.pk) == "failed"
    row.refresh_from_db()
    assert row.status == Notification.Status.FAILED
    assert "411" in row.last_error


def test_redact_replaces_the_key_and_its_url_form(monkeypatch):
    monkeypatch.setenv("KAVENEGAR_API_KEY", "ab/c+d=")
    assert redact("x ab/c+d= y ab%2Fc%2Bd%3D z") == "x [redacted] y [redacted] z"
    monkeypatch.delenv("KAVENEGAR_API_KEY")
    assert redact("nothing to hide") == "nothing to hide"
