"""SMS sending through a replaceable backend chosen by the SMS_BACKEND setting (like EMAIL_BACKEND).

A backend sends one message and either returns a provider message id or raises `SmsError`.
Retrying, queueing and recording delivery are the caller's business (see the notifications
tasks); a backend only talks to its gateway.
"""

import logging
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway did not accept the message. `permanent` means retrying cannot help."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


@dataclass
class SmsMessage:
    to: str  # E.164
    text: str
    sent_at: datetime = field(default_factory=timezone.now)
    provider_id: str = ""


class BaseSmsBackend:
    def send(self, message: SmsMessage) -> str:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Development: writes each message to standard output."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, message: SmsMessage) -> str:
        self.stream.write(f"[SMS → {message.to}] {message.text}\n")
        self.stream.flush()
        return "console"


# Tests read what was sent from here, as with django.core.mail.outbox.
outbox: list[SmsMessage] = []
_outbox_lock = threading.Lock()


class LocMemSmsBackend(BaseSmsBackend):
    """Tests: keeps each message in `core.sms.outbox`."""

    def send(self, message: SmsMessage) -> str:
        with _outbox_lock:
            outbox.append(message)
            message.provider_id = f"locmem-{len(outbox)}"
        return message.provider_id


def get_backend(path: str | None = None) -> BaseSmsBackend:
    return import_string(path or settings.SMS_BACKEND)()


def send_sms(to: str, text: str, *, backend: BaseSmsBackend | None = None) -> str:
    """Send now through the configured backend; returns the provider's message id."""
    message = SmsMessage(to=to, text=text)
    provider_id = (backend or get_backend()).send(message)
    message.provider_id = provider_id
    logger.info("sms sent to %s…%s (%s)", to[:6], to[-2:], provider_id)
    return provider_id
