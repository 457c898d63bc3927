"""The admin's edit form of one event's notification texts."""

from django import forms

from core.forms import MizForm
from core.text import to_persian_digits
from notifications.models import NotificationTemplate

_field = NotificationTemplate._meta.get_field


def _limits(name: str, *, required: str = "") -> dict:
    """Label, length limit and Persian messages (digits included) from the model's field."""
    field = _field(name)
    messages = {"max_length": f"{field.verbose_name} حداکثر {to_persian_digits(field.max_length)} نویسه است."}
    if required:
        messages["required"] = required
    return {
        "label": field.verbose_name,
        "max_length": field.max_length,
        "required": bool(required),
        "error_messages": messages,
    }


class TemplateForm(MizForm):
    sms_body = forms.CharField(
        **_limits("sms_body", required="متن پیامک را بنویسید."),
        widget=forms.Textarea(attrs={"rows": 8, "dir": "rtl"}),
    )
    email_subject = forms.CharField(
        **_limits("email_subject"),
        help_text="خالی: نام سامانه.",
        widget=forms.TextInput(attrs={"dir": "rtl", "class": "vLargeTextField"}),
    )
    email_body = forms.CharField(
        **_limits("email_body"),
        help_text=_field("email_body").help_text,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "rtl"}),
    )
