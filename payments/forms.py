"""Forms of the payments app: the staff's refund reason and extra fee; the counter's payment;
the sandbox gateway's buttons."""

from django import forms

from core.forms import MizForm

SANDBOX_SCENARIOS = [
    ("pay", "پرداخت"),
    ("cancel", "انصراف از پرداخت"),
    ("fail_verify", "پرداخت، با تأییدی که ناموفق می‌شود"),
    ("verify_timeout", "پرداخت، با تأییدی که پاسخش دیر می‌رسد"),
    ("close_tab", "پرداخت و بستن صفحه (بی بازگشت به میز)"),
]


# An amount in rials: typed on the phone's numeric keypad, written left to right as the receipt
# prints it; a text input (not `type=number`) so Persian digits and «٬» reach the server.
AMOUNT_INPUT = {"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}


class RefundForm(MizForm):
    reason = forms.CharField(label="دلیل بازپرداخت", max_length=300)


class ExtraFeeForm(MizForm):
    """Staff's extra fee: the amount in any digits, left as typed for `payments.extra.clean_amount`
    (which refuses separators off the thousands; the form's digit normalising would drop them)."""

    amount = forms.CharField(
        label="مبلغ (ریال)",
        max_length=40,
        help_text="مانند ۲٬۵۰۰٬۰۰۰",
        widget=forms.TextInput(attrs=AMOUNT_INPUT),
    )
    reason = forms.CharField(label="دلیل هزینه (به متقاضی نشان داده می‌شود)", max_length=300)


class CounterPaymentForm(MizForm):
    """What the counter operator saw paid: the amount (left as typed for `clean_amount`, as in
    `ExtraFeeForm`) and the receipt's reference."""

    amount = forms.CharField(
        label="مبلغ دریافتی (ریال)",
        max_length=40,
        help_text="مانند ۱٬۲۰۰٬۰۰۰",
        widget=forms.TextInput(attrs=AMOUNT_INPUT),
    )
    reference = forms.CharField(label="شماره مرجع رسید کارتخوان یا فیش بانکی", max_length=60)

    reference.normalize_digits = True
