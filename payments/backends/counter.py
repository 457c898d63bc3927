"""The «gateway» of a fee paid at a counter office (`payments.counter`): its payments are recorded
settled by the office's operator, so nothing online is ever started, verified or inquired here;
it is registered so that every payment's `gateway` names a known backend (its Persian label for
receipts and reports) and a stray call fails as a `GatewayError`, never an import error."""

from payments.backends.base import CallbackData, Gateway, GatewayError, Inquiry, Started, Verified

NO_GATEWAY = "a counter-office payment has no online gateway"


class CounterGateway(Gateway):
    code = "counter"
    label = "دفتر پیشخوان"
    online = False

    def start(self, *, amount_rials: int, callback_url: str, description: str, mobile: str = "") -> Started:
        raise GatewayError(NO_GATEWAY)

    def parse_callback(self, data) -> CallbackData:
        return CallbackData(authority="", ok=False)  # matches no payment: changes nothing

    def verify(self, *, authority: str, amount_rials: int) -> Verified:
        raise GatewayError(NO_GATEWAY)

    def reverse(self, *, authority: str) -> bool:
        return False  # the office returns the money, not Miz

    def inquiry(self, *, authority: str) -> Inquiry:
        raise GatewayError(NO_GATEWAY)
