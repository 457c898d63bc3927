"""Payment gateways behind one interface (`base.Gateway`), the one in use chosen by the
`PAYMENT_BACKEND` setting: `sandbox` (a Shaparak-like gateway inside Miz, for the demo and the
tests), `zarinpal` (Zarinpal's v4 REST API), or a dotted path to a `Gateway` subclass."""

from django.conf import settings
from django.utils.module_loading import import_string

from payments.backends.base import (  # noqa: F401
    CallbackData,
    Gateway,
    GatewayError,
    GatewayTimeout,
    Inquiry,
    Started,
    Verified,
)

BACKENDS = {
    "sandbox": "payments.backends.sandbox.SandboxGateway",
    "zarinpal": "payments.backends.zarinpal.ZarinpalGateway",
    "counter": "payments.backends.counter.CounterGateway",  # recorded at a counter office, never online
}


def get_gateway(code: str | None = None) -> Gateway:
    """The gateway named `code` (a payment's own), else the one `PAYMENT_BACKEND` chooses."""
    name = code or getattr(settings, "PAYMENT_BACKEND", "sandbox")
    return import_string(BACKENDS.get(name, name))()
