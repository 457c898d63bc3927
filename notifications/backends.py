"""SMS gateway adapters for `core.sms` (choose one with the SMS_BACKEND setting).

`KavenegarSmsBackend` talks to Kavenegar's REST API with the standard library only. The API key
is part of the request URL, so it is kept out of every message this module produces, and
`redact()` removes it from any text (errors stored on notifications, log lines).
"""

import json
import logging
import os
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from core.sms import BaseSmsBackend, SmsError, SmsMessage

logger = logging.getLogger(__name__)

REDACTED = "[redacted]"

# Kavenegar's own status codes (the "return.status" of its answer, also used as the HTTP status).
# These may pass with time; every other 4xx means this message will never be accepted as it is
# (411 invalid receptor, 412 invalid sender, 413 invalid message, 401/403 account or key …).
KAVENEGAR_TRANSIENT = {
    409: "سرور کاوه‌نگار موقتاً پاسخ نمی‌دهد",
    414: "از سقف تعداد درخواست گذشته‌ایم",
    418: "اعتبار حساب پیامک کافی نیست",
    429: "از سقف تعداد درخواست گذشته‌ایم",
}
KAVENEGAR_PERMANENT = {
    400: "پارامترهای درخواست ناقص است",
    401: "حساب کاربری غیرفعال است",
    403: "کلید دسترسی (API key) معتبر نیست",
    406: "پارامتر اجباری خالی است",
    407: "دسترسی به این سرویس وجود ندارد",
    411: "شماره گیرنده معتبر نیست",
    412: "شماره فرستنده معتبر نیست",
    413: "متن پیام خالی یا بیش از حد بلند است",
}


def _secrets() -> list[str]:
    values = []
    key = os.environ.get("KAVENEGAR_API_KEY", "")
    if len(key) >= 4:
        values += [key, urllib.parse.quote(key, safe="")]
    return values


def redact(text: str) -> str:
    """`text` with every configured secret (the gateway's API key) replaced by [redacted]."""
    for secret in _secrets():
        text = text.replace(secret, REDACTED)
    return text


def _local_receptor(e164: str) -> str:
    """+98912… → 0912… (the form Kavenegar documents); other numbers are passed through."""
    return "0" + e164[3:] if e164.startswith("+98") else e164


# Kavenegar's code in a status entry for an id it does not know ("شناسه پیامک نامعتبر است").
KAVENEGAR_UNKNOWN_MESSAGE = 100


class KavenegarSmsBackend(BaseSmsBackend):
    """Kavenegar REST: POST {KAVENEGAR_BASE_URL}/{API-KEY}/sms/send.json (receptor, message, sender,
    localid).

    Environment: KAVENEGAR_API_KEY (required), KAVENEGAR_SENDER (the line number; optional, the
    account's default line otherwise), KAVENEGAR_LOCALID_PREFIX (digits put before every local id,
    when several Miz databases share one account). Settings: KAVENEGAR_BASE_URL,
    KAVENEGAR_TIMEOUT_SECONDS. HTTP 5xx, timeouts, refused connections and Kavenegar codes
    409/414/418 raise a temporary `SmsError`; other 4xx codes (e.g. 411 invalid receptor) a
    permanent one.

    The message's key is sent as `localid`: Kavenegar answers a second send with a local id it has
    seen with the earlier message instead of sending again, and `sms/statuslocalmessageid` tells
    whether (and as which message id) a local id was accepted; `lookup()` asks it.
    """

    supports_lookup = True

    def __init__(self, *, api_key: str | None = None, sender: str | None = None, base_url: str | None = None):
        self.api_key = api_key if api_key is not None else os.environ.get("KAVENEGAR_API_KEY", "")
        self.sender = sender if sender is not None else os.environ.get("KAVENEGAR_SENDER", "")
        self.base_url = (base_url or settings.KAVENEGAR_BASE_URL).rstrip("/")
        self.timeout = settings.KAVENEGAR_TIMEOUT_SECONDS
        self.localid_prefix = os.environ.get("KAVENEGAR_LOCALID_PREFIX", "")

    def _clean(self, text: str) -> str:
        if self.api_key:
            for secret in (self.api_key, urllib.parse.quote(self.api_key, safe="")):
                text = text.replace(secret, REDACTED)
        return redact(text)

    def send(self, message: SmsMessage) -> str:
        fields = {"receptor": _local_receptor(message.to), "message": message.text}
        if self.sender:
            fields["sender"] = self.sender
        if message.key:
            fields["localid"] = self.localid_prefix + message.key
        entries = self._answer(*self._post("sms/send", fields))
        return str(entries[0].get("messageid", "")) if entries and isinstance(entries[0], dict) else ""

    def lookup(self, key: str) -> str | None:
        localid = self.localid_prefix + key
        entries = self._answer(*self._post("sms/statuslocalmessageid", {"localid": localid}))
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            message_id, status = entry.get("messageid"), entry.get("status")
            if status == KAVENEGAR_UNKNOWN_MESSAGE or not message_id or str(message_id) in {"0", "-1"}:
                continue
            return str(message_id)
        return None

    def _post(self, method: str, fields: dict[str, str]) -> tuple[int, bytes]:
        if not self.api_key:
            # Not permanent: once the key is configured, waiting messages go out.
            raise SmsError("Kavenegar: KAVENEGAR_API_KEY is not set", permanent=False)
        url = f"{self.base_url}/{urllib.parse.quote(self.api_key, safe='')}/{method}.json"
        request = urllib.request.Request(  # noqa: S310 - the base URL is a setting, https in production
            url,
            data=urllib.parse.urlencode(fields).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "Accept": "application/json",
            },
            method="POST",
        )
        error: SmsError | None = None
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read() if exc.fp else b""
        except TimeoutError as exc:
            error = SmsError(f"Kavenegar: no answer within {self.timeout}s ({type(exc).__name__})")
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            error = SmsError(self._clean(f"Kavenegar: connection failed ({type(reason).__name__}: {reason})"))
        raise error

    def _answer(self, http_status: int, raw: bytes) -> list:
        """The entries of a successful answer; an error answer raises SmsError."""
        try:
            body = json.loads(raw.decode("utf-8")) if raw else {}
        except (UnicodeDecodeError, ValueError):
            body = {}
        result = body.get("return") if isinstance(body, dict) else None
        code = result.get("status") if isinstance(result, dict) else None
        code = code if isinstance(code, int) else http_status
        text = str(result.get("message", "")) if isinstance(result, dict) else ""
        if http_status == 200 and code == 200:
            entries = body.get("entries") or []
            return entries if isinstance(entries, list) else [entries]
        described = KAVENEGAR_TRANSIENT.get(code) or KAVENEGAR_PERMANENT.get(code) or text or "خطای نامشخص"
        summary = self._clean(f"Kavenegar {code} (HTTP {http_status}): {described}"[:300])
        if http_status >= 500 or code >= 500 or code in KAVENEGAR_TRANSIENT:
            raise SmsError(summary, permanent=False)
        raise SmsError(summary, permanent=True)
