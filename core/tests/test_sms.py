"""SMS backends chosen by a dotted path, and the on-commit sending the tests must account for."""

import io

import pytest
from django.db import transaction

from core import sms
from core.sms import ConsoleSmsBackend, LocMemSmsBackend, SmsError, SmsMessage, get_backend, send_sms

sent_by_recorder: list[SmsMessage] = []


class RecordingBackend(sms.BaseSmsBackend):
    def send(self, message):
        sent_by_recorder.append(message)
        return f"rec-{len(sent_by_recorder)}"


class RefusingBackend(sms.BaseSmsBackend):
    def send(self, message):
        raise SmsError("شماره در فهرست سیاه است", permanent=True)


def test_tests_use_the_locmem_backend(outbox):
    assert isinstance(get_backend(), LocMemSmsBackend)
    provider_id = send_sms("+989123456789", "سلام")
    assert provider_id == "locmem-1"
    assert [(m.to, m.text, m.provider_id) for m in outbox] == [("+989123456789", "سلام", "locmem-1")]


def test_console_backend_writes_the_message():
    stream = io.StringIO()
    provider_id = send_sms("+989123456789", "کد: ۱۲۳", backend=ConsoleSmsBackend(stream=stream))
    assert provider_id == "console"
    assert stream.getvalue() == "[SMS → +989123456789] کد: ۱۲۳\n"


def test_sms_backend_setting_is_a_dotted_path(settings, outbox):
    settings.SMS_BACKEND = "core.tests.test_sms.RecordingBackend"
    sent_by_recorder.clear()
    assert send_sms("+989121111111", "آزمون") == "rec-1"
    assert sent_by_recorder[0].to == "+989121111111"
    assert outbox == []
    settings.SMS_BACKEND = "core.sms.ConsoleSmsBackend"
    assert isinstance(get_backend(), ConsoleSmsBackend)


def test_a_bad_backend_path_fails_loudly(settings):
    settings.SMS_BACKEND = "core.sms.NoSuchBackend"
    with pytest.raises(ImportError):
        send_sms("+989121111111", "x")


def test_gateway_refusal_is_an_sms_error_with_permanence(settings):
    settings.SMS_BACKEND = "core.tests.test_sms.RefusingBackend"
    with pytest.raises(SmsError) as exc_info:
        send_sms("+989121111111", "x")
    assert exc_info.value.permanent
    assert not SmsError("timeout").permanent


def test_base_backend_must_be_subclassed():
    with pytest.raises(NotImplementedError):
        sms.BaseSmsBackend().send(SmsMessage(to="+989121111111", text="x"))


# --- SMS sent on commit, in plain `db` tests ----------------------------------------------


@pytest.mark.django_db
def test_on_commit_sms_needs_captured_callbacks(outbox, django_capture_on_commit_callbacks):
    transaction.on_commit(lambda: send_sms("+989123456789", "بی‌ثمر"))
    assert outbox == []  # nothing commits inside a db test
    with django_capture_on_commit_callbacks(execute=True):
        transaction.on_commit(lambda: send_sms("+989123456789", "رسید"))
    assert [m.text for m in outbox] == ["رسید"]


@pytest.mark.django_db
@pytest.mark.urls("core.tests.sms_urls")
def test_plain_client_loses_on_commit_sms(client, outbox):
    assert client.get("/send/").content == b"ok"
    assert outbox == []


@pytest.mark.django_db
@pytest.mark.urls("core.tests.sms_urls")
def test_committing_client_delivers_on_commit_sms(committing_client, outbox):
    assert committing_client.get("/send/").content == b"ok"
    assert [(m.to, m.text) for m in outbox] == [("+989123456789", "کد: ۱۲۳۴")]
