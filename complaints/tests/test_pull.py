"""Miz pulls complaints from a national system (`complaints_pull`, job of the same name), tested
against a real HTTP server in a thread that pages by the `since` cursor and can be down (port
closed), answer an error or answer something that is not the contract: each complaint lands once,
across runs and re-sent pages; a failure leaves the cursor and is logged; a refused complaint is
kept with its reason while the others land."""

import json
import logging
import urllib.parse
from http.server import BaseHTTPRequestHandler

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from apiclients.models import ApiClient
from apiclients.tests.factories import make_client
from complaints.models import Complaint, ExternalSystem, PullRefusal, SystemLink
from core.testing import LocalServer
from core.validators import national_code_with_check_digit
from desk.models import ServiceRequest

pytestmark = pytest.mark.django_db


def complaint(n: int, **changes) -> dict:
    item = {
        "external_reference": f"SAMAD-{n}",
        "subject": "رفتار و پاسخگویی کارکنان",
        "text": f"شکایت شماره {n}",
        "complainant": {
            "national_code": national_code_with_check_digit(f"{700000000 + n}"),
            "mobile": f"0912{3000000 + n}",
            "first_name": "شاکی",
            "last_name": f"شماره {n}",
        },
        "received": "2025-10-23",
    }
    item.update(changes)
    return item


class Remote(LocalServer):
    """A national system's pull endpoint: `items` paged by `since` (an index), `page` at a time.
    `status` other than 200 is answered as such; `body` (bytes) replaces the answer;
    `ignore_since` sends the first page every time (a remote that re-sends)."""

    def __init__(self, items):
        self.items, self.page, self.status, self.body, self.ignore_since = items, 2, 200, None, False
        self.calls: list[tuple[str, str]] = []  # (since, Authorization)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/complaints?format=json"

    def answer(self, since: str) -> bytes:
        start = 0 if self.ignore_since or not since else int(since)
        chunk = self.items[start : start + self.page]
        return json.dumps({"complaints": chunk, "next": str(start + len(chunk))}).encode()

    def handler(self):
        remote = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)
                since = query.get("since", [""])[0]
                remote.calls.append((since, self.headers.get("Authorization", "")))
                body = remote.body if remote.body is not None else remote.answer(since)
                self.send_response(remote.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def remote():
    r = Remote([complaint(n) for n in range(1, 6)]).start()
    yield r
    r.stop()


@pytest.fixture
def link(remote, complaint_service, seeded_subjects, directorate):
    client, _token = make_client("complaints:file", kind=ApiClient.Kind.COMPLAINTS)
    return SystemLink.objects.create(
        client=client, system=ExternalSystem.SAMAD, pull_url=remote.url, pull_token="remote-secret"
    )


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("complaints_pull", *args, stdout=out)
    return out.getvalue()


def test_a_pull_lands_every_complaint_once_and_the_next_run_only_asks_for_new_ones(remote, link):
    out = run()
    assert "samad: ۵ شکایت تازه، ۰ پیش‌تر ثبت‌شده، ۰ ردشده" in out
    assert sorted(Complaint.objects.values_list("external_reference", flat=True)) == [
        f"SAMAD-{n}" for n in range(1, 6)
    ]
    # Pages of two: since "", 2, 4, then the empty page at 5; the remote's token every time.
    assert [since for since, _auth in remote.calls] == ["", "2", "4", "5"]
    assert {auth for _since, auth in remote.calls} == {"Bearer remote-secret"}
    link.refresh_from_db()
    assert link.cursor == "5" and link.last_pulled_at is not None and link.last_error == ""
    remote.items.append(complaint(6))
    assert "samad: ۱ شکایت تازه" in run()
    assert Complaint.objects.count() == 6 and ServiceRequest.objects.count() == 6
    assert remote.calls[-2][0] == "5"


def test_a_remote_that_sends_the_same_complaints_again_files_nothing_twice(remote, link):
    remote.ignore_since = True
    run("--pages", "1")
    assert Complaint.objects.count() == 2
    assert "samad: ۰ شکایت تازه، ۲ پیش‌تر ثبت‌شده" in run("--pages", "1")
    assert Complaint.objects.count() == 2 and ServiceRequest.objects.count() == 2


def test_a_remote_that_is_down_then_up_loses_nothing(remote, link, caplog):
    run("--pages", "1")  # two landed, cursor at 2
    remote.stop()
    with caplog.at_level(logging.WARNING, logger="complaints.pull"), pytest.raises(CommandError) as down:
        run()
    assert "samad" in str(down.value) and "نشانگر آن‌ها تغییر نکرد" in str(down.value)
    assert "cursor kept at '2'" in caplog.text
    link.refresh_from_db()
    assert link.cursor == "2" and "Connection refused" in link.last_error and link.last_error_at
    assert Complaint.objects.count() == 2
    remote.start()  # up again, on the same port
    assert "samad: ۳ شکایت تازه" in run()
    link.refresh_from_db()
    assert link.cursor == "5" and link.last_error == ""
    assert Complaint.objects.count() == 5


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (503, b'{"error": "maintenance"}', "HTTP 503"),
        (200, b"<html>not json</html>", "not JSON"),
        (200, b'[{"external_reference": "x"}]', '{"complaints"'),
        (200, b'{"complaints": [], "next": {"a": 1}}', '"next"'),
    ],
)
def test_an_error_or_a_broken_answer_leaves_the_cursor_and_files_nothing(remote, link, status, body, error):
    link.cursor = "3"
    link.save()
    remote.status, remote.body = status, body
    with pytest.raises(CommandError):
        run()
    link.refresh_from_db()
    assert link.cursor == "3" and error in link.last_error
    assert not Complaint.objects.exists() and not PullRefusal.objects.exists()


def test_a_refused_complaint_is_kept_with_its_reason_and_the_others_land(remote, link):
    remote.items[1] = complaint(2, subject="موضوعی ناشناخته")
    remote.items[3] = complaint(4, text=7)
    remote.items.append("not an object")
    run()
    assert Complaint.objects.count() == 3
    refusals = {r.external_reference: r for r in PullRefusal.objects.all()}
    assert "در فهرست موضوعات شکایت نیست" in refusals["SAMAD-2"].reason
    assert refusals["SAMAD-2"].payload == remote.items[1]
    assert refusals["SAMAD-4"].reason == "«text» باید متن باشد."
    assert "شیء JSON" in refusals[""].reason
    link.refresh_from_db()
    assert link.cursor == "6"
    remote.ignore_since, remote.page = True, 10  # everything sent again: no complaint, no refusal twice
    run("--pages", "1")
    assert Complaint.objects.count() == 3 and PullRefusal.objects.count() == 3


def test_a_complaint_of_another_system_in_the_answer_is_refused(remote, link):
    remote.items[:] = [complaint(1, system="sina")]
    run()
    assert not Complaint.objects.exists()
    assert "با سامانه این پیوند (samad) نمی‌خواند" in PullRefusal.objects.get().reason


def test_the_scheduled_job_runs_the_pull(remote, link):
    job = settings.MIZ_SCHEDULED_JOBS["complaints_pull"]
    call_command(*job["command"])
    assert Complaint.objects.count() == 5


def test_a_link_without_an_address_is_not_pulled(remote, link):
    link.pull_url = ""
    link.save()
    assert "هیچ سامانه ملی" in run()
    assert remote.calls == []
