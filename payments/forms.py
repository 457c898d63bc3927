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


class RefundForm(MizForm):
    reason = forms.CharField(label="دلیل بازپرداخت", max_length=300)


class ExtraFeeForm(MizForm):
    """Staff's extra fee: the amount in any digits (checked by `payments.extra.clean_amount`)."""

    amount = forms.CharField(label="مبلغ (ریال)", max_length=40, help_text="مانند ۲٬۵۰۰٬۰۰۰")
    reason = forms.CharField(label="دلیل هزینه (به متقاضی نشان داده می‌شود)", max_length=300)

    amount.normalize_digits = True


class CounterPaymentForm(MizForm):
    """What the counter operator saw paid: the amount and the receipt's reference."""

    amount = forms.CharField(label="مبلغ دریافتی (ریال)", max_length=40)
    reference = forms.CharField(label="شماره مرجع رسید کارتخوان یا فیش بانکی", max_length=60)

    amount.normalize_digits = True
    reference.normalize_digits = True
