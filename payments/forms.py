"""Forms of the payments app: the staff's refund reason; the sandbox gateway's buttons."""

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
