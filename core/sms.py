"""SMS sending through a replaceable backend chosen by the SMS_BACKEND setting (like EMAIL_BACKEND).

A backend sends one message and either returns a provider message id or raises `SmsError`.
Retrying, queueing and recording delivery are the caller's business (see the notifications
tasks); a backend only talks to its gateway.

Retries must not send twice, so a message may carry an idempotency `key` (the same for every
attempt at one message). A backend that can (`supports_lookup = True`) never delivers a second
message under a key it has seen (it returns the first one's id) and answers `lookup(key)`: the
provider id of the message accepted under that key, or None if there is none. A caller whose
earlier attempt ended with an unknown outcome (timeout, a worker killed mid-send) asks first.
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
    """The gateway did not accept the message (or could not be asked). `permanent` means retrying
    cannot help."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


@dataclass
class SmsMessage:
    to: str  # E.164
    text: str
    sent_at: datetime = field(default_factory=timezone.now)
    provider_id: str = ""
    key: str = ""  # idempotency key: every attempt at one message carries the same


class BaseSmsBackend:
    # True when send() refuses to deliver twice under one key and lookup() can tell what was sent.
    supports_lookup = False

    def send(self, message: SmsMessage) -> str:
        raise NotImplementedError

    def lookup(self, key: str) -> str | None:
        """The provider id of the message accepted under `key`, or None if the gateway has none.

        Raises `SmsError` when the gateway cannot be asked now (the caller must not send blind).
        """
        raise NotImplementedError(f"{type(self).__name__} cannot look up a message by key")


class _KeyMemory:
    """Keys seen by a backend in this process and the provider id each was sent as."""

    def __init__(self):
        self.ids: dict[str, str] = {}
        self.lock = threading.Lock()

    def send_once(self, message: SmsMessage, deliver) -> str:
        with self.lock:
            if message.key and message.key in self.ids:
                return self.ids[message.key]
            provider_id = deliver()
            if message.key:
                self.ids[message.key] = provider_id
            return provider_id

    def lookup(self, key: str) -> str | None:
        with self.lock:
            return self.ids.get(key)


class ConsoleSmsBackend(BaseSmsBackend):
    """Development: writes each message to standard output, once per key within this process
    (a new process, like the gateway after a restart, has forgotten the keys)."""

    supports_lookup = True
    _memory = _KeyMemory()

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, message: SmsMessage) -> str:
        def write() -> str:
            self.stream.write(f"[SMS → {message.to}] {message.text}\n")
            self.stream.flush()
            return f"console-{message.key}" if message.key else "console"

        return self._memory.send_once(message, write)

    def lookup(self, key: str) -> str | None:
        return self._memory.lookup(key)


# Tests read what was sent from here, as with django.core.mail.outbox.
outbox: list[SmsMessage] = []
_outbox_lock = threading.Lock()


class LocMemSmsBackend(BaseSmsBackend):
    """Tests: keeps each message in `core.sms.outbox`, once per key (as a gateway would); the
    keys are looked up in the outbox itself, so clearing it forgets them."""

    supports_lookup = True

    def send(self, message: SmsMessage) -> str:
        with _outbox_lock:
            if message.key:
                earlier = self._find(message.key)
                if earlier is not None:
                    return earlier.provider_id
            outbox.append(message)
            message.provider_id = f"locmem-{len(outbox)}"
        return message.provider_id

    def lookup(self, key: str) -> str | None:
        with _outbox_lock:
            earlier = self._find(key)
        return earlier.provider_id if earlier is not None else None

    @staticmethod
    def _find(key: str) -> SmsMessage | None:
        return next((m for m in outbox if m.key == key), None)


def get_backend(path: str | None = None) -> BaseSmsBackend:
    return import_string(path or settings.SMS_BACKEND)()


def send_sms(to: str, text: str, *, key: str = "", backend: BaseSmsBackend | None = None) -> str:
    """Send now through the configured backend; returns the provider's message id. With `key`, a
    backend that supports lookup delivers one message however often it is called."""
    message = SmsMessage(to=to, text=text, key=key)
    provider_id = (backend or get_backend()).send(message)
    message.provider_id = provider_id
    logger.info("sms sent to %s…%s (%s)", to[:6], to[-2:], provider_id)
    return provider_id
