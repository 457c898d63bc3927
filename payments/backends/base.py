"""The gateway interface every payment backend implements, as Shaparak gateways work: start a
transaction (the gateway gives a token), send the payer to the gateway's page, read the callback
the payer's browser brings back, verify server to server (the only proof of payment), reverse a
verified payment, and inquire about a transaction whose callback never came."""

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass


class GatewayError(Exception):
    """The gateway refused or answered something unusable (the message is safe to log)."""


class GatewayTimeout(GatewayError):
    """The gateway did not answer in time: the outcome is unknown, to be inquired later."""


class NotSupported(GatewayError):
    """The gateway's API offers no such call (e.g. no list of a day's transactions)."""


@dataclass(frozen=True)
class Started:
    authority: str  # the gateway's token for this transaction
    redirect_url: str  # where the payer's browser goes to pay


@dataclass(frozen=True)
class CallbackData:
    authority: str
    ok: bool  # the gateway says the payer completed the payment (to be verified, never trusted)
    amount_rials: int | None = None  # when the gateway's callback carries it (SEP does)


@dataclass(frozen=True)
class Verified:
    ok: bool
    reference: str = ""  # the gateway's reference (RRN / ref_id)
    amount_rials: int | None = None  # what the gateway took, when it says
    card_mask: str = ""
    message: str = ""


@dataclass(frozen=True)
class GatewayTxn:
    """One transaction in the gateway's own list of a day (its «bank side»), for reconciliation."""

    authority: str
    amount_rials: int
    paid: bool  # the gateway holds the money (paid or verified, not cancelled or reversed)
    reference: str = ""


@dataclass(frozen=True)
class Inquiry:
    paid: bool | None  # True: money taken; False: not paid (cancelled/expired); None: still open
    message: str = ""


class Gateway(ABC):
    code: str = ""
    label: str = ""
    # False for a «gateway» with no bank side to reconcile against (a counter office's recorded
    # payment): the daily reconciliation totals its payments and asks it for no list.
    online: bool = True

    @abstractmethod
    def start(
        self, *, amount_rials: int, callback_url: str, description: str, mobile: str = ""
    ) -> Started: ...

    @abstractmethod
    def parse_callback(self, data) -> CallbackData: ...

    @abstractmethod
    def verify(self, *, authority: str, amount_rials: int) -> Verified: ...

    @abstractmethod
    def reverse(self, *, authority: str) -> bool: ...

    @abstractmethod
    def inquiry(self, *, authority: str) -> Inquiry: ...

    def transactions(self, day: dt.date) -> list[GatewayTxn]:
        """The gateway's transactions opened on `day` (Tehran time), for the daily reconciliation.
        A gateway whose API lists none raises `NotSupported` (the report says so in Persian)."""
        raise NotSupported(f"{self.code or type(self).__name__} lists no transactions of a day")
