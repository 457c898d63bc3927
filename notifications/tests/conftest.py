"""Fixtures for the notifications tests: task backends, a flaky SMS gateway."""

import threading

import pytest

from core.sms import BaseSmsBackend, LocMemSmsBackend, SmsError

QUEUES = ["default", "notifications"]


@pytest.fixture
def dummy_tasks(settings):
    """Jobs are kept in memory (`backend.results`) instead of the database."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": QUEUES}}
    from django_tasks import task_backends

    backend = task_backends["default"]
    backend.clear()
    return backend


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": QUEUES}
    }


class FlakySmsBackend(BaseSmsBackend):
    """Fails (temporarily) for the first `FlakySmsBackend.failures` calls, then delivers to the outbox."""

    failures = 0
    calls = 0
    lock = threading.Lock()

    def send(self, message):
        with self.lock:
            type(self).calls += 1
            if type(self).failures > 0:
                type(self).failures -= 1
                raise SmsError("gateway unavailable (503)", permanent=False)
        return LocMemSmsBackend().send(message)


class RejectingSmsBackend(BaseSmsBackend):
    def send(self, message):
        raise SmsError("invalid receptor (411)", permanent=True)


@pytest.fixture
def flaky_gateway(settings):
    settings.SMS_BACKEND = "notifications.tests.conftest.FlakySmsBackend"
    FlakySmsBackend.failures = 0
    FlakySmsBackend.calls = 0
    return FlakySmsBackend
