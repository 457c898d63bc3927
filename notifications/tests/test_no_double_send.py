"""Retries never deliver an SMS twice: the gateway is asked before sending again (issue #17).

A gateway slower than the client's timeout, and a worker killed while it waits for the gateway,
both leave the outcome of a send unknown; the next attempt must find the message at the gateway
instead of sending it again, and must still send a message the gateway never got.
"""

import signal
import subprocess
import sys

import pytest

from core import sms
from core.testing_outage import MANAGE, wait_until
from notifications.models import Notification
from notifications.services import deliver, notify
from notifications.tests.kavenegar_fake import FakeKavenegar

Status = Notification.Status
API_KEY = "TEST-KEY-0123456789"


@pytest.fixture
def kavenegar(settings, monkeypatch):
    gateway = FakeKavenegar().start()
    settings.KAVENEGAR_BASE_URL = gateway.base_url
    settings.KAVENEGAR_TIMEOUT_SECONDS = 0.5
    settings.SMS_BACKEND = "notifications.backends.KavenegarSmsBackend"
    monkeypatch.setenv("KAVENEGAR_API_KEY", API_KEY)
    yield gateway
    gateway.stop()


def one_sms(make_user) -> Notification:
    [row] = notify(event="desk.receipt", text="رسید درخواست شما", user=make_user())
    return row


@pytest.mark.parametrize("gateway_dedupes", [True, False], ids=["localid-dedupe", "lookup-only"])
def test_gateway_slower_than_the_timeout_delivers_once(kavenegar, make_user, clock, gateway_dedupes):
    kavenegar.dedupe = gateway_dedupes
    kavenegar.delay = 1.5  # it delivers, then answers after the client stopped waiting
    row = one_sms(make_user)
    assert deliver(row.pk) == "retrying"
    assert len(kavenegar.delivered) == 1
    kavenegar.delay = 0
    clock.shift(hours=1)
    assert deliver(row.pk) == "sent"
    row.refresh_from_db()
    assert len(kavenegar.delivered) == 1, kavenegar.delivered
    assert (row.status, row.attempts, row.provider_id) == (Status.SENT, 2, "770001")
    # The second attempt asked, found the message, and did not send.
    assert kavenegar.calls("sms/send") == 1
    assert kavenegar.calls("sms/statuslocalmessageid") == 1
    assert kavenegar.delivered[0]["localid"] == str(row.pk)


def test_a_message_the_gateway_never_got_is_sent_on_the_retry(kavenegar, make_user, clock, settings):
    row = one_sms(make_user)
    settings.KAVENEGAR_BASE_URL = "http://127.0.0.1:9/v1"  # refused: nothing reached the gateway
    assert deliver(row.pk) == "retrying"
    settings.KAVENEGAR_BASE_URL = kavenegar.base_url
    clock.shift(hours=1)
    assert deliver(row.pk) == "sent"
    assert len(kavenegar.delivered) == 1
    assert kavenegar.calls("sms/statuslocalmessageid") == 1  # asked: unknown, so sent


def test_no_blind_resend_while_the_gateway_cannot_say(kavenegar, make_user, clock):
    kavenegar.delay = 1.5
    row = one_sms(make_user)
    assert deliver(row.pk) == "retrying"
    kavenegar.delay = 0
    kavenegar.status_down = True
    clock.shift(hours=1)
    assert deliver(row.pk) == "retrying"
    assert kavenegar.calls("sms/send") == 1
    kavenegar.status_down = False
    clock.shift(hours=1)
    assert deliver(row.pk) == "sent"
    assert len(kavenegar.delivered) == 1


def test_first_attempt_does_not_ask(kavenegar, make_user):
    row = one_sms(make_user)
    assert deliver(row.pk) == "sent"
    assert kavenegar.calls("sms/statuslocalmessageid") == 0
    assert len(kavenegar.delivered) == 1


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_send_is_resolved_by_asking_the_gateway(outage_db, tmp_path):
    gateway = FakeKavenegar().start()
    gateway.hang.set()  # it takes the message and never answers: the worker waits, then dies
    env = {
        "SMS_BACKEND": "notifications.backends.KavenegarSmsBackend",
        "KAVENEGAR_BASE_URL": gateway.base_url,
        "KAVENEGAR_API_KEY": API_KEY,
        "KAVENEGAR_TIMEOUT_SECONDS": "60",
        "MIZ_NOTIFY_SENDING_TIMEOUT_SECONDS": "0",
    }
    try:
        pk = int(
            outage_db.shell(
                "from django.db import transaction\n"
                "from notifications.services import notify\n"
                "with transaction.atomic():\n"
                "    [row] = notify(event='desk.receipt', text='رسید', mobile='+989121112233')\n"
                "print(row.pk)"
            )
        )
        worker = subprocess.Popen(
            [
                sys.executable,
                MANAGE,
                "shell",
                "--no-imports",
                "-c",
                f"from notifications.services import deliver; deliver({pk})",
            ],
            env=outage_db.env(DATABASE_URL=outage_db.direct_url, **env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: gateway.delivered, timeout=60, what="the gateway to take the message")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        assert outage_db.query("SELECT status FROM notifications_notification WHERE id = ?", pk) == [
            ("sending",)
        ]
        gateway.hang.clear()
        # The sweeper frees the stuck row; the next attempt asks the gateway instead of sending.
        result = outage_db.shell(
            f"from notifications.services import deliver, sweep\nprint(sweep()['stuck'], deliver({pk}))",
            **env,
        )
        assert result == "1 sent"
    finally:
        gateway.stop()
    status, provider_id = outage_db.query(
        "SELECT status, provider_id FROM notifications_notification WHERE id = ?", pk
    )[0]
    assert (status, provider_id) == ("sent", "770001")
    assert len(gateway.delivered) == 1
    assert gateway.calls("sms/send") == 1
    assert gateway.calls("sms/statuslocalmessageid") == 1


@pytest.mark.parametrize("backend", [sms.LocMemSmsBackend, sms.ConsoleSmsBackend])
def test_builtin_backends_deliver_once_per_key_and_answer_lookups(backend, capsys):
    instance = backend()
    first = instance.send(sms.SmsMessage(to="+989121112233", text="یک", key="k-test-1"))
    again = instance.send(sms.SmsMessage(to="+989121112233", text="یک", key="k-test-1"))
    assert first == again
    assert backend().lookup("k-test-1") == first
    assert backend().lookup("k-never-sent") is None
    if backend is sms.LocMemSmsBackend:
        assert [m.text for m in sms.outbox] == ["یک"]
    else:
        assert capsys.readouterr().out.count("یک") == 1
